package dev.sweeplake.jobs.util;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's heap high-water mark, for benchmark rows: the largest heap in use right after a garbage collection (the
 * live data plus what the collector chose to keep; the figure the "peak heap" targets compare), tracked by a GC
 * notification listener installed once per JVM, and the sum of the heap pools' peak usage (an upper bound that includes
 * garbage). In local mode the executors share the driver's JVM, so the figure covers the tasks too; on a cluster it is
 * the driver's (task rows report their executor's own).
 *
 * <p>Thread-safe.
 */
public final class HeapWatermark {
    private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();
    private static volatile boolean installed;

    private HeapWatermark() {}

    /** Installs the listener (idempotent). Call before the work to be measured. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(
                        (n, handback) -> {
                            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                                    n.getType())) {
                                return;
                            }
                            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                            long used = 0;
                            for (Map.Entry<String, MemoryUsage> e :
                                    info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                                if (isHeap(e.getKey())) {
                                    used += e.getValue().getUsed();
                                }
                            }
                            PEAK_AFTER_GC.accumulateAndGet(used, Math::max);
                        },
                        null,
                        null);
            }
        }
        installed = true;
    }

    private static boolean isHeap(String pool) {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getName().equals(pool)) {
                return p.getType() == MemoryType.HEAP;
            }
        }
        return false;
    }

    /**
     * The largest heap in use after a collection since {@link #install()}, at least the heap in use now after a requested
     * collection (so a run too short to trigger one still reports its live data).
     */
    public static long peakAfterGcBytes() {
        System.gc();
        MemoryUsage now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return Math.max(PEAK_AFTER_GC.get(), now.getUsed());
    }

    /**
     * The heap in use right after a requested full collection ({@code System.gc()}; a full, compacting collection
     * under the default G1 unless {@code -XX:+ExplicitGCInvokesConcurrent} or {@code -XX:+DisableExplicitGC} is set):
     * the live data at this moment plus whatever other threads allocated since.
     */
    public static long liveAfterGcBytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The sum of the heap pools' peak usage since the JVM started: an upper bound that counts garbage too. */
    public static long peakUsedUpperBoundBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
