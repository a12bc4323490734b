package dev.sweeplake.ctr.internal;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the dgemm implementation once per JVM (EASE's inverse); forceable with system property
 * {@code sweeplake.reco.dgemm}:
 * <ul>
 *   <li>{@code native}: netlib's default order (JNI to the system libblas.so.3 when one loads). Debian's reference
 *       libblas (what libblas.so.3 points to unless OpenBLAS/MKL is the alternative) is a plain Fortran triple loop.</li>
 *   <li>{@code vector}: {@link VectorDgemm}, this library's Vector API kernel (needs
 *       {@code --add-modules jdk.incubator.vector}).</li>
 *   <li>{@code java}: netlib's Java code only ({@code VectorBLAS} with the incubator module, F2J without).</li>
 *   <li>{@code auto} (default): {@code native} when netlib loaded an optimised system BLAS (OpenBLAS, MKL or BLIS;
 *       the same test as {@link GemmProvider}); else {@code vector} when the incubator module is loaded and the CPU
 *       has 256-bit vectors; else {@code java}. Depends only on the environment, never on timings.</li>
 * </ul>
 * Logs one line saying which implementation it picked and why. Thread-safety: safe from any thread.
 */
public final class DgemmProvider {
    private static final Logger LOG = LoggerFactory.getLogger(DgemmProvider.class);
    private static volatile Dgemm instance;

    private DgemmProvider() {}

    public static Dgemm get() {
        Dgemm g = instance;
        if (g == null) {
            synchronized (DgemmProvider.class) {
                g = instance;
                if (g == null) {
                    g = choose(System.getProperty("sweeplake.reco.dgemm", "auto"));
                    instance = g;
                }
            }
        }
        return g;
    }

    /** {@link VectorDgemm}, loaded by name so that nothing links against {@code jdk.incubator.vector} unless used. */
    public static Dgemm vector() {
        if (!GemmProvider.vectorModuleLoaded()) {
            throw new IllegalStateException("sweeplake.reco.dgemm=vector needs --add-modules jdk.incubator.vector");
        }
        try {
            return (Dgemm) Class.forName("dev.sweeplake.ctr.internal.VectorDgemm")
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the Vector API dgemm: " + e, e);
        }
    }

    static Dgemm choose(String property) {
        String prop = property.toLowerCase(Locale.ROOT);
        Dgemm g;
        String why;
        switch (prop) {
            case "native" -> {
                g = new NetlibDgemm(true);
                why = "forced by -Dsweeplake.reco.dgemm=native";
            }
            case "vector" -> {
                g = vector();
                why = "forced by -Dsweeplake.reco.dgemm=vector";
            }
            case "java" -> {
                g = new NetlibDgemm(false);
                why = "forced by -Dsweeplake.reco.dgemm=java";
            }
            case "auto" -> {
                String lib = GemmProvider.optimisedNativeBlas();
                if (lib != null) {
                    g = new NetlibDgemm(true);
                    why = "auto: netlib loaded an optimised native BLAS (" + lib + ")";
                } else if (GemmProvider.vectorModuleLoaded() && GemmProvider.wideVectors()) {
                    g = vector();
                    why = "auto: no optimised native BLAS loaded; jdk.incubator.vector is loaded and the CPU has "
                            + "256-bit vectors";
                } else {
                    g = new NetlibDgemm(false);
                    why = "auto: no optimised native BLAS and no 256-bit Vector API";
                }
            }
            default ->
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "sweeplake.reco.dgemm must be one of auto, native, vector, java, got '%s'", prop));
        }
        LOG.info("lib-ctr dgemm (EASE inverse): {} ({})", g.name(), why);
        return g;
    }
}
