package dev.sweeplake.ann.internal.vec;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the distance kernel once per JVM: the SIMD one when {@code jdk.incubator.vector} is present (JDK 17 needs
 * {@code --add-modules jdk.incubator.vector}), else the portable scalar one. Force with the system property
 * {@code sweeplake.ann.kernel=scalar|simd|auto} (default auto). Logs one line saying which and why. Thread-safe.
 */
public final class VectorKernels {
    /** System property that forces the kernel. */
    public static final String PROPERTY = "sweeplake.ann.kernel";

    private static final Logger LOG = LoggerFactory.getLogger(VectorKernels.class);
    private static final String SIMD_CLASS = "dev.sweeplake.ann.internal.simd.PanamaKernel";

    private VectorKernels() {}

    private static final class Holder {
        static final VectorKernel KERNEL = choose();
    }

    /** The kernel chosen for this JVM. */
    public static VectorKernel get() {
        return Holder.KERNEL;
    }

    /** The scalar kernel, always available (for tests and JMH comparisons). */
    public static VectorKernel scalar() {
        return new ScalarKernel();
    }

    /** The SIMD kernel, or null when the Vector API module is absent. */
    public static VectorKernel simdOrNull() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (VectorKernel)
                    Class.forName(SIMD_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.debug("SIMD kernel could not be loaded", e);
            return null;
        }
    }

    /**
     * Calls the SIMD kernel's one-row and four-row distances on rows of one main-loop iteration, at least {@link
     * #WARM_UP_CALLS} times and then until a round of {@link #WARM_UP_ROUND} calls allocates nothing on this thread
     * (so C2's compiled code, which keeps the vectors in registers, is installed: the JIT compiles in the background,
     * and under a busy Spark JVM's compile queue that took longer than the fixed calls), for at most {@link
     * #WARM_UP_MAX_MILLIS}. Until C2 compiles a Vector API method, every vector operation allocates an object: a first
     * HNSW build ran 80-500 MB of such garbage through its task's thread (counted in {@code task_heap_bytes}, a bound
     * on what the task allocated). Once per JVM, usually 0.3-1 s; results are discarded. Where the JVM does not report
     * per-thread allocation, the fixed calls only.
     */
    static VectorKernel warmUp(VectorKernel k) {
        int len = 2 * k.lanes();
        float[] x = new float[5 * len];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) * 0.25f;
        }
        float[] out = new float[4];
        float sum = 0f;
        long t0 = System.nanoTime();
        long deadline = t0 + WARM_UP_MAX_MILLIS * 1_000_000L;
        int calls = 0;
        long lastRoundBytes = -1;
        while (true) {
            long a0 = ThreadAllocation.current();
            for (int i = 0; i < WARM_UP_ROUND; i++) {
                k.l2x4(x, 0, x, len, 2 * len, 3 * len, 4 * len, len, out);
                sum += out[3] + k.l2(x, 0, x, len, len) + k.dot(x, 0, x, len, len);
            }
            calls += WARM_UP_ROUND;
            long a1 = ThreadAllocation.current();
            lastRoundBytes = a0 < 0 || a1 < 0 ? -1 : a1 - a0;
            boolean compiled = lastRoundBytes >= 0 && lastRoundBytes < WARM_UP_CLEAN_BYTES;
            if (calls >= WARM_UP_CALLS && (lastRoundBytes < 0 || compiled)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                LOG.info(
                        "{} still allocated {} bytes per {} calls after {} ms of warm-up; going on",
                        k.name(),
                        lastRoundBytes,
                        WARM_UP_ROUND,
                        WARM_UP_MAX_MILLIS);
                break;
            }
        }
        LOG.debug(
                "warmed {} up in {} calls, {} ms (last round allocated {} bytes; checksum {})",
                k.name(),
                calls,
                (System.nanoTime() - t0) / 1_000_000,
                lastRoundBytes,
                sum);
        return k;
    }

    /** Enough calls for the tiered JIT's C2 thresholds (about 7,500 here). */
    static final int WARM_UP_CALLS = 20_000;

    /** Calls per round of the warm-up between two readings of the thread's allocation counter. */
    static final int WARM_UP_ROUND = 1_000;

    /** A round allocating less than this counts as compiled (interpreted rounds allocate megabytes). */
    static final long WARM_UP_CLEAN_BYTES = 4_096;

    /** The longest the warm-up waits for compiled code. */
    static final long WARM_UP_MAX_MILLIS = 10_000;

    private static VectorKernel choose() {
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "scalar":
                LOG.info("lib-ann vector kernel: scalar (forced by -D{}=scalar)", PROPERTY);
                return new ScalarKernel();
            case "simd": {
                VectorKernel k = simdOrNull();
                if (k == null) {
                    throw new IllegalStateException(String.format(
                            Locale.ROOT,
                            "-D%s=simd needs the module jdk.incubator.vector (add --add-modules jdk.incubator.vector)",
                            PROPERTY));
                }
                LOG.info("lib-ann vector kernel: {} (forced by -D{}=simd)", k.name(), PROPERTY);
                return warmUp(k);
            }
            case "auto": {
                VectorKernel k = simdOrNull();
                if (k == null) {
                    LOG.info("lib-ann vector kernel: scalar (module jdk.incubator.vector absent; "
                            + "add --add-modules jdk.incubator.vector for SIMD)");
                    return new ScalarKernel();
                }
                if (k.name().endsWith("-64")) {
                    LOG.info("lib-ann vector kernel: scalar (Vector API present but the CPU offers no SIMD wider "
                            + "than 64 bits)");
                    return new ScalarKernel();
                }
                LOG.info("lib-ann vector kernel: {} (jdk.incubator.vector present)", k.name());
                return warmUp(k);
            }
            default:
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "-D%s must be one of auto, scalar, simd, actual '%s'", PROPERTY, wanted));
        }
    }
}
