package dev.sweeplake.ann.io;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.RerankStore;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The tiny golden indexes committed under src/test/resources/golden/v{N}. Regenerate only when a NEW format version is
 * introduced (never overwrite an old version's files): {@code java ... dev.sweeplake.ann.io.GoldenIndexes <dir>}.
 */
public final class GoldenIndexes {
    static final int DIM = 8;
    static final int K = 5;
    static final SearchParams SEARCH =
            SearchParams.defaults().withEf(32).withNprobe(4).withRerank(20);

    private GoldenIndexes() {}

    static VectorMatrix base() {
        Random rnd = new Random(2026);
        float[] d = new float[64 * DIM];
        long[] ids = new long[64];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < DIM; j++) {
                d[i * DIM + j] = (float) Math.round(rnd.nextGaussian() * 100) / 10f;
            }
            ids[i] = 1L << 40 | i * 3L;
        }
        return VectorMatrix.of(d, DIM, ids);
    }

    static VectorMatrix queries() {
        Random rnd = new Random(2027);
        float[] d = new float[5 * DIM];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.round(rnd.nextGaussian() * 100) / 10f;
        }
        return VectorMatrix.withRowIds(d, DIM);
    }

    static Map<String, IndexParams> engines() {
        IndexParams p = IndexParams.defaults()
                .withM(4)
                .withEfConstruction(16)
                .withNlist(4)
                .withPqSubspaces(4)
                .withKmeansIterations(5)
                .withSeed(7);
        Map<String, IndexParams> m = new LinkedHashMap<>();
        m.put("flat", p.withEngine(EngineKind.FLAT));
        m.put("hnsw", p.withEngine(EngineKind.HNSW));
        m.put("hnsw-pca", p.withEngine(EngineKind.HNSW).withReducedDimension(4));
        m.put("ivf-flat", p.withEngine(EngineKind.IVF_FLAT));
        m.put("ivf-pq", p.withEngine(EngineKind.IVF_PQ).withRerankStore(RerankStore.SQ8));
        return m;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        for (Map.Entry<String, IndexParams> e : engines().entrySet()) {
            AnnIndex index = AnnIndex.build(base(), e.getValue(), 1, ProgressListener.NONE);
            Path shard = dir.resolve(e.getKey());
            ShardFiles.write(index, new LocalShardStorage(shard));
            SearchResults r = index.searcher().search(queries(), K, SEARCH);
            try (Writer w = Files.newBufferedWriter(shard.resolve("expected.txt"), StandardCharsets.UTF_8)) {
                for (int q = 0; q < r.queryCount(); q++) {
                    for (int i = 0; i < K; i++) {
                        w.write(String.format(
                                Locale.ROOT, "%d %d %d %s%n", q, i, r.id(q, i), Float.toString(r.distance(q, i))));
                    }
                }
            }
        }
    }
}
