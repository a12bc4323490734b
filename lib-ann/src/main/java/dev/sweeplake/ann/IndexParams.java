package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;

/**
 * Build parameters of an index. Fields that an engine does not use are ignored by it (and still stored).
 * Immutable, thread-safe; validated in the compact constructor, dimension-dependent checks happen at build time.
 *
 * @param engine           which engine to build
 * @param metric           distance metric
 * @param m                HNSW: neighbours per node on upper layers (2 * m on layer 0), in [2, 256]
 * @param efConstruction   HNSW: candidate list size while inserting, in [1, 100000]
 * @param nlist            IVF: number of k-means lists, in [1, 1048576] (and at most the base size)
 * @param pqSubspaces      IVF-PQ: number of sub-quantizers (one byte code each), in [1, 4096], at most the dimension
 * @param rerankStore      IVF-PQ: vectors kept for re-ranking candidates
 * @param reducedDimension HNSW: 0 = off, else PCA dimension for graph traversal with full-vector re-rank, in [0, 4096]
 * @param kmeansIterations IVF: Lloyd iterations for the coarse quantizer and the PQ codebooks, in [1, 1000]
 * @param seed             seed of every random choice (HNSW levels, k-means++ init, samples)
 */
public record IndexParams(
        EngineKind engine,
        Metric metric,
        int m,
        int efConstruction,
        int nlist,
        int pqSubspaces,
        RerankStore rerankStore,
        int reducedDimension,
        int kmeansIterations,
        long seed) {

    public IndexParams {
        Checks.notNull("engine", engine);
        Checks.notNull("metric", metric);
        Checks.inRange("m", m, 2, 256);
        Checks.inRange("efConstruction", efConstruction, 1, 100_000);
        Checks.inRange("nlist", nlist, 1, 1 << 20);
        Checks.inRange("pqSubspaces", pqSubspaces, 1, 4096);
        Checks.notNull("rerankStore", rerankStore);
        Checks.inRange("reducedDimension", reducedDimension, 0, 4096);
        Checks.inRange("kmeansIterations", kmeansIterations, 1, 1000);
    }

    /** HNSW, L2, m 16, efConstruction 100, nlist 64, 16 PQ subspaces, SQ8 re-rank, no PCA, 10 iterations, seed 42. */
    public static IndexParams defaults() {
        return new IndexParams(EngineKind.HNSW, Metric.L2, 16, 100, 64, 16, RerankStore.SQ8, 0, 10, 42L);
    }

    public IndexParams withEngine(EngineKind v) {
        return new IndexParams(
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

    public IndexParams withMetric(Metric v) {
        return new IndexParams(
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

    public IndexParams withM(int v) {
        return new IndexParams(
                engine,
                metric,
                v,
                efConstruction,
                nlist,
                pqSubspaces,
                rerankStore,
                reducedDimension,
                kmeansIterations,
                seed);
    }

    public IndexParams withEfConstruction(int v) {
        return new IndexParams(
                engine, metric, m, v, nlist, pqSubspaces, rerankStore, reducedDimension, kmeansIterations, seed);
    }

    public IndexParams withNlist(int v) {
        return new IndexParams(
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

    public IndexParams withPqSubspaces(int v) {
        return new IndexParams(
                engine, metric, m, efConstruction, nlist, v, rerankStore, reducedDimension, kmeansIterations, seed);
    }

    public IndexParams withRerankStore(RerankStore v) {
        return new IndexParams(
                engine, metric, m, efConstruction, nlist, pqSubspaces, v, reducedDimension, kmeansIterations, seed);
    }

    public IndexParams withReducedDimension(int v) {
        return new IndexParams(
                engine, metric, m, efConstruction, nlist, pqSubspaces, rerankStore, v, kmeansIterations, seed);
    }

    public IndexParams withKmeansIterations(int v) {
        return new IndexParams(
                engine, metric, m, efConstruction, nlist, pqSubspaces, rerankStore, reducedDimension, v, seed);
    }

    public IndexParams withSeed(long v) {
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
                v);
    }
}
