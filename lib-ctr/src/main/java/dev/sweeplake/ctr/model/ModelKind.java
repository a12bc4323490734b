package dev.sweeplake.ctr.model;

/** The CTR models lib-ctr trains. Logits of the parts named are summed. */
public enum ModelKind {
    /** Logistic regression: bias + per-feature weights. */
    LR,
    /** Factorization machine: LR + pairwise field-embedding interactions. */
    FM,
    /** DeepFM: FM + an MLP over the concatenated field embeddings. */
    DEEPFM,
    /** DCNv2 (parallel): a full-rank cross network and an MLP over the field embeddings, concatenated, one output. */
    DCNV2,
    /** Wide&Deep: LR + an MLP over the field embeddings. */
    WIDE_DEEP;

    /** Lower-case name used in configs and JSON ("lr", "fm", "deepfm", "dcnv2", "wide_deep"). */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #id()} (case-insensitive). */
    public static ModelKind fromId(String id) {
        for (ModelKind k : values()) {
            if (k.id().equalsIgnoreCase(id.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException(String.format(
                java.util.Locale.ROOT,
                "model must be one of %s, got '%s'",
                java.util.Arrays.stream(values()).map(ModelKind::id).toList(),
                id));
    }
}
