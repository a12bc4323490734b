package dev.sweeplake.ann.bench;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import com.spotify.voyager.jni.Index;
import dev.sweeplake.ann.internal.format.CountingOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/** The Java peers (test/bench scope only): Voyager (C++ hnswlib via JNI), Lucene HNSW, jelmerk hnswlib-core. */
final class PeerEngines {
    private PeerEngines() {}

    static Map<String, Object> hnswParams(int m, int efc, int threads) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("m", m);
        p.put("ef_construction", efc);
        p.put("build_threads", threads);
        return p;
    }

    /** Voyager 2.0.6, Euclidean, Float32 storage; batch query with one thread. */
    static final class Voyager implements BenchEngine {
        private final int m;
        private final int efc;
        private Index index;
        private int threads;

        Voyager(int m, int efc) {
            this.m = m;
            this.efc = efc;
        }

        @Override
        public String name() {
            return "voyager";
        }

        @Override
        public Map<String, Object> buildParams() {
            return hnswParams(m, efc, threads);
        }

        @Override
        public void build(float[][] base, long[] ids, int threads) {
            this.threads = threads;
            index = new Index(
                    Index.SpaceType.Euclidean, base[0].length, m, efc, 1L, base.length, Index.StorageDataType.Float32);
            index.addItems(base, ids, threads);
        }

        @Override
        public long[][] search(float[][] queries, int k, int ef) {
            Index.QueryResults[] r = index.query(queries, k, 1, ef);
            long[][] out = new long[r.length][];
            for (int i = 0; i < r.length; i++) {
                out[i] = r[i].getLabels();
            }
            return out;
        }

        @Override
        public String settingName() {
            return "ef";
        }

        @Override
        public long bytes() {
            CountingOutputStream c = new CountingOutputStream();
            index.saveIndex(c);
            return c.count();
        }

        @Override
        public void close() throws Exception {
            if (index != null) {
                index.close();
            }
        }
    }

    /** Lucene 9.12.3 HNSW graph used directly (no IndexWriter): HnswGraphBuilder / HnswGraphSearcher. */
    static final class Lucene implements BenchEngine {
        private final int m;
        private final int beam;
        private RandomAccessVectorValues.Floats values;
        private OnHeapHnswGraph graph;
        private long[] ids;
        private int dim;

        Lucene(int m, int beam) {
            this.m = m;
            this.beam = beam;
        }

        @Override
        public String name() {
            return "lucene";
        }

        @Override
        public Map<String, Object> buildParams() {
            return hnswParams(m, beam, 1);
        }

        @Override
        public void build(float[][] base, long[] ids, int threads) throws Exception {
            // Lucene's plain HnswGraphBuilder is single-threaded (concurrency only exists inside segment merges).
            this.ids = ids;
            this.dim = base[0].length;
            values = RandomAccessVectorValues.fromFloats(Arrays.asList(base), dim);
            RandomVectorScorerSupplier sup = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                    VectorSimilarityFunction.EUCLIDEAN, values);
            graph = HnswGraphBuilder.create(sup, m, beam, 42L).build(base.length);
        }

        @Override
        public long[][] search(float[][] queries, int k, int ef) throws Exception {
            long[][] out = new long[queries.length][];
            for (int i = 0; i < queries.length; i++) {
                RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(
                        VectorSimilarityFunction.EUCLIDEAN, values, queries[i]);
                TopDocs td = HnswGraphSearcher.search(scorer, Math.max(k, ef), graph, null, Integer.MAX_VALUE)
                        .topDocs();
                ScoreDoc[] sd = td.scoreDocs;
                long[] r = new long[k];
                Arrays.fill(r, -1);
                for (int j = 0; j < Math.min(k, sd.length); j++) {
                    r[j] = ids[sd[j].doc];
                }
                out[i] = r;
            }
            return out;
        }

        @Override
        public String settingName() {
            return "ef";
        }

        @Override
        public long bytes() {
            return graph.ramBytesUsed() + 4L * dim * ids.length;
        }
    }

    /** One float[] item for hnswlib-core. */
    record FloatItem(Long id, float[] vector) implements Item<Long, float[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    /** jelmerk hnswlib-core 1.2.1 (pure Java HNSW), Euclidean. */
    static final class HnswlibCore implements BenchEngine {
        private final int m;
        private final int efc;
        private HnswIndex<Long, float[], FloatItem, Float> index;
        private int threads;

        HnswlibCore(int m, int efc) {
            this.m = m;
            this.efc = efc;
        }

        @Override
        public String name() {
            return "hnswlib-core";
        }

        @Override
        public Map<String, Object> buildParams() {
            return hnswParams(m, efc, threads);
        }

        @Override
        public void build(float[][] base, long[] ids, int threads) throws Exception {
            this.threads = threads;
            index = HnswIndex.newBuilder(base[0].length, DistanceFunctions.FLOAT_EUCLIDEAN_DISTANCE, base.length)
                    .withM(m)
                    .withEfConstruction(efc)
                    .withEf(efc)
                    .build();
            List<FloatItem> items = new ArrayList<>(base.length);
            for (int i = 0; i < base.length; i++) {
                items.add(new FloatItem(ids[i], base[i]));
            }
            index.addAll(items, threads, (done, max) -> {}, Integer.MAX_VALUE);
        }

        @Override
        public long[][] search(float[][] queries, int k, int ef) {
            index.setEf(ef);
            long[][] out = new long[queries.length][];
            for (int i = 0; i < queries.length; i++) {
                List<SearchResult<FloatItem, Float>> r = index.findNearest(queries[i], k);
                long[] ids = new long[k];
                Arrays.fill(ids, -1);
                for (int j = 0; j < r.size(); j++) {
                    ids[j] = r.get(j).item().id();
                }
                out[i] = ids;
            }
            return out;
        }

        @Override
        public String settingName() {
            return "ef";
        }

        @Override
        public long bytes() throws Exception {
            CountingOutputStream c = new CountingOutputStream();
            index.save(c);
            return c.count();
        }
    }
}
