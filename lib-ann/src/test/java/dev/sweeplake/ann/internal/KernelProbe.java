package dev.sweeplake.ann.internal;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.TestData;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.vec.VectorKernels;

/** Run in a child JVM by {@link KernelFallbackTest}: prints the chosen kernel and the id found for a query. */
public final class KernelProbe {
    private KernelProbe() {}

    public static void main(String[] args) {
        VectorMatrix base = TestData.clustered(300, 24, 4, 5);
        AnnIndex index = AnnIndex.build(base, IndexParams.defaults().withM(8), 1, ProgressListener.NONE);
        long id = index.searcher()
                .search(base.row(17), 1, SearchParams.defaults())
                .id(0, 0);
        System.out.println("kernel=" + VectorKernels.get().name() + " nearest=" + id + " expected=" + base.id(17));
    }
}
