package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.internal.vec.VectorKernel;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.util.SplittableRandom;

/**
 * PCA projection to a lower dimension (LeanVec-style traversal space). For L2 the basis spans the top eigenvectors of
 * the covariance (data centred on the mean); for inner product and cosine it spans those of the uncentred second
 * moment, with no centring, so that projected dot products approximate the original ones. Found by subspace
 * (orthogonal) iteration on a seeded sample. Immutable after construction; thread-safe.
 */
final class Pca {
    private static final int MAX_SAMPLE = 2000;
    private static final int ITERATIONS = 12;

    final int dim;
    final int reduced;
    /** Mean subtracted before projecting (zeros for inner product and cosine). */
    final float[] mean;
    /** reduced x dim, orthonormal rows. */
    final float[] components;

    Pca(int dim, int reduced, float[] mean, float[] components) {
        this.dim = dim;
        this.reduced = reduced;
        this.mean = mean;
        this.components = components;
    }

    static Pca train(float[] data, int n, int dim, int reduced, Metric metric, long seed) {
        VectorKernel kernel = VectorKernels.get();
        int[] rows = Sampling.rows(n, MAX_SAMPLE, seed);
        int ns = rows.length;
        float[] mean = new float[dim];
        if (metric == Metric.L2) {
            double[] s = new double[dim];
            for (int r : rows) {
                for (int d = 0; d < dim; d++) {
                    s[d] += data[r * dim + d];
                }
            }
            for (int d = 0; d < dim; d++) {
                mean[d] = (float) (s[d] / ns);
            }
        }
        // Transposed, centred sample: dim rows of ns values, padded to a multiple of 4 rows for the 4x2 kernel.
        int dimPad = (dim + 3) & ~3;
        float[] xt = new float[dimPad * ns];
        for (int i = 0; i < ns; i++) {
            int o = rows[i] * dim;
            for (int d = 0; d < dim; d++) {
                xt[d * ns + i] = data[o + d] - mean[d];
            }
        }
        float[] cov = new float[dimPad * dimPad];
        float[] out = new float[8];
        for (int i = 0; i < dimPad; i += 4) {
            for (int j = i & ~1; j < dimPad; j += 2) {
                kernel.dot4x2(xt, i * ns, ns, xt, j * ns, ns, ns, out);
                for (int a = 0; a < 4; a++) {
                    for (int b = 0; b < 2; b++) {
                        float v = out[2 * a + b] / ns;
                        cov[(i + a) * dimPad + j + b] = v;
                        cov[(j + b) * dimPad + i + a] = v;
                    }
                }
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        int redPad = (reduced + 3) & ~3;
        float[] q = new float[redPad * dimPad];
        for (int i = 0; i < reduced * dimPad; i++) {
            q[i] = (float) (rnd.nextDouble() - 0.5);
        }
        orthonormalize(q, reduced, dimPad);
        float[] z = new float[redPad * dimPad];
        for (int it = 0; it < ITERATIONS; it++) {
            // z_r = C q_r (C symmetric: z_r[c] = dot(q_r, C_c)).
            for (int r = 0; r < redPad; r += 4) {
                for (int c = 0; c < dimPad; c += 2) {
                    kernel.dot4x2(q, r * dimPad, dimPad, cov, c * dimPad, dimPad, dimPad, out);
                    for (int a = 0; a < 4; a++) {
                        z[(r + a) * dimPad + c] = out[2 * a];
                        z[(r + a) * dimPad + c + 1] = out[2 * a + 1];
                    }
                }
            }
            orthonormalize(z, reduced, dimPad);
            float[] t = q;
            q = z;
            z = t;
        }
        float[] comps = new float[reduced * dim];
        for (int r = 0; r < reduced; r++) {
            System.arraycopy(q, r * dimPad, comps, r * dim, dim);
        }
        return new Pca(dim, reduced, mean, comps);
    }

    /** Modified Gram-Schmidt on the first {@code rows} rows (length len); degenerate rows become unit axes. */
    private static void orthonormalize(float[] m, int rows, int len) {
        for (int r = 0; r < rows; r++) {
            int o = r * len;
            for (int p = 0; p < r; p++) {
                int po = p * len;
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    dot += (double) m[o + i] * m[po + i];
                }
                for (int i = 0; i < len; i++) {
                    m[o + i] -= (float) (dot * m[po + i]);
                }
            }
            double norm = 0;
            for (int i = 0; i < len; i++) {
                norm += (double) m[o + i] * m[o + i];
            }
            if (norm < 1e-20) {
                java.util.Arrays.fill(m, o, o + len, 0f);
                m[o + (r % len)] = 1f;
            } else {
                float inv = (float) (1 / Math.sqrt(norm));
                for (int i = 0; i < len; i++) {
                    m[o + i] *= inv;
                }
            }
        }
    }

    /** Projects src[srcOff..srcOff+dim) into dst[dstOff..dstOff+reduced); scratch must hold dim floats. */
    void project(VectorKernel kernel, float[] src, int srcOff, float[] dst, int dstOff, float[] scratch) {
        for (int d = 0; d < dim; d++) {
            scratch[d] = src[srcOff + d] - mean[d];
        }
        for (int r = 0; r < reduced; r++) {
            dst[dstOff + r] = kernel.dot(scratch, 0, components, r * dim, dim);
        }
    }

    float[] projectAll(float[] data, int n) {
        VectorKernel kernel = VectorKernels.get();
        float[] out = new float[n * reduced];
        float[] scratch = new float[dim];
        for (int i = 0; i < n; i++) {
            project(kernel, data, i * dim, out, i * reduced, scratch);
        }
        return out;
    }
}
