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
                return k;
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
                return k;
            }
            default:
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "-D%s must be one of auto, scalar, simd, actual '%s'", PROPERTY, wanted));
        }
    }
}
