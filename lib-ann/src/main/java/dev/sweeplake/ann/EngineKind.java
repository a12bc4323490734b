package dev.sweeplake.ann;

import java.util.Locale;

/**
 * The index engines. The reduced-dimension (PCA, LeanVec-style) option is a parameter of {@link #HNSW}
 * ({@link IndexParams#reducedDimension()}), not an engine of its own. Immutable, thread-safe.
 */
public enum EngineKind {
    /** Exact search over all vectors (blocked SIMD kernel). */
    FLAT(1),
    /** Hierarchical navigable small world graph; optionally traversed in a PCA-reduced space with full-vector re-rank. */
    HNSW(2),
    /** Inverted file: k-means coarse quantizer, full vectors per list. */
    IVF_FLAT(3),
    /** Inverted file with product-quantized codes and optional re-rank on stored (8-bit or float) vectors. */
    IVF_PQ(4),
    /** Exact search, batched on a GPU (tiled distance kernel + per-query top-k); the {@link #FLAT} file payload. */
    GPU_FLAT(5),
    /** IVF-Flat with k-means, list assignment and batched search on a GPU; the {@link #IVF_FLAT} file payload. */
    GPU_IVF_FLAT(6),
    /**
     * A fixed-degree graph built on a GPU (exact k-NN graph, CAGRA-style rank-based pruning, reverse edges; degree
     * 2 x {@link IndexParams#m()}), searched batched on a GPU or on a CPU. Stored as a one-layer {@link #HNSW} payload,
     * so any CPU executor serves it.
     */
    GPU_GRAPH(7);

    private final int code;

    EngineKind(int code) {
        this.code = code;
    }

    /** Whether this engine builds (and by default searches) on a GPU. */
    public boolean isGpu() {
        return code >= 5;
    }

    /**
     * The CPU engine of the same family, used when no GPU is usable under {@code gpu: auto}: FLAT for GPU_FLAT,
     * IVF_FLAT for GPU_IVF_FLAT, HNSW for GPU_GRAPH; a CPU engine is its own family.
     */
    public EngineKind cpuFamily() {
        switch (this) {
            case GPU_FLAT:
                return FLAT;
            case GPU_IVF_FLAT:
                return IVF_FLAT;
            case GPU_GRAPH:
                return HNSW;
            default:
                return this;
        }
    }

    /** The config value, e.g. {@code gpu_ivf_flat}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Stable code stored in index files (never the ordinal). */
    public int code() {
        return code;
    }

    public static EngineKind fromCode(int code) {
        for (EngineKind e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                String.format(Locale.ROOT, "engine code must be one of 1, 2, 3, 4, 5, 6, 7, actual %d", code));
    }
}
