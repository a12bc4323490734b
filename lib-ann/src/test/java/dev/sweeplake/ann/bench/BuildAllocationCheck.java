package dev.sweeplake.ann.bench;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.vec.ThreadAllocation;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How much a build allocates on its thread in a fresh JVM, the quantity behind {@code ann build}'s per-task heap bound
 * ({@code task_heap_bytes}: the shard's arrays plus the build thread's allocations). Two threads each build two HNSW
 * indexes (M 16, ef_construction 100) over seeded Gaussian rows, as two Spark task threads of one executor would, and
 * print per build: seconds, MB allocated, index MB and the bound's ratio to the index size. With {@code --prepare} the
 * main thread calls {@link AnnIndex#prepareKernel()} first (what the build task now does); without it the first
 * build's thread chooses and warms up the kernel itself. Run in a new JVM each time:
 * {@code java --add-modules jdk.incubator.vector -cp ... dev.sweeplake.ann.bench.BuildAllocationCheck [--prepare]
 * [--rows 12500] [--dim 128]}
 */
public final class BuildAllocationCheck {
    private BuildAllocationCheck() {}

    public static void main(String[] args) throws InterruptedException {
        boolean prepare = false;
        int rows = 12_500;
        int dim = 128;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--prepare" -> prepare = true;
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--dim" -> dim = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument '" + args[i] + "'; usage: [--prepare] [--rows 12500] [--dim 128]");
            }
        }
        if (ThreadAllocation.current() < 0) {
            throw new IllegalStateException("this JVM does not report per-thread allocation");
        }
        if (prepare) {
            System.out.println("kernel " + AnnIndex.prepareKernel() + " prepared on the main thread");
        }
        IndexParams p =
                IndexParams.defaults().withEngine(EngineKind.HNSW).withM(16).withEfConstruction(100);
        int n = rows;
        int d = dim;
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int part = t;
            threads[t] = new Thread(() -> {
                for (int rep = 0; rep < 2; rep++) {
                    SplittableRandom r = new SplittableRandom(2026L + 10L * part + rep);
                    float[] data = new float[n * d];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (float) (r.nextDouble() * 2 - 1) + (i % d < 16 ? (i / d % 8) : 0);
                    }
                    long[] ids = new long[n];
                    for (int i = 0; i < n; i++) {
                        ids[i] = i;
                    }
                    long a0 = ThreadAllocation.current();
                    long t0 = System.nanoTime();
                    AnnIndex index = AnnIndex.build(VectorMatrix.of(data, d, ids), p, 1, ProgressListener.NONE);
                    long a1 = ThreadAllocation.current();
                    double bound = (a1 - a0) + 4.0 * data.length + 8.0 * n;
                    System.out.printf(
                            Locale.ROOT,
                            "thread %d build %d: %.1f s, allocated %.1f MB, index %.1f MB, bound / index %.2f%n",
                            part,
                            rep,
                            (System.nanoTime() - t0) / 1e9,
                            (a1 - a0) / 1e6,
                            index.bytes() / 1e6,
                            bound / index.bytes());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
