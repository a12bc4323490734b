package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.DeviceChoice;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.ann.internal.Checks;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens GPUs once per JVM and decides, per {@link DeviceChoice}, between a GPU backend and the CPU. The backend
 * implementation is chosen by {@code -Dsweeplake.ann.gpu.backend=cuda|reference} (default {@code cuda}: the PTX
 * kernels through the driver; {@code reference}: the Java kernels on a simulated device of
 * {@code -Dsweeplake.ann.gpu.reference.memory} bytes, default 1 GiB, for dry runs). A device that fails to open is not
 * retried; its reason is logged once. Thread-safe.
 */
public final class Gpus {
    private static final Logger LOG = LoggerFactory.getLogger(Gpus.class);
    private static final Map<Integer, Object> OPENED = new ConcurrentHashMap<>();
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private Gpus() {}

    /**
     * Makes {@link #open} return this backend for the ordinal (tests and dry runs: a {@link ReferenceBackend} under an
     * otherwise unused ordinal); null removes it so the next open tries again.
     */
    public static void install(int ordinal, KernelBackend backend) {
        Checks.inRange("ordinal", ordinal, 0, 1023);
        if (backend == null) {
            OPENED.remove(ordinal);
        } else {
            OPENED.put(ordinal, backend);
        }
    }

    /** The backend of the device, or {@link GpuUnavailableException} with a one-line reason. */
    public static KernelBackend open(int ordinal) {
        Checks.inRange("ordinal", ordinal, 0, 1023);
        Object o = OPENED.computeIfAbsent(ordinal, Gpus::tryOpen);
        if (o instanceof KernelBackend) {
            return (KernelBackend) o;
        }
        throw new GpuUnavailableException((String) o);
    }

    private static Object tryOpen(int ordinal) {
        String kind =
                System.getProperty("sweeplake.ann.gpu.backend", "cuda").trim().toLowerCase(Locale.ROOT);
        try {
            switch (kind) {
                case "reference":
                    long mem = Long.getLong("sweeplake.ann.gpu.reference.memory", 1L << 30);
                    return new ReferenceBackend(mem);
                case "cuda":
                    KernelBackend b = CudaBackend.open(ordinal);
                    LOG.info("GPU {} opened", b.deviceName());
                    return b;
                default:
                    return Checks.fmt("sweeplake.ann.gpu.backend must be cuda or reference, actual %s", kind);
            }
        } catch (GpuUnavailableException e) {
            return e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            return "GPU " + ordinal + " did not open: " + e;
        }
    }

    /**
     * The backend to use for {@code what} under the choice: null for {@link GpuMode#OFF}, and for {@link GpuMode#AUTO}
     * when no GPU is usable (logged once per reason); {@link GpuMode#REQUIRED} without a usable GPU throws
     * {@link GpuUnavailableException} naming what needed it and why.
     */
    public static KernelBackend resolve(DeviceChoice device, String what) {
        Checks.notNull("device", device);
        if (device.mode() == GpuMode.OFF) {
            return null;
        }
        try {
            return open(device.ordinal());
        } catch (GpuUnavailableException e) {
            return unavailable(device.mode(), what, e.getMessage());
        }
    }

    /** Applies the mode to a reason why the GPU cannot be used: null (fall back, logged once) or an exception. */
    public static KernelBackend unavailable(GpuMode mode, String what, String reason) {
        if (mode == GpuMode.REQUIRED) {
            throw new GpuUnavailableException(Checks.fmt("gpu required for %s: %s", what, reason));
        }
        if (LOGGED.add(what + "|" + reason)) {
            LOG.warn("gpu auto: {} runs on the CPU: {}", what, reason);
        }
        return null;
    }
}
