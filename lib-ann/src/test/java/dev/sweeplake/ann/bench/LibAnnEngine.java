package dev.sweeplake.ann.bench;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** A lib-ann engine under benchmark. */
final class LibAnnEngine implements BenchEngine {
    private final String name;
    private final IndexParams params;
    private final String settingName;
    private final IntFunction<SearchParams> setting;
    private final Map<String, Object> extra;
    private AnnIndex index;
    private AnnSearcher searcher;
    private int threads;

    LibAnnEngine(
            String name,
            IndexParams params,
            String settingName,
            IntFunction<SearchParams> setting,
            Map<String, Object> extra) {
        this.name = name;
        this.params = params;
        this.settingName = settingName;
        this.setting = setting;
        this.extra = extra;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Object> buildParams() {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (params.engine()) {
            case HNSW:
                p.put("m", params.m());
                p.put("ef_construction", params.efConstruction());
                if (params.reducedDimension() > 0) {
                    p.put("reduced_dimension", params.reducedDimension());
                }
                break;
            case IVF_FLAT:
                p.put("nlist", params.nlist());
                break;
            case IVF_PQ:
                p.put("nlist", params.nlist());
                p.put("pq_subspaces", params.pqSubspaces());
                p.put("rerank_store", params.rerankStore().name());
                break;
            default:
                break;
        }
        p.put("build_threads", threads);
        p.putAll(extra);
        return p;
    }

    @Override
    public void build(float[][] base, long[] ids, int threads) {
        this.threads = threads;
        int dim = base[0].length;
        float[] flat = new float[base.length * dim];
        for (int i = 0; i < base.length; i++) {
            System.arraycopy(base[i], 0, flat, i * dim, dim);
        }
        index = AnnIndex.build(VectorMatrix.of(flat, dim, ids), params, threads, ProgressListener.NONE);
        searcher = index.searcher();
    }

    private VectorMatrix cachedQueries;
    private float[][] cachedFrom;

    @Override
    public long[][] search(float[][] queries, int k, int s) {
        if (cachedFrom != queries) {
            int dim = queries[0].length;
            float[] flat = new float[queries.length * dim];
            for (int i = 0; i < queries.length; i++) {
                System.arraycopy(queries[i], 0, flat, i * dim, dim);
            }
            cachedQueries = VectorMatrix.withRowIds(flat, dim);
            cachedFrom = queries;
        }
        SearchResults r = searcher.search(cachedQueries, k, setting.apply(s));
        long[][] out = new long[r.queryCount()][];
        for (int q = 0; q < out.length; q++) {
            out[q] = r.idsOf(q);
        }
        return out;
    }

    @Override
    public String settingName() {
        return settingName;
    }

    @Override
    public long bytes() {
        return index.bytes();
    }
}
