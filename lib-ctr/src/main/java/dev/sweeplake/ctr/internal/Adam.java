package dev.sweeplake.ctr.internal;

import java.util.List;

/**
 * Adam with the exact update of {@code torch.optim.Adam} (bias-corrected, eps added after the square root), plus L2 as
 * a gradient term {@code l2 * theta} (the gradient of {@code l2/2 ||theta||^2}).
 *
 * <p>Dense (default): every element is updated every step, as PyTorch does for dense embedding gradients. Lazy
 * ({@code lazyEmbeddings}): the embedding-like tensors ({@code l2Group} 1: embedding tables, LR weights; row width =
 * length / numFeatures) are updated only at the rows listed for the step ({@link #step(float[][][], int, int, int[],
 * int)}), so their cost follows the batch, not the vocabulary; their gradients come in compact buffers indexed by the
 * row's position in that list ({@link Network#newGradients(int)}, {@link BatchRows} slots), so no per-thread buffer is
 * vocabulary-sized. The arithmetic per element is the same as dense, so both agree exactly when every row is listed.
 * Bias correction uses the global step count (as torch's SparseAdam).
 *
 * <p>Thread-safety: {@link #step} is called by several threads at once, each owning a disjoint slice ({@code part}
 * of {@code parts}); everything else is single-threaded.
 */
public final class Adam {
    private static final float B1 = 0.9f;
    private static final float B2 = 0.999f;
    private static final float EPS = 1e-8f;
    /** Rows of a lazy tensor whose lines are loaded ahead of their update ({@link #touchRows}). */
    private static final int TOUCH_BLOCK = 16;
    /** Floats per 64-byte cache line. */
    private static final int FLOATS_PER_LINE = 16;

    private final List<Network.Tensor> params;
    private final float[][] m;
    private final float[][] v;
    /** Lazy tensors: per row {@code width} first moments then {@code width} second moments (m and v null there). */
    private final float[][] mv;

    private final float l2Emb;
    private final float l2Weights;
    private final boolean lazyEmbeddings;
    private final int numFeatures;
    private long t;
    private double lr;
    /** A sum of values {@link #touchRows} loaded, kept so the JIT cannot drop the loads; never read for results. */
    @SuppressWarnings("unused")
    private float touched;

    public Adam(Network net, double lr) {
        this(net, lr, false);
    }

    /** {@code lazyEmbeddings}: update embedding-like tensors only at the rows given to each step. */
    public Adam(Network net, double lr, boolean lazyEmbeddings) {
        this.lazyEmbeddings = lazyEmbeddings;
        this.numFeatures = net.numFeatures();
        this.params = net.params();
        this.m = new float[params.size()][];
        this.v = new float[params.size()][];
        this.mv = new float[params.size()][];
        for (int i = 0; i < m.length; i++) {
            int len = params.get(i).data().length;
            if (lazyEmbeddings && params.get(i).l2Group() == 1) {
                // one array, each row's first then second moments side by side: a touched row costs one miss, not two
                mv[i] = new float[Math.multiplyExact(2, len)];
            } else {
                m[i] = new float[len];
                v[i] = new float[len];
            }
        }
        this.l2Emb = (float) net.modelParams().l2Embedding();
        this.l2Weights = (float) net.modelParams().l2Weights();
        this.lr = lr;
    }

    public double learningRate() {
        return lr;
    }

    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    /** Starts a step: call once, then {@link #step} for every part. */
    public void beginStep() {
        t++;
    }

    /**
     * Sums the per-thread gradients (in thread order, so results depend only on the thread count), zeroes them and
     * updates this part's slice of every tensor.
     */
    public void step(float[][][] threadGrads, int part, int parts) {
        step(threadGrads, part, parts, null, 0);
    }

    /**
     * Heap bytes of the optimizer state as allocated: the first and second moments of every tensor (separate arrays,
     * or one interleaved array per lazy tensor), headers and the per-tensor reference arrays included.
     */
    public long stateBytes() {
        return HeapBytes.of(m) + HeapBytes.of(v) + HeapBytes.of(mv);
    }

    /** Whether embedding-like tensors are updated only at the rows of the step. */
    public boolean lazy() {
        return lazyEmbeddings;
    }

    /**
     * As {@link #step(float[][][], int, int)}; with lazy embeddings, those tensors are updated only at {@code
     * rows[0..nRows)}, distinct feature ids holding every id with a non-zero gradient, and their gradients are compact:
     * row k of each thread's buffer ({@code threadGrads[t][tensor][k * width ..]}) is the gradient of id {@code
     * rows[k]}; those {@code nRows} rows are read and zeroed (nothing else).
     */
    public void step(float[][][] threadGrads, int part, int parts, int[] rows, int nRows) {
        double bc1 = 1 - Math.pow(B1, t);
        double bc2 = 1 - Math.pow(B2, t);
        float stepSize = (float) (lr / bc1);
        float sqrtBc2 = (float) Math.sqrt(bc2);
        float loaded = 0f;
        for (int pi = 0; pi < m.length; pi++) {
            Network.Tensor tensor = params.get(pi);
            float[] w = tensor.data();
            float[] mm = m[pi];
            float[] vv = v[pi];
            int len = w.length;
            float l2 = tensor.l2Group() == 1 ? l2Emb : tensor.l2Group() == 2 ? l2Weights : 0f;
            if (lazyEmbeddings && tensor.l2Group() == 1) {
                if (rows == null) {
                    throw new IllegalStateException("lazy Adam needs the step's rows");
                }
                int width = len / numFeatures;
                int lo = (int) ((long) nRows * part / parts);
                int hi = (int) ((long) nRows * (part + 1) / parts);
                float[] mvp = mv[pi];
                for (int block = lo; block < hi; block += TOUCH_BLOCK) {
                    int blockEnd = Math.min(hi, block + TOUCH_BLOCK);
                    loaded += touchRows(w, mvp, rows, block, blockEnd, width);
                    for (int k = block; k < blockEnd; k++) {
                        updateRow(threadGrads, pi, w, mvp, rows[k], k, width, l2, stepSize, sqrtBc2);
                    }
                }
                continue;
            }
            int lo = (int) ((long) len * part / parts);
            int hi = (int) ((long) len * (part + 1) / parts);
            update(threadGrads, pi, w, mm, vv, lo, hi, l2, stepSize, sqrtBc2);
        }
        if (loaded != 0f) {
            touched = loaded; // once per step and part (threads race here harmlessly: the value is never read)
        }
    }

    /**
     * Loads the cache lines of rows {@code rows[from..to)} of a lazy tensor and of its moments, in a loop that does
     * nothing else, so the misses of a large table overlap instead of waiting one by one behind the update's
     * square roots and divisions (the update keeps only a row or two in flight). Returns the loaded values' sum, which
     * {@link #step} stores in a field so the loads are not removed.
     */
    private static float touchRows(float[] w, float[] mv, int[] rows, int from, int to, int width) {
        float sink = 0f;
        int mvWidth = 2 * width;
        for (int k = from; k < to; k++) {
            int row = rows[k];
            int base = row * width;
            sink += w[base] + w[base + width - 1];
            int mBase = 2 * base;
            for (int j = 0; j < mvWidth; j += FLOATS_PER_LINE) {
                sink += mv[mBase + j];
            }
            sink += mv[mBase + mvWidth - 1];
        }
        return sink;
    }

    /**
     * As {@link #update} on one row of a lazy tensor, its gradient at compact row {@code slot}, moments interleaved per
     * row; the same arithmetic.
     */
    private static void updateRow(
            float[][][] threadGrads,
            int pi,
            float[] w,
            float[] mv,
            int row,
            int slot,
            int width,
            float l2,
            float stepSize,
            float sqrtBc2) {
        float[] g0 = threadGrads[0][pi];
        int from = row * width;
        int gFrom = slot * width;
        int mFrom = 2 * from;
        int vFrom = mFrom + width;
        for (int j = 0; j < width; j++) {
            int i = from + j;
            int gi = gFrom + j;
            float g = g0[gi];
            g0[gi] = 0f;
            for (int th = 1; th < threadGrads.length; th++) {
                float[] gt = threadGrads[th][pi];
                g += gt[gi];
                gt[gi] = 0f;
            }
            if (l2 != 0f) {
                g += l2 * w[i];
            }
            float mi = B1 * mv[mFrom + j] + (1 - B1) * g;
            float vi = B2 * mv[vFrom + j] + (1 - B2) * g * g;
            mv[mFrom + j] = mi;
            mv[vFrom + j] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + EPS);
        }
    }

    private static void update(
            float[][][] threadGrads,
            int pi,
            float[] w,
            float[] mm,
            float[] vv,
            int lo,
            int hi,
            float l2,
            float stepSize,
            float sqrtBc2) {
        float[] g0 = threadGrads[0][pi];
        for (int i = lo; i < hi; i++) {
            float g = g0[i];
            g0[i] = 0f;
            for (int th = 1; th < threadGrads.length; th++) {
                float[] gt = threadGrads[th][pi];
                g += gt[i];
                gt[i] = 0f;
            }
            if (l2 != 0f) {
                g += l2 * w[i];
            }
            float mi = B1 * mm[i] + (1 - B1) * g;
            float vi = B2 * vv[i] + (1 - B2) * g * g;
            mm[i] = mi;
            vv[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + EPS);
        }
    }
}
