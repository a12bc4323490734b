package dev.sweeplake.ann.gpu;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.Recall;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.engine.GpuEngines;
import dev.sweeplake.ann.internal.engine.GpuSearchers;
import dev.sweeplake.ann.internal.gpu.DeviceBuffer;
import dev.sweeplake.ann.internal.gpu.DeviceMemoryException;
import dev.sweeplake.ann.internal.gpu.GpuKMeans;
import dev.sweeplake.ann.internal.gpu.GpuKernelException;
import dev.sweeplake.ann.internal.gpu.GpuTopK;
import dev.sweeplake.ann.internal.gpu.GpuUnavailableException;
import dev.sweeplake.ann.internal.gpu.Gpus;
import dev.sweeplake.ann.internal.gpu.Kernel;
import dev.sweeplake.ann.internal.gpu.KernelBackend;
import dev.sweeplake.ann.internal.gpu.LaunchShape;
import dev.sweeplake.ann.internal.gpu.ReferenceBackend;
import dev.sweeplake.ann.internal.gpu.TilePlan;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Checks the CUDA kernels on a device against the Java reference kernels on the same seeded inputs, with odd sizes
 * and tiny tiles so that every multi-tile path runs: exact top-k (3 metrics), k-means, IVF-Flat, the graph build
 * (pruning is integer-exact) and batched graph search, plus the device error paths (a launch the driver refuses names
 * kernel and shape; an allocation beyond device memory names needed and free bytes). Prints one JSON line per check
 * and exits 1 when one fails. {@code java ... dev.sweeplake.ann.gpu.GpuSelfCheck [--device 0]}. Not thread-safe.
 */
public final class GpuSelfCheck {
    private static final TilePlan TILES = new TilePlan(300, 700, 0.5);
    private final KernelBackend device;
    private final KernelBackend reference;
    private final int baseRows;
    private final PrintStream out;
    private int failures;

    /** @param baseRows vectors of the seeded test set (3001 on a device; fewer keeps the reference side quick) */
    public GpuSelfCheck(KernelBackend device, KernelBackend reference, int baseRows, PrintStream out) {
        this.device = device;
        this.reference = reference;
        this.baseRows = baseRows;
        this.out = out;
    }

    public static void main(String[] args) {
        int ordinal = args.length == 2 && args[0].equals("--device") ? Integer.parseInt(args[1]) : 0;
        KernelBackend be;
        try {
            be = Gpus.open(ordinal);
        } catch (GpuUnavailableException e) {
            System.out.println("{\"check\": \"open\", \"ok\": false, \"detail\": " + quote(e.getMessage()) + "}");
            System.exit(1);
            return;
        }
        GpuSelfCheck c = new GpuSelfCheck(be, new ReferenceBackend(4L << 30), 3001, System.out);
        System.exit(c.runAll() == 0 ? 0 : 1);
    }

    private static String quote(String s) {
        return dev.sweeplake.ann.internal.format.JsonDoc.quote(s);
    }

    private void report(String check, boolean ok, String detail) {
        if (!ok) {
            failures++;
        }
        out.println("{\"check\": " + quote(check) + ", \"ok\": " + ok + ", \"device\": " + quote(device.deviceName())
                + ", \"detail\": " + quote(detail) + "}");
    }

    private interface Check {
        String run();
    }

    private void check(String name, Check c) {
        try {
            String problem = c.run();
            report(name, problem.startsWith("ok"), problem);
        } catch (RuntimeException e) {
            report(name, false, e.toString());
        }
    }

    /** Runs every check; returns the number that failed. */
    public int runAll() {
        VectorMatrix base = Synthetic.clustered(baseRows, 37, 40, 7);
        VectorMatrix q = Synthetic.queries(203, 37, 40, 7);
        for (Metric m : Metric.values()) {
            check("exact_topk_" + m.name().toLowerCase(java.util.Locale.ROOT), () -> exact(base, q, m, 10, TILES));
        }
        // Whole-row tiles and k = 100: select_topk merges candidates mid-row, not only at the end.
        check("exact_topk_wide_tiles_k100", () -> exact(base, q, Metric.L2, 100, new TilePlan(64, 5000, 0.5)));
        check("kmeans", () -> {
            int n = base.size();
            float[] a = GpuKMeans.train(device, base.data(), n, 37, 50, 8, 3L, TILES, ProgressListener.NONE);
            float[] b = GpuKMeans.train(reference, base.data(), n, 37, 50, 8, 3L, TILES, ProgressListener.NONE);
            double ia = inertia(base, a, 50);
            double ib = inertia(base, b, 50);
            return Math.abs(ia - ib) <= 0.01 * ib
                    ? Checks.fmt("ok: inertia %.2f vs reference %.2f", ia, ib)
                    : Checks.fmt("inertia %.2f vs reference %.2f", ia, ib);
        });
        IndexParams p = IndexParams.defaults().withM(12).withNlist(40).withSeed(9);
        check("ivf_flat", () -> engine(base, q, p.withEngine(EngineKind.GPU_IVF_FLAT)));
        // Two lists of ~half the base each: ivf_scan merges candidates mid-list.
        check(
                "ivf_flat_long_lists",
                () -> engine(base, q, p.withEngine(EngineKind.GPU_IVF_FLAT).withNlist(2)));
        check("graph_build_and_search", () -> engine(base, q, p.withEngine(EngineKind.GPU_GRAPH)));
        check("cagra_prune_exact", this::prune);
        check("refused_launch_names_kernel", () -> {
            DeviceBuffer d = device.allocFloats(1, "probe");
            try {
                device.launch(Kernel.DISTANCE_TILE, new LaunchShape(1, 1, 32, 32, 0), d, d, 1, d, d, 1, 1, 0, d, 1L);
                device.synchronize();
                return "a 32 x 32 block for distance_tile (launch bounds 256) was not refused";
            } catch (GpuKernelException e) {
                return e.getMessage().contains("distance_tile")
                                && e.getMessage().contains("block 32x32x1")
                        ? "ok: " + e.getMessage()
                        : "message lacks kernel or shape: " + e.getMessage();
            } finally {
                device.free(d);
            }
        });
        check("out_of_memory_names_bytes", () -> {
            try {
                DeviceBuffer d = device.allocFloats(1L << 40, "probe of 4 TiB");
                device.free(d);
                return "a 4 TiB allocation succeeded";
            } catch (DeviceMemoryException e) {
                return e.getMessage().contains("needed 4398046511104 bytes, free ")
                        ? "ok: " + e.getMessage()
                        : "message lacks needed/free bytes: " + e.getMessage();
            }
        });
        return failures;
    }

    private String exact(VectorMatrix base, VectorMatrix q, Metric m, int k, TilePlan tiles) {
        float[] b = m == Metric.COSINE ? normalized(base) : base.data();
        float[] qs = m == Metric.COSINE ? normalized(q) : q.data();
        GpuTopK.Rows a = GpuTopK.search(device, b, base.size(), qs, q.size(), 37, m, k, tiles, ProgressListener.NONE);
        GpuTopK.Rows r =
                GpuTopK.search(reference, b, base.size(), qs, q.size(), 37, m, k, tiles, ProgressListener.NONE);
        int same = 0;
        float maxErr = 0;
        for (int i = 0; i < a.rows().length; i++) {
            same += a.rows()[i] == r.rows()[i] ? 1 : 0;
            maxErr = Math.max(maxErr, Math.abs(a.dist()[i] - r.dist()[i]) / Math.max(1f, Math.abs(r.dist()[i])));
        }
        double agree = same / (double) a.rows().length;
        String d = Checks.fmt("rows agreeing %.4f, max relative distance error %.2e", agree, maxErr);
        return agree >= 0.995 && maxErr < 1e-3 ? "ok: " + d : d;
    }

    private String engine(VectorMatrix base, VectorMatrix q, IndexParams p) {
        SearchResults truth = ExactKnn.search(base, q, 10, Metric.L2, 1, ProgressListener.NONE);
        SearchParams sp = SearchParams.defaults().withEf(64).withNprobe(6);
        AnnIndex onDevice = GpuEngines.build(base, p, 1, ProgressListener.NONE, device, TILES);
        AnnIndex onReference = GpuEngines.build(base, p, 1, ProgressListener.NONE, reference, TILES);
        double rd = Recall.recallAtK(
                truth,
                GpuSearchers.create(onDevice, device, TILES, GpuMode.REQUIRED).search(q, 10, sp),
                10);
        double rr = Recall.recallAtK(
                truth,
                GpuSearchers.create(onReference, reference, TILES, GpuMode.REQUIRED)
                        .search(q, 10, sp),
                10);
        double rc = Recall.recallAtK(truth, onDevice.searcher().search(q, 10, sp), 10);
        String d = Checks.fmt("recall device %.4f, reference %.4f, device-built index on the cpu %.4f", rd, rr, rc);
        return Math.abs(rd - rr) <= 0.01 && rc >= rd - 0.01 ? "ok: " + d : d;
    }

    private String prune() {
        int n = 2000;
        int bigK = 24;
        SplittableRandom r = new SplittableRandom(5);
        int[] knn = new int[n * bigK];
        for (int i = 0; i < knn.length; i++) {
            knn[i] = r.nextInt(10) == 0 ? -1 : r.nextInt(n);
        }
        int[] a = pruneOn(device, knn, n, bigK);
        int[] b = pruneOn(reference, knn, n, bigK);
        return Arrays.equals(a, b) ? "ok: identical pruned lists" : "pruned lists differ from the reference";
    }

    private static int[] pruneOn(KernelBackend be, int[] knn, int n, int bigK) {
        int degree = 12;
        DeviceBuffer in = be.allocInts(knn.length, "knn");
        DeviceBuffer out = be.allocInts((long) n * degree, "pruned");
        try {
            be.upload(knn, 0, in, 0, knn.length);
            be.fill(out, 0, (long) n * degree, -1);
            be.launch(Kernel.CAGRA_PRUNE, LaunchShape.linear(n, 32, 8 * bigK), in, n, bigK, degree, out);
            int[] res = new int[n * degree];
            be.download(out, 0, res, 0, res.length);
            return res;
        } finally {
            be.free(out);
            be.free(in);
        }
    }

    private static float[] normalized(VectorMatrix m) {
        return dev.sweeplake.ann.internal.vec.Distances.normalizedCopy(m.data(), m.size(), m.dimension());
    }

    private static double inertia(VectorMatrix data, float[] c, int k) {
        int dim = data.dimension();
        double s = 0;
        for (int i = 0; i < data.size(); i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double d = 0;
                for (int x = 0; x < dim; x++) {
                    double t = data.get(i, x) - c[j * dim + x];
                    d += t * t;
                }
                best = Math.min(best, d);
            }
            s += best;
        }
        return s;
    }
}
