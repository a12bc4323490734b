package dev.sweeplake.ctr.internal;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the sgemm implementation once per JVM; forceable with system property {@code sweeplake.ctr.gemm}:
 * <ul>
 *   <li>{@code vector}: {@link VectorGemm}, this library's register-blocked Java Vector API kernel (needs
 *       {@code --add-modules jdk.incubator.vector}).</li>
 *   <li>{@code vectorblas}: netlib's {@code VectorBLAS} (Java Vector API too; a dot-product kernel). Measured here at
 *       16-47 GFLOP/s on one core depending on the shape, against 57-84 for {@code vector}.</li>
 *   <li>{@code native}: netlib's default order (JNI to the system BLAS when one is installed). Debian's reference
 *       libblas measured 2-4 GFLOP/s: only worth it with OpenBLAS/MKL installed as libblas.so.3.</li>
 *   <li>{@code java}: the blocked loops of {@link JavaGemm} (3-7 GFLOP/s), always available.</li>
 *   <li>{@code auto} (default): {@code native} when netlib loaded an optimised system BLAS (OpenBLAS, MKL or BLIS,
 *       recognised by name among the mapped libraries of this process, e.g. through {@code LD_LIBRARY_PATH}); else
 *       {@code vector} when the incubator module is loaded and the CPU has 256-bit vectors (AVX2 or wider), or
 *       {@code vectorblas} when its vectors are narrower (e.g. 128-bit NEON, where a 256-bit species is emulated);
 *       else {@code java}. The choice depends only on the
 *       environment, never on timings, so runs stay reproducible.</li>
 * </ul>
 * Logs one line saying which implementation it picked and why.
 */
public final class GemmProvider {
    private static final Logger LOG = LoggerFactory.getLogger(GemmProvider.class);
    private static volatile Gemm instance;

    private GemmProvider() {}

    public static Gemm get() {
        Gemm g = instance;
        if (g == null) {
            synchronized (GemmProvider.class) {
                g = instance;
                if (g == null) {
                    g = choose();
                    instance = g;
                }
            }
        }
        return g;
    }

    static boolean vectorModuleLoaded() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Name of an optimised BLAS that netlib's JNI path loaded into this process, or null. */
    static String optimisedNativeBlas() {
        try {
            Gemm n = new NetlibGemm(true);
            if (!n.name().contains("JNI")) {
                return null;
            }
            java.nio.file.Path maps = java.nio.file.Path.of("/proc/self/maps");
            if (!java.nio.file.Files.isReadable(maps)) {
                return null;
            }
            try (var lines = java.nio.file.Files.lines(maps)) {
                return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                        .filter(p -> p.matches(".*lib(openblas|mkl_rt|blis)[^/]*\\.so.*"))
                        .findFirst()
                        .orElse(null);
            }
        } catch (Throwable t) {
            return null; // no netlib, no native library, no /proc: not an error, just no native path
        }
    }

    /**
     * {@link VectorGemm}, loaded by name so that this class (and the JVM without the incubator module) never links
     * against {@code jdk.incubator.vector} unless it is used.
     */
    static Gemm vectorGemm() {
        if (!vectorModuleLoaded()) {
            throw new IllegalStateException("sweeplake.ctr.gemm=vector needs --add-modules jdk.incubator.vector");
        }
        try {
            return (Gemm) Class.forName("dev.sweeplake.ctr.internal.VectorGemm")
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the Vector API kernel: " + e, e);
        }
    }

    /** Whether this CPU's preferred float vector is at least 256 bits wide (VectorGemm's blocking assumes it). */
    static boolean wideVectors() {
        try {
            return (Boolean) Class.forName("dev.sweeplake.ctr.internal.VectorGemm")
                    .getDeclaredMethod("wideVectors")
                    .invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    private static Gemm choose() {
        String prop = System.getProperty("sweeplake.ctr.gemm", "auto").toLowerCase(Locale.ROOT);
        Gemm g;
        String why;
        switch (prop) {
            case "java" -> {
                g = new JavaGemm();
                why = "forced by -Dsweeplake.ctr.gemm=java";
            }
            case "native" -> {
                g = new NetlibGemm(true);
                why = "forced by -Dsweeplake.ctr.gemm=native";
            }
            case "vector" -> {
                g = vectorGemm();
                why = "forced by -Dsweeplake.ctr.gemm=vector";
            }
            case "vectorblas" -> {
                g = new NetlibGemm(false);
                why = "forced by -Dsweeplake.ctr.gemm=vectorblas";
            }
            case "auto" -> {
                String lib = optimisedNativeBlas();
                if (lib != null) {
                    g = new NetlibGemm(true);
                    why = "auto: netlib loaded an optimised native BLAS (" + lib + ")";
                } else if (vectorModuleLoaded() && wideVectors()) {
                    g = vectorGemm();
                    why = "auto: jdk.incubator.vector is loaded and the CPU has 256-bit vectors";
                } else if (vectorModuleLoaded()) {
                    g = new NetlibGemm(false);
                    why =
                            "auto: jdk.incubator.vector is loaded but the CPU's vectors are narrower than the 256 bits VectorGemm "
                                    + "is blocked for (netlib's VectorBLAS adapts to any width)";
                } else {
                    g = new JavaGemm();
                    why =
                            "auto: jdk.incubator.vector not loaded (add --add-modules jdk.incubator.vector for ~4x faster "
                                    + "dense layers)";
                }
            }
            default ->
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "sweeplake.ctr.gemm must be one of auto, vector, vectorblas, native, java, got '%s'",
                        prop));
        }
        LOG.info("lib-ctr dense kernel: {} ({})", g.name(), why);
        return g;
    }
}
