package dev.sweeplake.ann.internal;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.TestData;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.vec.ThreadAllocation;
import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;

/**
 * Run in a child JVM by {@link KernelFallbackTest}: prints the chosen kernel, the id found for a query, and the bytes
 * this thread allocated over 1,000 calls of each distance right after the kernel's choice (-1 where the JVM does not
 * say).
 */
public final class KernelProbe {
    private KernelProbe() {}

    public static void main(String[] args) {
        String name = AnnIndex.prepareKernel();
        VectorKernel k = VectorKernels.get();
        float[] x = new float[5 * 128];
        float[] out = new float[4];
        float sum = 0f;
        long a0 = ThreadAllocation.current();
        for (int i = 0; i < 1_000; i++) {
            k.l2x4(x, 0, x, 128, 256, 384, 512, 128, out);
            sum += out[0] + k.l2(x, 0, x, 128, 128) + k.dot(x, 0, x, 128, 128);
        }
        long a1 = ThreadAllocation.current();
        VectorMatrix base = TestData.clustered(300, 24, 4, 5);
        AnnIndex index = AnnIndex.build(base, IndexParams.defaults().withM(8), 1, ProgressListener.NONE);
        long id = index.searcher()
                .search(base.row(17), 1, SearchParams.defaults())
                .id(0, 0);
        System.out.println("kernel=" + name + " nearest=" + id + " expected=" + base.id(17) + " round_bytes="
                + (a0 < 0 || a1 < 0 ? -1 : a1 - a0) + " checksum=" + sum);
    }
}
