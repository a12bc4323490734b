package dev.sweeplake.ctr.internal;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the sgemm implementation once per JVM. System property {@code sweeplake.ctr.gemm}: {@code java} (default:
 * the blocked Java loops, measured faster than netlib's Java fallback on the layer shapes used here), {@code netlib}
 * (dev.ludovic.netlib: native BLAS if installed, else its Java code). Logs one line saying which and why.
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

  private static Gemm choose() {
    String prop = System.getProperty("sweeplake.ctr.gemm", "auto").toLowerCase(Locale.ROOT);
    Gemm g;
    String why;
    switch (prop) {
      case "java" -> {
        g = new JavaGemm();
        why = "forced by -Dsweeplake.ctr.gemm=java";
      }
      case "netlib" -> {
        g = new NetlibGemm();
        why = "forced by -Dsweeplake.ctr.gemm=netlib";
      }
      case "auto" -> {
        Gemm n = null;
        try {
          n = new NetlibGemm();
        } catch (Throwable t) {
          // netlib absent from the classpath: fall through to Java
        }
        if (n != null && n.name().contains("JNI")) {
          g = n;
          why = "auto: native BLAS found through netlib";
        } else {
          g = new JavaGemm();
          why = "auto: no native BLAS through netlib (" + (n == null ? "netlib missing" : n.name())
              + "), blocked Java loops";
        }
      }
      default -> throw new IllegalArgumentException(String.format(Locale.ROOT,
          "sweeplake.ctr.gemm must be one of auto, java, netlib, got '%s'", prop));
    }
    LOG.info("lib-ctr dense kernel: {} ({})", g.name(), why);
    return g;
  }
}
