package dev.sweeplake.ann.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Scalar and SIMD kernels agree with a double-precision reference on odd lengths and offsets. */
class KernelPropertiesTest {

    private static List<VectorKernel> kernels() {
        List<VectorKernel> ks = new ArrayList<>();
        ks.add(VectorKernels.scalar());
        VectorKernel simd = VectorKernels.simdOrNull();
        if (simd != null) {
            ks.add(simd);
        }
        return ks;
    }

    @Test
    void simdKernelIsAvailableUnderSurefire() {
        // Surefire runs with --add-modules jdk.incubator.vector: the SIMD path must really be exercised here.
        assertNotNull(VectorKernels.simdOrNull());
    }

    @Property(tries = 200, seed = "20261126")
    void kernelsMatchReference(
            @ForAll @IntRange(min = 1, max = 300) int len,
            @ForAll @IntRange(min = 0, max = 7) int offset,
            @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Random rnd = new Random(seed);
        int rows = 6;
        int stride = len + offset;
        float[] a = new float[rows * stride + offset];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        for (VectorKernel k : kernels()) {
            double dot = 0;
            double l2 = 0;
            for (int i = 0; i < len; i++) {
                dot += (double) a[offset + i] * a[offset + stride + i];
                double d = (double) a[offset + i] - a[offset + stride + i];
                l2 += d * d;
            }
            double tol = 1e-4 * (1 + len);
            assertEquals(dot, k.dot(a, offset, a, offset + stride, len), tol, k.name() + " dot");
            assertEquals(l2, k.l2(a, offset, a, offset + stride, len), tol, k.name() + " l2");
            float[] out = new float[8];
            k.dot4x2(a, offset, stride, a, offset + 4 * stride, stride, len, out);
            for (int qi = 0; qi < 4; qi++) {
                for (int bj = 0; bj < 2; bj++) {
                    double ref = 0;
                    for (int i = 0; i < len; i++) {
                        ref += (double) a[offset + qi * stride + i] * a[offset + (4 + bj) * stride + i];
                    }
                    assertEquals(ref, out[qi * 2 + bj], tol, k.name() + " dot4x2 " + qi + "," + bj);
                }
            }
        }
    }

    /** The four-row L2 is the one-row L2 bit for bit (the HNSW search batches neighbours with it: same graphs). */
    @Property(tries = 200, seed = "20261201")
    void l2x4IsL2BitForBit(
            @ForAll @IntRange(min = 1, max = 300) int len,
            @ForAll @IntRange(min = 0, max = 7) int offset,
            @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Random rnd = new Random(seed);
        int rows = 7;
        int stride = len + offset;
        float[] a = new float[rows * stride + offset];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        int[] pick = new int[4];
        for (int i = 0; i < 4; i++) {
            pick[i] = offset + (1 + rnd.nextInt(rows - 1)) * stride; // may repeat a row
        }
        for (VectorKernel k : kernels()) {
            float[] out = new float[4];
            k.l2x4(a, offset, a, pick[0], pick[1], pick[2], pick[3], len, out);
            for (int i = 0; i < 4; i++) {
                assertEquals(
                        Float.floatToRawIntBits(k.l2(a, offset, a, pick[i], len)),
                        Float.floatToRawIntBits(out[i]),
                        k.name() + " l2x4 row " + i + " len " + len);
            }
        }
    }
}
