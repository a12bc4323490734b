package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.DeviceChoice;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.gpu.DeviceMemoryException;
import dev.sweeplake.ann.internal.gpu.GpuGraph;
import dev.sweeplake.ann.internal.gpu.Gpus;
import dev.sweeplake.ann.internal.gpu.KernelBackend;
import dev.sweeplake.ann.internal.gpu.TilePlan;
import dev.sweeplake.ann.internal.vec.Distances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the GPU engines (GPU_FLAT, GPU_IVF_FLAT, GPU_GRAPH) and runs the coarse k-means of the CPU IVF engines on a
 * GPU when one is chosen. Before any work the device must open and hold the build's minimum memory: otherwise
 * {@code required} fails with the one-line reason and {@code auto} builds the CPU engine of the same family (logged
 * once). Running out of device memory during the build frees what it allocated and then fails ({@code required}) or
 * falls back ({@code auto}); nothing is returned half-built. Stateless; thread-safe.
 */
public final class GpuEngines {
    private static final Logger LOG = LoggerFactory.getLogger(GpuEngines.class);

    private GpuEngines() {}

    static AnnIndex build(
            VectorMatrix base, IndexParams params, int threads, ProgressListener listener, DeviceChoice device) {
        EngineKind kind = params.engine();
        if (kind.isGpu() && params.reducedDimension() != 0) {
            throw new IllegalArgumentException(Checks.fmt(
                    "reducedDimension must be 0 for engine %s (PCA traversal is an HNSW option), actual %d",
                    kind, params.reducedDimension()));
        }
        boolean ivfCpu = kind == EngineKind.IVF_FLAT || kind == EngineKind.IVF_PQ;
        if (!kind.isGpu() && !ivfCpu) {
            return Engines.build(base, params, threads, listener);
        }
        String what = kind.isGpu() ? "build of engine " + kind.configName() : "k-means of engine " + kind.configName();
        if (kind.isGpu() && device.mode() == GpuMode.OFF) {
            Gpus.unavailable(GpuMode.AUTO, what, "gpu is off");
            return Engines.build(base, params.withEngine(kind.cpuFamily()), threads, listener);
        }
        KernelBackend be = Gpus.resolve(device, what);
        if (be == null) {
            return Engines.build(base, params.withEngine(kind.cpuFamily()), threads, listener);
        }
        long needed = minimumBytes(params, base.size(), base.dimension());
        long free = be.freeBytes();
        if (needed > free) {
            Gpus.unavailable(
                    device.mode(),
                    what,
                    Checks.fmt(
                            "not enough device memory on %s: needed %d bytes, " + "free %d bytes",
                            be.deviceName(), needed, free));
            return Engines.build(base, params.withEngine(kind.cpuFamily()), threads, listener);
        }
        try {
            return build(base, params, threads, listener, be, TilePlan.defaults());
        } catch (DeviceMemoryException e) {
            if (device.mode() == GpuMode.REQUIRED) {
                throw new DeviceMemoryException(
                        be.deviceName(), what + " (" + e.getMessage() + ")", e.needed(), e.free());
            }
            LOG.warn("gpu auto: {} ran out of device memory, building on the CPU: {}", what, e.getMessage());
            return Engines.build(base, params.withEngine(kind.cpuFamily()), threads, listener);
        }
    }

    /**
     * Device bytes a build needs at least: what must be resident at once (GPU_GRAPH: the k-NN and pruned lists;
     * IVF: the centroids and their k-means state; every engine: one row per tile). GPU_FLAT builds nothing on the
     * device.
     */
    public static long minimumBytes(IndexParams p, int n, int dim) {
        long row = (dim + 1) * 4L;
        switch (p.engine()) {
            case GPU_GRAPH:
                return GpuGraph.pruneBytes(n, 2 * p.m()) + 2 * row;
            case GPU_IVF_FLAT:
            case IVF_FLAT:
            case IVF_PQ:
                int nlist = Math.min(p.nlist(), n);
                return (long) nlist * (2 * row) + n * 8L + 2 * row;
            default:
                return 0;
        }
    }

    /** Builds on the given backend (tests pass the reference backend and small tiles). Fails on device errors. */
    public static AnnIndex build(
            VectorMatrix base,
            IndexParams params,
            int threads,
            ProgressListener listener,
            KernelBackend be,
            TilePlan plan) {
        Checks.notNull("base", base);
        Checks.notNull("params", params);
        Checks.atLeast("threads", threads, 1);
        Checks.atLeast("base vector count", base.size(), 1);
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        if (params.reducedDimension() != 0) {
            throw new IllegalArgumentException(Checks.fmt(
                    "reducedDimension must be 0 for engine %s (PCA traversal is an HNSW option), actual %d",
                    params.engine(), params.reducedDimension()));
        }
        int dim = base.dimension();
        int n = base.size();
        float[] vecs = params.metric() == Metric.COSINE ? Distances.normalizedCopy(base.data(), n, dim) : base.data();
        long[] ids = base.ids();
        BaseIndex index;
        long t0 = System.nanoTime();
        switch (params.engine()) {
            case GPU_FLAT:
                index = new FlatIndex(params, dim, ids, vecs);
                break;
            case GPU_IVF_FLAT:
            case IVF_FLAT:
            case IVF_PQ:
                index = IvfBuilder.build(params, dim, ids, vecs, threads, progress, be, plan);
                break;
            case GPU_GRAPH:
                index = buildGraph(params, dim, ids, vecs, be, plan, progress);
                break;
            default:
                throw new IllegalArgumentException(Checks.fmt(
                        "engine must be gpu_flat, gpu_ivf_flat, gpu_graph, ivf_flat or ivf_pq for a GPU build, "
                                + "actual %s",
                        params.engine().configName()));
        }
        index.builtOn(be.deviceName());
        LOG.debug(
                "built {} over {} x {} on {} in {} ms",
                params.engine(),
                n,
                dim,
                be.deviceName(),
                (System.nanoTime() - t0) / 1_000_000);
        return index;
    }

    private static HnswIndex buildGraph(
            IndexParams p,
            int dim,
            long[] ids,
            float[] vecs,
            KernelBackend be,
            TilePlan plan,
            ProgressListener progress) {
        int n = ids.length;
        int m = p.m();
        int degree = 2 * m;
        GpuGraph.Built built = GpuGraph.build(be, vecs, n, dim, p.metric(), degree, plan, progress);
        int[] rows = built.rows();
        int[] levels = new int[n];
        int stride = degree + 1;
        int[] level0 = new int[n * stride];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int j = 0; j < degree; j++) {
                int v = rows[i * degree + j];
                if (v >= 0) {
                    level0[i * stride + 1 + c++] = v;
                }
            }
            level0[i * stride] = c;
        }
        HnswGraph g = new HnswGraph(m, levels, level0, new int[n][], built.entry(), 0);
        return new HnswIndex(p, dim, ids, vecs, null, null, g);
    }
}
