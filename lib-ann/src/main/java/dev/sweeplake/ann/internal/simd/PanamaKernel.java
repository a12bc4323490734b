package dev.sweeplake.ann.internal.simd;

import dev.sweeplake.ann.internal.vec.VectorKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernel on the incubating Vector API ({@code jdk.incubator.vector}, JDK 17). Only loaded reflectively by
 * {@link dev.sweeplake.ann.internal.vec.VectorKernels} after it checked the module is present. Stateless, thread-safe.
 */
public final class PanamaKernel implements VectorKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String name() {
        return "panama-" + S.vectorBitSize();
    }

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int len) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        for (; i + 2 * L <= len; i += 2 * L) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
            acc1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), acc1);
        }
        for (; i + L <= len; i += L) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public float l2(float[] a, int ao, float[] b, int bo, int len) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        for (; i + 2 * L <= len; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i));
            FloatVector d1 = FloatVector.fromArray(S, a, ao + i + L).sub(FloatVector.fromArray(S, b, bo + i + L));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        for (; i + L <= len; i += L) {
            FloatVector d0 = FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i));
            acc0 = d0.fma(d0, acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float d = a[ao + i] - b[bo + i];
            s += d * d;
        }
        return s;
    }

    @Override
    public void l2x4(float[] q, int qo, float[] b, int o0, int o1, int o2, int o3, int len, float[] out) {
        // the accumulation of l2() for each row (even blocks into a0x, odd into a1x), four rows side by side
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S);
        FloatVector a01 = FloatVector.zero(S);
        FloatVector a11 = FloatVector.zero(S);
        FloatVector a02 = FloatVector.zero(S);
        FloatVector a12 = FloatVector.zero(S);
        FloatVector a03 = FloatVector.zero(S);
        FloatVector a13 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= len; i += 2 * L) {
            FloatVector x = FloatVector.fromArray(S, q, qo + i);
            FloatVector y = FloatVector.fromArray(S, q, qo + i + L);
            FloatVector d = x.sub(FloatVector.fromArray(S, b, o0 + i));
            FloatVector e = y.sub(FloatVector.fromArray(S, b, o0 + i + L));
            a00 = d.fma(d, a00);
            a10 = e.fma(e, a10);
            d = x.sub(FloatVector.fromArray(S, b, o1 + i));
            e = y.sub(FloatVector.fromArray(S, b, o1 + i + L));
            a01 = d.fma(d, a01);
            a11 = e.fma(e, a11);
            d = x.sub(FloatVector.fromArray(S, b, o2 + i));
            e = y.sub(FloatVector.fromArray(S, b, o2 + i + L));
            a02 = d.fma(d, a02);
            a12 = e.fma(e, a12);
            d = x.sub(FloatVector.fromArray(S, b, o3 + i));
            e = y.sub(FloatVector.fromArray(S, b, o3 + i + L));
            a03 = d.fma(d, a03);
            a13 = e.fma(e, a13);
        }
        if (i != len) { // rare widths: the remaining blocks and elements exactly as l2() does them
            out[0] = l2Tail(q, qo, b, o0, len, i, a00, a10);
            out[1] = l2Tail(q, qo, b, o1, len, i, a01, a11);
            out[2] = l2Tail(q, qo, b, o2, len, i, a02, a12);
            out[3] = l2Tail(q, qo, b, o3, len, i, a03, a13);
            return;
        }
        out[0] = a00.add(a10).reduceLanes(VectorOperators.ADD);
        out[1] = a01.add(a11).reduceLanes(VectorOperators.ADD);
        out[2] = a02.add(a12).reduceLanes(VectorOperators.ADD);
        out[3] = a03.add(a13).reduceLanes(VectorOperators.ADD);
    }

    private static float l2Tail(
            float[] a, int ao, float[] b, int bo, int len, int i, FloatVector acc0, FloatVector acc1) {
        for (; i + L <= len; i += L) {
            FloatVector d0 = FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i));
            acc0 = d0.fma(d0, acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float d = a[ao + i] - b[bo + i];
            s += d * d;
        }
        return s;
    }

    @Override
    public void dot4x2(float[] q, int qo, int qs, float[] b, int bo, int bs, int len, float[] out) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        int q0 = qo;
        int q1 = qo + qs;
        int q2 = qo + 2 * qs;
        int q3 = qo + 3 * qs;
        int b0 = bo;
        int b1 = bo + bs;
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector x0 = FloatVector.fromArray(S, b, b0 + i);
            FloatVector x1 = FloatVector.fromArray(S, b, b1 + i);
            FloatVector a = FloatVector.fromArray(S, q, q0 + i);
            s00 = a.fma(x0, s00);
            s01 = a.fma(x1, s01);
            a = FloatVector.fromArray(S, q, q1 + i);
            s10 = a.fma(x0, s10);
            s11 = a.fma(x1, s11);
            a = FloatVector.fromArray(S, q, q2 + i);
            s20 = a.fma(x0, s20);
            s21 = a.fma(x1, s21);
            a = FloatVector.fromArray(S, q, q3 + i);
            s30 = a.fma(x0, s30);
            s31 = a.fma(x1, s31);
        }
        float r00 = s00.reduceLanes(VectorOperators.ADD);
        float r01 = s01.reduceLanes(VectorOperators.ADD);
        float r10 = s10.reduceLanes(VectorOperators.ADD);
        float r11 = s11.reduceLanes(VectorOperators.ADD);
        float r20 = s20.reduceLanes(VectorOperators.ADD);
        float r21 = s21.reduceLanes(VectorOperators.ADD);
        float r30 = s30.reduceLanes(VectorOperators.ADD);
        float r31 = s31.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float x0 = b[b0 + i];
            float x1 = b[b1 + i];
            r00 += q[q0 + i] * x0;
            r01 += q[q0 + i] * x1;
            r10 += q[q1 + i] * x0;
            r11 += q[q1 + i] * x1;
            r20 += q[q2 + i] * x0;
            r21 += q[q2 + i] * x1;
            r30 += q[q3 + i] * x0;
            r31 += q[q3 + i] * x1;
        }
        out[0] = r00;
        out[1] = r01;
        out[2] = r10;
        out[3] = r11;
        out[4] = r20;
        out[5] = r21;
        out[6] = r30;
        out[7] = r31;
    }
}
