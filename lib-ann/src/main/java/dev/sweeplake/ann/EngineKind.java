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
    IVF_PQ(4);

    private final int code;

    EngineKind(int code) {
        this.code = code;
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
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "engine code must be one of 1, 2, 3, 4, actual %d", code));
    }
}
