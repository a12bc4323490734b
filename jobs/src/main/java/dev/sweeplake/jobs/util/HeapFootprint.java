package dev.sweeplake.jobs.util;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * What an array occupies in this JVM's heap, not just its bytes: under G1 an array of at least half a region is
 * "humongous" and takes whole regions of its own, so the tail of its last region is held but unused. With 8 MB regions
 * (G1's choice for a 12 GB heap) a 3M-row int column (12.0 MB) takes two regions, 16.8 MB. Live-heap readings
 * ({@link HeapWatermark#liveAfterGcBytes()}) include those tails. Thread-safe.
 */
public final class HeapFootprint {
    private static final long REGION_BYTES = g1RegionBytes();

    private HeapFootprint() {}

    /**
     * Heap bytes of an int[] or float[] of {@code length} in this JVM: 16-byte header (compressed class pointers),
     * 4 bytes per element, padded to 8, then {@link #array(long)}.
     */
    public static long array4(int length) {
        return array((16 + 4L * length + 7) / 8 * 8);
    }

    /** Heap bytes of an array whose own size is {@code bytes}, in this JVM (G1 region size, or none). */
    public static long array(long bytes) {
        return array(bytes, REGION_BYTES);
    }

    /**
     * Heap bytes of an array of {@code bytes} under G1 regions of {@code regionBytes} (0: not G1, the bytes
     * themselves): whole regions when the array is humongous (at least half a region), else its bytes.
     */
    static long array(long bytes, long regionBytes) {
        if (regionBytes <= 0 || bytes < regionBytes / 2) {
            return bytes;
        }
        return (bytes + regionBytes - 1) / regionBytes * regionBytes;
    }

    /** G1's region size here, or 0 when another collector runs or the JVM does not say. */
    public static long regionBytes() {
        return REGION_BYTES;
    }

    private static long g1RegionBytes() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hs == null || !Boolean.parseBoolean(hs.getVMOption("UseG1GC").getValue())) {
                return 0;
            }
            return Long.parseLong(hs.getVMOption("G1HeapRegionSize").getValue());
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }
}
