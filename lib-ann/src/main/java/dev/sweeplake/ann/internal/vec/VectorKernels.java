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
     * Calls the SIMD kernel's one-row and four-row distances {@link #WARM_UP_CALLS} times on rows of one main-loop
     * iteration, so the JIT compiles them here, once per JVM, rather than in the first index build. Until C2 compiles
     * a Vector API method, every vector operation allocates an object: a first HNSW build ran about 250 MB of such
     * garbage through the task's thread (counted in its {@code task_heap_bytes}, a bound on what the task allocated),
     * against about 80 MB here in the thread that chose the kernel. Takes about 0.3 s; results are discarded.
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
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            k.l2x4(x, 0, x, len, 2 * len, 3 * len, 4 * len, len, out);
            sum += out[3] + k.l2(x, 0, x, len, len) + k.dot(x, 0, x, len, len);
        }
        LOG.debug("warmed {} up in {} ms (checksum {})", k.name(), (System.nanoTime() - t0) / 1_000_000, sum);
        return k;
    }

    /** Enough calls for the tiered JIT's C2 thresholds (about 7,500 here) and its compile time. */
    static final int WARM_UP_CALLS = 20_000;

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
