package dev.sweeplake.ann.internal.engine;

/**
 * 8-bit scalar quantization per dimension: {@code value ~= min[d] + code * scale[d]}, code in 0..255.
 * Exact for data that has at most 256 evenly spaced values per dimension (e.g. uint8 pixels). Immutable; thread-safe.
 */
final class ScalarQuantizer8 {
    final float[] min;
    final float[] scale;
    final byte[] codes;
    final int dim;

    ScalarQuantizer8(int dim, float[] min, float[] scale, byte[] codes) {
        this.dim = dim;
        this.min = min;
        this.scale = scale;
        this.codes = codes;
    }

    static ScalarQuantizer8 train(float[] data, int n, int dim) {
        float[] lo = new float[dim];
        float[] hi = new float[dim];
        java.util.Arrays.fill(lo, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                float v = data[i * dim + d];
                lo[d] = Math.min(lo[d], v);
                hi[d] = Math.max(hi[d], v);
            }
        }
        float[] scale = new float[dim];
        for (int d = 0; d < dim; d++) {
            scale[d] = (hi[d] - lo[d]) / 255f;
        }
        byte[] codes = new byte[n * dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                float s = scale[d];
                int c = s == 0f ? 0 : Math.round((data[i * dim + d] - lo[d]) / s);
                codes[i * dim + d] = (byte) Math.max(0, Math.min(255, c));
            }
        }
        return new ScalarQuantizer8(dim, lo, scale, codes);
    }

    /** Decodes row r into out[0..dim). */
    void decode(int r, float[] out) {
        int o = r * dim;
        for (int d = 0; d < dim; d++) {
            out[d] = min[d] + (codes[o + d] & 0xFF) * scale[d];
        }
    }
}
