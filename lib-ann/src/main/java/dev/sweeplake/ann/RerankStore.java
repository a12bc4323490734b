package dev.sweeplake.ann;

/**
 * What an IVF-PQ index keeps besides its PQ codes for re-ranking candidates. Immutable, thread-safe.
 */
public enum RerankStore {
    /** Nothing: distances are the PQ approximations (smallest index). */
    NONE(0),
    /** 8-bit scalar-quantized vectors (per-dimension min/scale): 1 byte per dimension. */
    SQ8(1),
    /** The float vectors: 4 bytes per dimension. */
    FLOAT(2);

    private final int code;

    RerankStore(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RerankStore fromCode(int code) {
        for (RerankStore r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                String.format(java.util.Locale.ROOT, "rerank store code must be one of 0, 1, 2, actual %d", code));
    }
}
