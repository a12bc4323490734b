package dev.sweeplake.ann.internal.gpu;

/**
 * The kernels of {@code lib-ann/src/main/cuda/sweeplake_ann.cu}, by PTX entry name. {@link ReferenceKernels} implements
 * each with the same semantics in Java. Immutable, thread-safe.
 */
public enum Kernel {
    SQ_NORMS("sq_norms"),
    FILL_TOPK("fill_topk"),
    DISTANCE_TILE("distance_tile"),
    SELECT_TOPK("select_topk"),
    KMEANS_ARGMIN("kmeans_argmin"),
    KMEANS_ACCUMULATE("kmeans_accumulate"),
    IVF_SCAN("ivf_scan"),
    CAGRA_PRUNE("cagra_prune"),
    GRAPH_SEARCH("graph_search");

    private final String symbol;

    Kernel(String symbol) {
        this.symbol = symbol;
    }

    /** The {@code extern "C"} entry name in the PTX. */
    public String symbol() {
        return symbol;
    }
}
