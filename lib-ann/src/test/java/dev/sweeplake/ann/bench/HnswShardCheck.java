package dev.sweeplake.ann.bench;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.ExactKnn;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.Recall;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The library half of the ANN cost-growth benchmark, without Spark: one lib-ann HNSW index (M 16, ef_construction 100)
 * over the first {@code --rows} vectors of an fvecs file (one shard's worth: 125,000 of the 1M set), built with
 * {@code --threads}, searched in one thread at several ef, recall@10 against exact k-NN. Prints one JSON line; the
 * matching hnswlib figures come from {@code jobs/benchmarks/scale/hnswlib_peer.py --sizes 125000 --threads 1}.
 * {@code java --add-modules jdk.incubator.vector -cp ... dev.sweeplake.ann.bench.HnswShardCheck --base B --queries Q
 * [--rows 125000] [--threads 1] [--efs 10,20,40,80]}
 */
public final class HnswShardCheck {
    private HnswShardCheck() {}

    public static void main(String[] args) throws IOException {
        Path basePath = null;
        Path queryPath = null;
        int rows = 125_000;
        int threads = 1;
        String efs = "10,15,20,30,40,80";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> basePath = Path.of(args[i + 1]);
                case "--queries" -> queryPath = Path.of(args[i + 1]);
                case "--rows" -> rows = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--efs" -> efs = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (basePath == null || queryPath == null) {
            throw new IllegalArgumentException("--base and --queries are required");
        }
        VectorMatrix base = readFvecs(basePath, rows);
        VectorMatrix queries = readFvecs(queryPath, Integer.MAX_VALUE);
        long t0 = System.nanoTime();
        AnnIndex index = AnnIndex.build(
                base,
                IndexParams.defaults()
                        .withEngine(EngineKind.HNSW)
                        .withMetric(Metric.L2)
                        .withM(16)
                        .withEfConstruction(100)
                        .withSeed(42),
                threads,
                ProgressListener.NONE);
        double buildS = (System.nanoTime() - t0) / 1e9;
        SearchResults truth = ExactKnn.search(base, queries, 10, Metric.L2, threads, ProgressListener.NONE);
        AnnSearcher s = index.searcher();
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "{\"engine\":\"lib-ann hnsw\",\"n\":%d,\"build_threads\":%d,\"build_s\":%.3f,\"bytes\":%d,\"searches\":[",
                base.size(),
                threads,
                buildS,
                index.bytes()));
        String sep = "";
        for (String e : efs.split(",")) {
            int ef = Integer.parseInt(e.trim());
            double best = Double.MAX_VALUE;
            SearchResults r = null;
            for (int pass = 0; pass < 3; pass++) {
                long s0 = System.nanoTime();
                r = s.search(queries, 10, new SearchParams(ef, 1, 0));
                best = Math.min(best, (System.nanoTime() - s0) / 1e9);
            }
            out.append(sep)
                    .append(String.format(
                            Locale.ROOT,
                            "{\"ef\":%d,\"recall_at_10\":%.4f,\"qps_1t\":%.0f}",
                            ef,
                            Recall.recallAtK(truth, r, 10),
                            queries.size() / best));
            sep = ",";
        }
        System.out.println(out.append("]}"));
    }

    static VectorMatrix readFvecs(Path path, int maxRows) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            int dim = head.getInt(0);
            long record = 4L + 4L * dim;
            int n = (int) Math.min(maxRows, ch.size() / record);
            float[] data = new float[n * dim];
            long[] ids = new long[n];
            ByteBuffer buf = ByteBuffer.allocate((int) record * 4096).order(ByteOrder.LITTLE_ENDIAN);
            int row = 0;
            long pos = 0;
            while (row < n) {
                buf.clear();
                int want = (int) Math.min(buf.capacity(), (n - row) * record);
                buf.limit(want);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) {
                        throw new IOException(path + ": truncated at row " + row);
                    }
                }
                pos += want;
                buf.flip();
                while (buf.remaining() >= record) {
                    if (buf.getInt() != dim) {
                        throw new IOException(path + ": row " + row + " does not start with dimension " + dim);
                    }
                    buf.asFloatBuffer().get(data, row * dim, dim);
                    buf.position(buf.position() + 4 * dim);
                    ids[row] = row;
                    row++;
                }
            }
            return VectorMatrix.of(data, dim, ids);
        }
    }
}
