package dev.sweeplake.ann.gpu;

import dev.sweeplake.ann.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link GpuBench}, validated. Immutable, thread-safe.
 *
 * @param parts which comparisons to run, in order: flat, kmeans, ivf, graph
 */
public record BenchOptions(
        int n,
        int queries,
        int dim,
        int clusters,
        int threads,
        int device,
        List<String> parts,
        int m,
        int efConstruction,
        int ef,
        int nlist,
        int nprobe,
        int kmeansK,
        int iterations,
        long seed,
        double budgetSeconds) {
    public static final String USAGE = String.join(
            "\n",
            "usage: gpu-bench [--n 1000000] [--queries 10000] [--dim 128] [--clusters 1000] [--threads <all cores>]",
            "                 [--device 0] [--parts flat,kmeans,ivf,graph] [--m 16] [--ef-construction 100] [--ef 64]",
            "                 [--nlist 1024] [--nprobe 16] [--kmeans-k 1024] [--iterations 10] [--seed 42]",
            "                 [--budget-s 400]",
            "Prints one JSON row per engine: engine, device, build_s, qps, recall_at_10, ratio (GPU over the CPU peer).",
            "Parts not started within --budget-s seconds are skipped (a row says so).");

    public BenchOptions {
        Checks.inRange("--n", n, 10, 50_000_000);
        Checks.inRange("--queries", queries, 1, 1_000_000);
        Checks.inRange("--dim", dim, 1, 4096);
        Checks.inRange("--clusters", clusters, 1, n);
        Checks.inRange("--threads", threads, 1, 4096);
        Checks.inRange("--device", device, 0, 1023);
        Checks.inRange("--kmeans-k", kmeansK, 1, n);
        Checks.inRange("--nlist", nlist, 1, n);
        Checks.inRange("--m", m, 2, 256);
        Checks.inRange("--ef-construction", efConstruction, 1, 100_000);
        Checks.inRange("--ef", ef, 10, 100_000);
        Checks.inRange("--nprobe", nprobe, 1, nlist);
        Checks.inRange("--iterations", iterations, 1, 1000);
        if ((long) n * dim > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    Checks.fmt("--n x --dim must be <= %d, actual %d", Integer.MAX_VALUE, (long) n * dim));
        }
        for (String p : parts) {
            if (!List.of("flat", "kmeans", "ivf", "graph").contains(p)) {
                throw new IllegalArgumentException(
                        Checks.fmt("--parts must be a comma list of flat, kmeans, ivf, graph, actual %s", p));
            }
        }
        if (!(budgetSeconds > 0)) {
            throw new IllegalArgumentException(Checks.fmt("--budget-s must be > 0, actual %s", budgetSeconds));
        }
    }

    /** Parses the flags; null for --help. Bad flags give an IllegalArgumentException naming the flag. */
    public static BenchOptions parse(String[] args) {
        int n = 1_000_000;
        int queries = 10_000;
        int dim = 128;
        int clusters = 1000;
        int threads = Runtime.getRuntime().availableProcessors();
        int device = 0;
        List<String> parts = List.of("flat", "kmeans", "ivf", "graph");
        int m = 16;
        int efc = 100;
        int ef = 64;
        int nlist = 1024;
        int nprobe = 16;
        int kk = 1024;
        int iterations = 10;
        long seed = 42;
        double budget = 400;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            String v = args[++i];
            switch (flag) {
                case "--n":
                    n = num(flag, v);
                    break;
                case "--queries":
                    queries = num(flag, v);
                    break;
                case "--dim":
                    dim = num(flag, v);
                    break;
                case "--clusters":
                    clusters = num(flag, v);
                    break;
                case "--threads":
                    threads = num(flag, v);
                    break;
                case "--device":
                    device = num(flag, v);
                    break;
                case "--parts":
                    parts = new ArrayList<>(List.of(v.toLowerCase(Locale.ROOT).split(",")));
                    break;
                case "--m":
                    m = num(flag, v);
                    break;
                case "--ef-construction":
                    efc = num(flag, v);
                    break;
                case "--ef":
                    ef = num(flag, v);
                    break;
                case "--nlist":
                    nlist = num(flag, v);
                    break;
                case "--nprobe":
                    nprobe = num(flag, v);
                    break;
                case "--kmeans-k":
                    kk = num(flag, v);
                    break;
                case "--iterations":
                    iterations = num(flag, v);
                    break;
                case "--seed":
                    seed = num(flag, v);
                    break;
                case "--budget-s":
                    budget = num(flag, v);
                    break;
                default:
                    throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        return new BenchOptions(
                n,
                queries,
                dim,
                Math.min(clusters, n),
                threads,
                device,
                List.copyOf(parts),
                m,
                efc,
                ef,
                Math.min(nlist, n),
                Math.min(nprobe, Math.min(nlist, n)),
                Math.min(kk, n),
                iterations,
                seed,
                budget);
    }

    private static int num(String flag, String v) {
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Checks.fmt("%s must be an integer, actual %s", flag, v));
        }
    }
}
