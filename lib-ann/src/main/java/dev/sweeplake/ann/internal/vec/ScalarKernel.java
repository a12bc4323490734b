package dev.sweeplake.ann.internal.vec;

/** Portable kernel: plain loops with independent accumulators (the JIT may auto-vectorise). Stateless, thread-safe. */
public final class ScalarKernel implements VectorKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < len; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float l2(float[] a, int ao, float[] b, int bo, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            float d0 = a[ao + i] - b[bo + i];
            float d1 = a[ao + i + 1] - b[bo + i + 1];
            float d2 = a[ao + i + 2] - b[bo + i + 2];
            float d3 = a[ao + i + 3] - b[bo + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < len; i++) {
            float d = a[ao + i] - b[bo + i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dot4x2(float[] q, int qo, int qs, float[] b, int bo, int bs, int len, float[] out) {
        float s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
        int q0 = qo;
        int q1 = qo + qs;
        int q2 = qo + 2 * qs;
        int q3 = qo + 3 * qs;
        int b0 = bo;
        int b1 = bo + bs;
        for (int i = 0; i < len; i++) {
            float x0 = b[b0 + i];
            float x1 = b[b1 + i];
            float a0 = q[q0 + i];
            float a1 = q[q1 + i];
            float a2 = q[q2 + i];
            float a3 = q[q3 + i];
            s00 += a0 * x0;
            s01 += a0 * x1;
            s10 += a1 * x0;
            s11 += a1 * x1;
            s20 += a2 * x0;
            s21 += a2 * x1;
            s30 += a3 * x0;
            s31 += a3 * x1;
        }
        out[0] = s00;
        out[1] = s01;
        out[2] = s10;
        out[3] = s11;
        out[4] = s20;
        out[5] = s21;
        out[6] = s30;
        out[7] = s31;
    }
}
