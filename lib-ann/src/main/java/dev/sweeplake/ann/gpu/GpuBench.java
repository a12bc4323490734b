package dev.sweeplake.ann.gpu;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.DeviceChoice;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.KMeans;
import dev.sweeplake.ann.KMeansParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.Recall;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.Parallel;
import dev.sweeplake.ann.internal.gpu.GpuUnavailableException;
import dev.sweeplake.ann.internal.gpu.Gpus;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * GPU benchmark: every GPU engine against the matching CPU engine on all cores, in one run, on a seeded clustered
 * synthetic set, one JSON row per engine (engine, device, build_s, qps, recall_at_10, ratio = GPU over CPU peer).
 * Without a usable GPU the GPU rows say why and the CPU rows are still measured. Usage: see {@link BenchOptions}.
 * Not thread-safe (a command).
 */
public final class GpuBench {
    private final BenchOptions o;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final VectorMatrix base;
    private final VectorMatrix queries;
    private final DeviceChoice gpu;
    private final String gpuName;
    private final String gpuReason;
    private SearchResults truth;

    GpuBench(BenchOptions o, PrintStream out) {
        this.o = o;
        this.out = out;
        this.base = Synthetic.clustered(o.n(), o.dim(), o.clusters(), o.seed());
        this.queries = Synthetic.queries(o.queries(), o.dim(), o.clusters(), o.seed());
        this.gpu = DeviceChoice.of(GpuMode.REQUIRED, o.device());
        String name = null;
        String reason = null;
        try {
            name = Gpus.open(o.device()).deviceName();
        } catch (GpuUnavailableException e) {
            reason = e.getMessage();
        }
        this.gpuName = name;
        this.gpuReason = reason;
    }

    public static void main(String[] args) {
        int rc = run(args, System.out, System.err);
        if (rc != 0) {
            System.exit(rc);
        }
    }

    /** Parses the flags and runs; returns the exit code (2 for bad flags, with the message and usage on err). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("gpu-bench: " + e.getMessage());
            err.println(BenchOptions.USAGE);
            return 2;
        }
        if (o == null) {
            out.println(BenchOptions.USAGE);
            return 0;
        }
        new GpuBench(o, out).run();
        return 0;
    }

    /** Runs the parts in order and prints the rows. */
    void run() {
        out.println(new BenchRow("setup", gpuName == null ? "cpu only" : gpuName)
                .put("n", o.n())
                .put("dim", o.dim())
                .put("queries", o.queries())
                .put("clusters", o.clusters())
                .put("threads", o.threads())
                .put("gpu", gpuName == null ? "unavailable: " + gpuReason : gpuName)
                .toJson());
        truth = null;
        for (String part : o.parts()) {
            switch (part) {
                case "flat":
                    flat();
                    break;
                case "kmeans":
                    kmeans();
                    break;
                case "ivf":
                    ivf();
                    break;
                case "graph":
                    graph();
                    break;
                default:
                    throw new IllegalStateException("unknown part " + part);
            }
        }
    }

    private double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double seconds(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static <T> T timed(Supplier<T> s, double[] secondsOut) {
        long t0 = System.nanoTime();
        T v = s.get();
        secondsOut[0] = (System.nanoTime() - t0) / 1e9;
        return v;
    }

    private boolean overBudget(String engine) {
        if (elapsed() <= o.budgetSeconds()) {
            return false;
        }
        out.println(new BenchRow(engine, "-")
                .put("skipped", "time budget of " + o.budgetSeconds() + " s spent")
                .toJson());
        return true;
    }

    private SearchResults truth() {
        if (truth == null) {
            truth = ExactKnn.search(base, queries, 10, Metric.L2, o.threads(), ProgressListener.NONE);
        }
        return truth;
    }

    private BenchRow unavailable(String engine) {
        return new BenchRow(engine, "unavailable").put("reason", gpuReason);
    }

    /** CPU search on all threads, one searcher per thread. */
    private SearchResults cpuSearch(AnnIndex index, SearchParams sp) {
        int nq = queries.size();
        int workers = Math.max(1, Math.min(o.threads(), nq));
        SearchResults all = SearchResults.empty(nq, 10);
        Runnable[] tasks = new Runnable[workers];
        for (int w = 0; w < workers; w++) {
            int from = (int) ((long) nq * w / workers);
            int to = (int) ((long) nq * (w + 1) / workers);
            tasks[w] = () -> {
                SearchResults r = index.searcher().search(queries.slice(from, to), 10, sp);
                System.arraycopy(r.ids(), 0, all.ids(), from * 10, (to - from) * 10);
                System.arraycopy(r.distances(), 0, all.distances(), from * 10, (to - from) * 10);
            };
        }
        Parallel.runAll(tasks);
        return all;
    }

    /** Runs a search twice (warm-up incl. uploads and JIT, then timed); returns {qps, recall}. */
    private double[] measure(Supplier<SearchResults> search) {
        search.get();
        double[] t = new double[1];
        SearchResults r = timed(search, t);
        return new double[] {queries.size() / t[0], Recall.recallAtK(truth(), r, 10)};
    }

    private void flat() {
        if (overBudget("flat")) {
            return;
        }
        ExactKnn.search(
                base,
                queries.slice(0, Math.min(64, queries.size())),
                10,
                Metric.L2,
                o.threads(),
                ProgressListener.NONE);
        double cpuS = seconds(this::truth);
        double cpuQps = queries.size() / cpuS;
        double flops = 2.0 * o.n() * queries.size() * o.dim();
        out.println(new BenchRow("flat", "cpu")
                .put("build_s", 0.0)
                .put("qps", cpuQps)
                .put("recall_at_10", 1.0)
                .put("tflops", flops / cpuS / 1e12)
                .put("note", "ExactKnn on all threads; the ground truth")
                .toJson());
        if (gpuName == null) {
            out.println(unavailable("gpu_flat").toJson());
            return;
        }
        IndexParams p = IndexParams.defaults().withEngine(EngineKind.GPU_FLAT);
        AnnIndex index = AnnIndex.build(base, p, o.threads(), ProgressListener.NONE, gpu);
        AnnSearcher s = index.searcher(gpu);
        double[] m = measure(() -> s.search(queries, 10, SearchParams.defaults()));
        out.println(new BenchRow("gpu_flat", index.builtOn())
                .put("build_s", 0.0)
                .put("qps", m[0])
                .put("recall_at_10", m[1])
                .put("ratio", m[0] / cpuQps)
                .put("tflops", flops * m[0] / queries.size() / 1e12)
                .toJson());
    }

    private void kmeans() {
        if (overBudget("kmeans")) {
            return;
        }
        KMeansParams kp = new KMeansParams(o.kmeansK(), o.iterations(), o.n(), o.seed());
        double cpuS = seconds(() -> KMeans.train(base, kp, o.threads(), ProgressListener.NONE));
        out.println(new BenchRow("kmeans", "cpu")
                .put("build_s", cpuS)
                .put("k", o.kmeansK())
                .put("iterations", o.iterations())
                .put(
                        "note",
                        "KMeans.train as the CPU engines run it: single-threaded k-means++ seeding over all rows, "
                                + "then Lloyd on all threads")
                .toJson());
        if (gpuName == null) {
            out.println(unavailable("gpu_kmeans").toJson());
            return;
        }
        KMeans.train(
                base.slice(0, Math.min(o.n(), 4 * o.kmeansK())),
                new KMeansParams(o.kmeansK(), 1, o.n(), o.seed()),
                o.threads(),
                ProgressListener.NONE,
                gpu);
        double gpuS = seconds(() -> KMeans.train(base, kp, o.threads(), ProgressListener.NONE, gpu));
        out.println(new BenchRow("gpu_kmeans", gpuName)
                .put("build_s", gpuS)
                .put("ratio", cpuS / gpuS)
                .put("k", o.kmeansK())
                .put("iterations", o.iterations())
                .put("note", "k-means++ seeding on the host over 8 rows per centroid, Lloyd on the GPU")
                .toJson());
    }

    private void ivf() {
        if (overBudget("ivf_flat")) {
            return;
        }
        IndexParams p = IndexParams.defaults()
                .withNlist(o.nlist())
                .withKmeansIterations(o.iterations())
                .withSeed(o.seed());
        SearchParams sp = SearchParams.defaults().withNprobe(o.nprobe());
        double[] t = new double[1];
        AnnIndex cpu = timed(
                () -> AnnIndex.build(base, p.withEngine(EngineKind.IVF_FLAT), o.threads(), ProgressListener.NONE), t);
        double cpuBuild = t[0];
        double[] cm = measure(() -> cpuSearch(cpu, sp));
        out.println(new BenchRow("ivf_flat", "cpu")
                .put("build_s", cpuBuild)
                .put("qps", cm[0])
                .put("recall_at_10", cm[1])
                .put("nlist", o.nlist())
                .put("nprobe", o.nprobe())
                .toJson());
        if (gpuName == null) {
            out.println(unavailable("gpu_ivf_flat").toJson());
            return;
        }
        AnnIndex g = timed(
                () -> AnnIndex.build(
                        base, p.withEngine(EngineKind.GPU_IVF_FLAT), o.threads(), ProgressListener.NONE, gpu),
                t);
        double gpuBuild = t[0];
        AnnSearcher s = g.searcher(gpu);
        double[] gm = measure(() -> s.search(queries, 10, sp));
        out.println(new BenchRow("gpu_ivf_flat", g.builtOn())
                .put("build_s", gpuBuild)
                .put("qps", gm[0])
                .put("recall_at_10", gm[1])
                .put("ratio", gm[0] / cm[0])
                .put("build_ratio", cpuBuild / gpuBuild)
                .put("nlist", o.nlist())
                .put("nprobe", o.nprobe())
                .toJson());
    }

    private void graph() {
        if (overBudget("hnsw")) {
            return;
        }
        IndexParams p = IndexParams.defaults()
                .withM(o.m())
                .withEfConstruction(o.efConstruction())
                .withSeed(o.seed());
        SearchParams sp = SearchParams.defaults().withEf(o.ef());
        double[] t = new double[1];
        AnnIndex hnsw =
                timed(() -> AnnIndex.build(base, p.withEngine(EngineKind.HNSW), o.threads(), ProgressListener.NONE), t);
        double cpuBuild = t[0];
        double[] hm = measure(() -> cpuSearch(hnsw, sp));
        out.println(new BenchRow("hnsw", "cpu")
                .put("build_s", cpuBuild)
                .put("qps", hm[0])
                .put("recall_at_10", hm[1])
                .put("m", o.m())
                .put("ef_construction", o.efConstruction())
                .put("ef", o.ef())
                .toJson());
        if (gpuName == null) {
            out.println(unavailable("gpu_graph").toJson());
            return;
        }
        AnnIndex g = timed(
                () -> AnnIndex.build(base, p.withEngine(EngineKind.GPU_GRAPH), o.threads(), ProgressListener.NONE, gpu),
                t);
        double gpuBuild = t[0];
        AnnSearcher s = g.searcher(gpu);
        double[] gm = measure(() -> s.search(queries, 10, sp));
        out.println(new BenchRow("gpu_graph", g.builtOn())
                .put("build_s", gpuBuild)
                .put("qps", gm[0])
                .put("recall_at_10", gm[1])
                .put("ratio", gm[0] / hm[0])
                .put("build_ratio", cpuBuild / gpuBuild)
                .put("degree", 2 * o.m())
                .put("ef", o.ef())
                .toJson());
        double[] cm = measure(() -> cpuSearch(g, sp));
        out.println(new BenchRow("gpu_graph_cpu_search", "cpu")
                .put("build_s", gpuBuild)
                .put("qps", cm[0])
                .put("recall_at_10", cm[1])
                .put("ratio", cm[0] / hm[0])
                .put("ef", o.ef())
                .put("note", "the GPU-built graph served on the CPU")
                .toJson());
    }

    /** For tests: the rows of a run as JSON lines. */
    static List<String> runToLines(BenchOptions o) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        new GpuBench(o, new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8)).run();
        return List.of(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n"));
    }
}
