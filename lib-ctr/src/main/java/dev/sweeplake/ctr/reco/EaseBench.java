package dev.sweeplake.ctr.reco;

import dev.sweeplake.ctr.internal.Dgemm;
import dev.sweeplake.ctr.internal.DgemmProvider;
import dev.sweeplake.ctr.internal.NetlibDgemm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where an EASE fit's time goes, and what each dgemm does on this machine. Prints (1) for each dgemm implementation
 * (netlib native = the system libblas.so.3, netlib Java, lib-ctr's Vector API kernel) the GFLOP/s of one square
 * {@code --gemm-size} product on one thread, and (2) for the split folder's train (+ valid with {@code --refit}) the
 * phases of {@link EaseModel#fit} at each lambda: co-occurrence counts, the SPD inverse (with the default dgemm,
 * {@link DgemmProvider}), and B. Not a test; prints figures only.
 *
 * <pre>
 * java -Xmx8g --add-modules jdk.incubator.vector -cp ... dev.sweeplake.ctr.reco.EaseBench \
 *     --split &lt;warehouse&gt;/reco_splits/&lt;dataset&gt;-&lt;version&gt; [--refit] [--lambdas 500] [--threads 2] \
 *     [--gemm-size 1024] [--gemm native,java,vector]
 * </pre>
 */
public final class EaseBench {
    private EaseBench() {}

    public static void main(String[] args) throws IOException {
        Path split = null;
        boolean refit = false;
        List<Double> lambdas = List.of(500.0);
        int threads = 2;
        int gemmSize = 1024;
        List<String> gemms = List.of("native", "java", "vector");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--split" -> split = Path.of(args[++i]);
                case "--refit" -> refit = true;
                case "--lambdas" -> {
                    lambdas = new ArrayList<>();
                    for (String s : args[++i].split(",")) {
                        lambdas.add(Double.parseDouble(s));
                    }
                }
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--gemm-size" -> gemmSize = Integer.parseInt(args[++i]);
                case "--gemm" -> gemms = args[++i].isEmpty() ? List.of() : List.of(args[i].split(","));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        System.out.println("default dgemm: " + DgemmProvider.get().name());
        for (String g : gemms) {
            Dgemm d = switch (g) {
                case "native" -> new NetlibDgemm(true);
                case "java" -> new NetlibDgemm(false);
                case "vector" -> DgemmProvider.vector();
                default -> throw new IllegalArgumentException("--gemm: native, java or vector, got '" + g + "'");
            };
            gemmRate(d, gemmSize);
        }
        if (split == null) {
            return;
        }
        Interactions train = read(split.resolve("train.tsv"), "train");
        if (refit) {
            train = train.concat(read(split.resolve("valid.tsv"), "valid"), "train+valid");
        }
        UserItemMatrix m = UserItemMatrix.of(train);
        int n = m.items();
        System.out.printf(
                Locale.ROOT,
                "%s: %,d users x %,d items, %,d interactions%n",
                train.source(),
                m.users(),
                n,
                m.nonZeros());
        for (double lambda : lambdas) {
            long t0 = System.nanoTime();
            double[] g = EaseModel.gram(m, lambda, threads);
            long t1 = System.nanoTime();
            double[] inv = SpdInverse.invert(g, n, threads);
            long t2 = System.nanoTime();
            g = null;
            inv = null;
            EaseModel.fit(m, new EaseParams(lambda, 1L << 40), threads);
            long t3 = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "lambda %s: gram %.2f s, inverse %.2f s (%.1f GFLOP/s at n^3 flops), whole EaseModel.fit %.2f s%n",
                    lambda,
                    (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9,
                    Math.pow(n, 3) / ((t2 - t1) / 1e9) / 1e9,
                    (t3 - t2) / 1e9);
        }
    }

    private static Interactions read(Path p, String name) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return SplitFormat.read(in, name);
        }
    }

    private static void gemmRate(Dgemm d, int n) {
        SplittableRandom r = new SplittableRandom(1);
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] c = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble();
            b[i] = r.nextDouble();
        }
        double best = Double.MAX_VALUE;
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int rep = 0; rep < 5 && (rep < 2 || System.nanoTime() < deadline); rep++) {
            long t0 = System.nanoTime();
            d.dgemm(false, false, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(
                Locale.ROOT,
                "dgemm %s %dx%dx%d one thread: best %.3f s, %.1f GFLOP/s%n",
                d.name(),
                n,
                n,
                n,
                best,
                2.0 * n * n * n / best / 1e9);
    }
}
