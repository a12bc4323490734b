package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.DeviceChoice;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.internal.gpu.DeviceBuffer;
import dev.sweeplake.ann.internal.gpu.DeviceMatrix;
import dev.sweeplake.ann.internal.gpu.GpuGraph;
import dev.sweeplake.ann.internal.gpu.GpuIvf;
import dev.sweeplake.ann.internal.gpu.GpuTopK;
import dev.sweeplake.ann.internal.gpu.Gpus;
import dev.sweeplake.ann.internal.gpu.KernelBackend;
import dev.sweeplake.ann.internal.gpu.TilePlan;
import java.util.Arrays;

/**
 * Batched GPU searchers of the engines that have one: FLAT / GPU_FLAT (tiled exact top-k), IVF_FLAT / GPU_IVF_FLAT
 * (probe + list scan) and GPU_GRAPH (graph_search). The index's arrays are uploaded once per device and stay resident
 * with the index. A search the kernels cannot run (k or ef above their limits) runs on the CPU searcher under
 * {@code auto} (logged once) and fails under {@code required}. Searchers are not thread-safe (one per thread); calls
 * of several searchers on one device are serialised by the device lock.
 */
public final class GpuSearchers {
    private GpuSearchers() {}

    /** The searcher for the public {@link AnnIndex#searcher(DeviceChoice)}. */
    static AnnSearcher forDevice(BaseIndex index, DeviceChoice device) {
        String what = "search of engine " + index.engine().configName();
        KernelBackend be = Gpus.resolve(device, what);
        if (be == null) {
            return index.searcher();
        }
        AnnSearcher s = create(index, be, TilePlan.defaults(), device.mode());
        if (s == null) {
            Gpus.unavailable(device.mode(), what, "engine " + index.engine().configName() + " has no GPU search");
            return index.searcher();
        }
        return s;
    }

    /** A GPU searcher of the index on the backend, or null when its engine has no GPU search (HNSW, IVF-PQ). */
    public static AnnSearcher create(AnnIndex index, KernelBackend be, TilePlan plan, GpuMode mode) {
        if (index instanceof FlatIndex) {
            return new Flat((FlatIndex) index, be, plan, mode);
        }
        if (index instanceof IvfIndex && index.engine() != EngineKind.IVF_PQ) {
            return new Ivf((IvfIndex) index, be, plan, mode);
        }
        if (index instanceof HnswIndex && index.engine() == EngineKind.GPU_GRAPH) {
            return new Graph((HnswIndex) index, be, plan, mode);
        }
        return null;
    }

    private abstract static class GpuSearcher extends BaseSearcher {
        final BaseIndex index;
        final KernelBackend be;
        final TilePlan plan;
        final GpuMode mode;
        private BaseSearcher cpu;

        GpuSearcher(BaseIndex index, KernelBackend be, TilePlan plan, GpuMode mode) {
            super(index.dimension(), index.size(), index.metric());
            this.index = index;
            this.be = be;
            this.plan = plan;
            this.mode = mode;
        }

        /** Null when the kernels can run this search, else why not. */
        abstract String unsupported(int k, SearchParams sp);

        abstract GpuTopK.Rows run(float[] queries, int count, int k, SearchParams sp);

        @Override
        void searchBatch(float[] queries, int count, int k, SearchParams sp, SearchResults out) {
            String why = unsupported(k, sp);
            if (why != null) {
                if (mode == GpuMode.REQUIRED) {
                    throw new IllegalArgumentException(why);
                }
                Gpus.unavailable(mode, "search of engine " + index.engine().configName(), why);
                if (cpu == null) {
                    cpu = (BaseSearcher) index.searcher();
                }
                cpu.searchBatch(queries, count, k, sp, out);
                return;
            }
            GpuTopK.Rows r = run(queries, count, k, sp);
            for (int i = 0; i < count * k; i++) {
                int row = r.rows()[i];
                if (row >= 0) {
                    out.ids()[i] = index.ids[row];
                    out.distances()[i] = r.dist()[i];
                }
            }
        }

        @Override
        void searchOne(
                float[] queries, int qOffset, int k, SearchParams sp, long[] outIds, float[] outDist, int outOffset) {
            throw new IllegalStateException("GPU search is batched");
        }
    }

    private static final class Flat extends GpuSearcher {
        private final FlatIndex flat;

        Flat(FlatIndex index, KernelBackend be, TilePlan plan, GpuMode mode) {
            super(index, be, plan, mode);
            this.flat = index;
        }

        @Override
        String unsupported(int k, SearchParams sp) {
            return k > GpuTopK.MAX_K ? "gpu flat search needs k <= " + GpuTopK.MAX_K + ", actual " + k : null;
        }

        @Override
        GpuTopK.Rows run(float[] queries, int count, int k, SearchParams sp) {
            DeviceMatrix base = index.residency.get(
                    be, "flat", b -> DeviceMatrix.upload(b, flat.vectors, 0, size, dimension, "flat index vectors"));
            return GpuTopK.searchResident(be, base, queries, count, metric, k, plan);
        }
    }

    private static final class Ivf extends GpuSearcher {
        private final IvfIndex ivf;

        Ivf(IvfIndex index, KernelBackend be, TilePlan plan, GpuMode mode) {
            super(index, be, plan, mode);
            this.ivf = index;
        }

        @Override
        String unsupported(int k, SearchParams sp) {
            return GpuIvf.unsupported(dimension, k, Math.min(sp.nprobe(), ivf.nlist));
        }

        @Override
        GpuTopK.Rows run(float[] queries, int count, int k, SearchParams sp) {
            DeviceMatrix c = index.residency.get(
                    be,
                    "centroids",
                    b -> DeviceMatrix.upload(b, ivf.centroids, 0, ivf.nlist, dimension, "ivf centroids"));
            DeviceBuffer v = index.residency.get(be, "vectors", b -> upload(b, ivf.vectors, "ivf vectors"));
            DeviceBuffer o = index.residency.get(be, "offsets", b -> {
                DeviceBuffer d = b.allocInts(ivf.offsets.length, "ivf list offsets");
                b.upload(ivf.offsets, 0, d, 0, ivf.offsets.length);
                return d;
            });
            return GpuIvf.search(
                    be, c, v, o, queries, count, dimension, GpuTopK.metricCode(metric), k, sp.nprobe(), plan);
        }
    }

    private static DeviceBuffer upload(KernelBackend b, float[] data, String what) {
        DeviceBuffer d = b.allocFloats(data.length, what);
        try {
            b.upload(data, 0, d, 0, data.length);
            return d;
        } catch (RuntimeException e) {
            b.free(d);
            throw e;
        }
    }

    private static final class Graph extends GpuSearcher {
        private final HnswIndex hnsw;
        private final int degree;

        Graph(HnswIndex index, KernelBackend be, TilePlan plan, GpuMode mode) {
            super(index, be, plan, mode);
            this.hnsw = index;
            this.degree = 2 * index.graph.m;
        }

        @Override
        String unsupported(int k, SearchParams sp) {
            return GpuGraph.unsupported(dimension, degree, sp.ef(), k);
        }

        @Override
        GpuTopK.Rows run(float[] queries, int count, int k, SearchParams sp) {
            DeviceBuffer v = index.residency.get(be, "vectors", b -> upload(b, hnsw.vectors, "graph vectors"));
            DeviceBuffer g = index.residency.get(be, "graph", b -> {
                int[] rows = fixedDegree(hnsw.graph, size, degree);
                DeviceBuffer d = b.allocInts(rows.length, "graph");
                b.upload(rows, 0, d, 0, rows.length);
                return d;
            });
            int[] seeds = GpuGraph.seeds(size, hnsw.graph.entryPoint, index.params.seed());
            DeviceBuffer s = index.residency.get(be, "seeds", b -> {
                DeviceBuffer d = b.allocInts(seeds.length, "graph seeds");
                b.upload(seeds, 0, d, 0, seeds.length);
                return d;
            });
            return GpuGraph.search(
                    be,
                    v,
                    size,
                    dimension,
                    g,
                    degree,
                    s,
                    seeds.length,
                    queries,
                    count,
                    GpuTopK.metricCode(metric),
                    k,
                    sp.ef(),
                    plan);
        }
    }

    /** Layer 0 of the graph as n x degree rows, -1 padded. */
    static int[] fixedDegree(HnswGraph g, int n, int degree) {
        int[] rows = new int[n * degree];
        Arrays.fill(rows, -1);
        for (int i = 0; i < n; i++) {
            int o = i * g.stride0;
            int c = Math.min(degree, g.level0[o]);
            System.arraycopy(g.level0, o + 1, rows, i * degree, c);
        }
        return rows;
    }
}
