package dev.sweeplake.ann.bench;

import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH for the distance kernels, scalar vs SIMD, on odd sizes. Results are checked against each other in setup so a
 * broken kernel cannot produce a fast but wrong figure. Run (after {@code mvn -pl lib-ann package}):
 * <pre>
 * java --add-modules jdk.incubator.vector -cp lib-ann/target/classes:lib-ann/target/test-classes:$(cat
 *   lib-ann/target/bench-classpath.txt) org.openjdk.jmh.Main KernelBench -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBench {
    @Param({"64", "100", "784", "1023"})
    int dim;

    @Param({"scalar", "simd"})
    String kernel;

    private VectorKernel k;
    private float[] a;
    private float[] b;
    private final float[] out = new float[8];

    @Setup(Level.Trial)
    public void setup() {
        VectorKernel simd = VectorKernels.simdOrNull();
        k = kernel.equals("simd") ? simd : VectorKernels.scalar();
        if (k == null) {
            throw new IllegalStateException("SIMD kernel needs --add-modules jdk.incubator.vector");
        }
        Random r = new Random(1);
        a = new float[4 * dim];
        b = new float[2 * dim];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat();
        }
        float ref = VectorKernels.scalar().l2(a, 0, b, 0, dim);
        float got = k.l2(a, 0, b, 0, dim);
        if (Math.abs(ref - got) > 1e-3f * (1 + ref)) {
            throw new IllegalStateException("kernel " + k.name() + " l2 " + got + " != " + ref);
        }
    }

    @Benchmark
    public float l2() {
        return k.l2(a, 0, b, 0, dim);
    }

    @Benchmark
    public float dot() {
        return k.dot(a, 0, b, 0, dim);
    }

    /** 8 dot products per call: divide by 8 for the per-pair cost of the blocked exact search. */
    @Benchmark
    public float[] dot4x2() {
        k.dot4x2(a, 0, dim, b, 0, dim, dim, out);
        return out;
    }
}
