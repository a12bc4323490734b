package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.DeviceChoice;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.RerankStore;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.format.BinaryReader;
import dev.sweeplake.ann.internal.vec.Distances;
import java.io.InputStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and reads engines by kind. Stateless; thread-safe. */
public final class Engines {
    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);

    private Engines() {}

    public static AnnIndex build(
            VectorMatrix base, IndexParams params, int threads, ProgressListener listener, DeviceChoice device) {
        Checks.notNull("device", device);
        Checks.notNull("params", params);
        return GpuEngines.build(base, params, threads, listener, device);
    }

    public static AnnIndex build(VectorMatrix base, IndexParams params, int threads, ProgressListener listener) {
        Checks.notNull("base", base);
        Checks.notNull("params", params);
        Checks.atLeast("threads", threads, 1);
        Checks.atLeast("base vector count", base.size(), 1);
        if (params.engine().isGpu()) {
            // Without a device choice a GPU engine means "on GPU 0 when usable".
            return GpuEngines.build(base, params, threads, listener, DeviceChoice.of(GpuMode.AUTO, 0));
        }
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        int dim = base.dimension();
        int n = base.size();
        if (params.engine() != EngineKind.HNSW && params.reducedDimension() != 0) {
            throw new IllegalArgumentException(Checks.fmt(
                    "reducedDimension must be 0 for engine %s (PCA traversal is an HNSW option), actual %d",
                    params.engine(), params.reducedDimension()));
        }
        // The index keeps the caller's arrays (no copy) except for COSINE, whose vectors are normalised once here.
        float[] vecs = params.metric() == Metric.COSINE ? Distances.normalizedCopy(base.data(), n, dim) : base.data();
        long[] ids = base.ids();
        long t0 = System.nanoTime();
        AnnIndex index;
        switch (params.engine()) {
            case FLAT:
                index = new FlatIndex(params, dim, ids, vecs);
                break;
            case HNSW:
                index = buildHnsw(params, dim, ids, vecs, threads, progress);
                break;
            case IVF_FLAT:
            case IVF_PQ:
                index = IvfBuilder.build(params, dim, ids, vecs, threads, progress);
                break;
            default:
                throw new IllegalStateException("unknown engine " + params.engine());
        }
        LOG.debug("built {} over {} x {} in {} ms", params.engine(), n, dim, (System.nanoTime() - t0) / 1_000_000);
        return index;
    }

    private static AnnIndex buildHnsw(
            IndexParams p, int dim, long[] ids, float[] vecs, int threads, ProgressListener progress) {
        int n = ids.length;
        int rd = p.reducedDimension();
        if (rd == 0) {
            HnswGraph g =
                    HnswBuilder.build(vecs, n, dim, p.metric(), p.m(), p.efConstruction(), p.seed(), threads, progress);
            return new HnswIndex(p, dim, ids, vecs, null, null, g);
        }
        if (dim < 2) {
            throw new IllegalArgumentException(Checks.fmt("reducedDimension must be 0 for dimension 1, actual %d", rd));
        }
        Checks.inRange("reducedDimension", rd, 1, dim - 1);
        Pca pca = Pca.train(vecs, n, dim, rd, p.metric(), p.seed());
        float[] projected = pca.projectAll(vecs, n);
        progress.onProgress("pca", 1, 1);
        HnswGraph g =
                HnswBuilder.build(projected, n, rd, p.metric(), p.m(), p.efConstruction(), p.seed(), threads, progress);
        return new HnswIndex(p, dim, ids, vecs, pca, projected, g);
    }

    /** Reads an index file from a stream in chunks (no whole-file buffer); the caller closes the stream. */
    public static AnnIndex read(InputStream in, String source) {
        Checks.notNull("in", in);
        String name = source == null ? "<stream>" : source;
        return read(BinaryReader.open(in, name));
    }

    /**
     * Reads the index from an opened reader and verifies the footer (checksum) at the end. A parse error on a file whose
     * footer is bad is reported as the footer's error (truncated or corrupt file).
     */
    public static AnnIndex read(BinaryReader r) {
        Checks.notNull("r", r);
        AnnIndex index;
        try {
            index = readBody(r);
        } catch (IndexFormatException | IllegalArgumentException e) {
            throw r.footerErrorOr(e);
        }
        r.expectEnd();
        return index;
    }

    private static AnnIndex readBody(BinaryReader r) {
        String name = r.source();
        EngineKind engine;
        Metric metric;
        IndexParams params;
        int dim;
        int count;
        try {
            engine = EngineKind.fromCode(r.readInt());
            metric = Metric.fromCode(r.readInt());
            dim = r.readCount("dimension", 1 << 16);
            count = r.readCount("count", Integer.MAX_VALUE);
            int m = r.readInt();
            int efc = r.readInt();
            int nlist = r.readInt();
            int pq = r.readInt();
            RerankStore rs = RerankStore.fromCode(r.readInt());
            int rd = r.readInt();
            int iters = r.readInt();
            long seed = r.readLong();
            params = new IndexParams(engine, metric, m, efc, nlist, pq, rs, rd, iters, seed);
        } catch (IllegalArgumentException e) {
            throw new IndexFormatException(
                    String.format(Locale.ROOT, "index file %s: bad header: %s", name, e.getMessage()));
        }
        if (dim < 1 || count < 1 || (long) dim * count > Integer.MAX_VALUE) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT,
                    "index file %s: dimension and count must be >= 1 with dimension * count <= %d, actual %d and %d",
                    name,
                    Integer.MAX_VALUE,
                    dim,
                    count));
        }
        long[] ids = r.readLongs(count);
        switch (engine) {
            case FLAT:
            case GPU_FLAT:
                return FlatIndex.readPayload(params, dim, ids, r);
            case HNSW:
            case GPU_GRAPH:
                return HnswIndex.readPayload(params, dim, ids, r);
            case IVF_FLAT:
            case GPU_IVF_FLAT:
            case IVF_PQ:
                return IvfIndex.readPayload(params, dim, ids, r);
            default:
                throw new IllegalStateException("unknown engine " + engine);
        }
    }
}
