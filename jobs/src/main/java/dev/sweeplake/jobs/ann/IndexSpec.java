package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.RerankStore;
import dev.sweeplake.jobs.config.Checks;

/**
 * The engine and its build parameters, as config keys (snake_case of lib-ann's {@link IndexParams}). Immutable; the
 * ranges are lib-ann's own and are checked again by {@link #toParams()}.
 */
public record IndexSpec(
        EngineKind engine,
        Metric metric,
        int m,
        int efConstruction,
        int nlist,
        int pqSubspaces,
        RerankStore rerankStore,
        int reducedDimension,
        int kmeansIterations,
        long seed)
        implements java.io.Serializable {

    public IndexSpec {
        Checks.notNull("engine", engine);
        Checks.notNull("metric", metric);
        Checks.intIn("m", m, 2, 256);
        Checks.intIn("ef_construction", efConstruction, 1, 100_000);
        Checks.intIn("nlist", nlist, 1, 1 << 20);
        Checks.intIn("pq_subspaces", pqSubspaces, 1, 4096);
        Checks.notNull("rerank_store", rerankStore);
        Checks.intIn("reduced_dimension", reducedDimension, 0, 4096);
        Checks.intIn("kmeans_iterations", kmeansIterations, 1, 1000);
    }

    /** lib-ann's defaults: HNSW, L2, m 16, ef_construction 100. */
    public static IndexSpec defaults() {
        IndexParams p = IndexParams.defaults();
        return new IndexSpec(
                p.engine(),
                p.metric(),
                p.m(),
                p.efConstruction(),
                p.nlist(),
                p.pqSubspaces(),
                p.rerankStore(),
                p.reducedDimension(),
                p.kmeansIterations(),
                p.seed());
    }

    public IndexParams toParams() {
        return new IndexParams(
                engine,
                metric,
                m,
                efConstruction,
                nlist,
                pqSubspaces,
                rerankStore,
                reducedDimension,
                kmeansIterations,
                seed);
    }

    public static IndexSpec of(IndexParams p) {
        return new IndexSpec(
                p.engine(),
                p.metric(),
                p.m(),
                p.efConstruction(),
                p.nlist(),
                p.pqSubspaces(),
                p.rerankStore(),
                p.reducedDimension(),
                p.kmeansIterations(),
                p.seed());
    }

    public IndexSpec withMetric(Metric v) {
        return new IndexSpec(
                engine,
                v,
                m,
                efConstruction,
                nlist,
                pqSubspaces,
                rerankStore,
                reducedDimension,
                kmeansIterations,
                seed);
    }

    public IndexSpec withEngine(EngineKind v) {
        return new IndexSpec(
                v,
                metric,
                m,
                efConstruction,
                nlist,
                pqSubspaces,
                rerankStore,
                reducedDimension,
                kmeansIterations,
                seed);
    }

    public IndexSpec withNlist(int v) {
        return new IndexSpec(
                engine,
                metric,
                m,
                efConstruction,
                v,
                pqSubspaces,
                rerankStore,
                reducedDimension,
                kmeansIterations,
                seed);
    }
}
