package dev.sweeplake.ctr.internal;

import java.util.List;

/**
 * Adam with the exact update of {@code torch.optim.Adam} (bias-corrected, eps added after the square root), plus L2 as
 * a gradient term {@code l2 * theta} (the gradient of {@code l2/2 ||theta||^2}).
 *
 * <p>Dense (default): every element is updated every step, as PyTorch does for dense embedding gradients. Lazy
 * ({@code lazyEmbeddings}): the embedding-like tensors ({@code l2Group} 1: embedding tables, LR weights; one row per
 * feature id) are updated only at the rows listed for the step ({@link #step(float[][][], int, int, int[], int)}), so
 * their cost follows the batch, not the vocabulary; their gradients come in compact buffers indexed by the row's
 * position in that list ({@link Network#newGradients(int)}, {@link BatchRows} slots), so no per-thread buffer is
 * vocabulary-sized. Lazy Adam packs the network's rows ({@link Network#packRows()}): each id's values of every
 * embedding-like tensor and their two moments lie side by side, so updating (and, in the forward pass, reading) an id
 * costs about three cache lines instead of six in separate arrays; with a vocabulary far larger than the cache those
 * misses are what a step's cost grows with. The arithmetic per element is the same as dense, so both agree exactly
 * when every row is listed. Bias correction uses the global step count (as torch's SparseAdam).
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

    private final Network net;
    private final List<Network.Tensor> params;
    /** Moments of tensors outside the packed rows (null there). */
    private final float[][] m;

    private final float[][] v;
    /** Lazy: the network's packed rows (values and moments of every embedding-like tensor); null for dense. */
    private final Network.PackedRows packed;

    private final float l2Emb;
    private final float l2Weights;
    private final boolean lazyEmbeddings;
    private long t;
    private double lr;
    /** A sum of values {@link #touchRows} loaded, kept so the JIT cannot drop the loads; never read for results. */
    @SuppressWarnings("unused")
    private float touched;

    public Adam(Network net, double lr) {
        this(net, lr, false);
    }

    /**
     * {@code lazyEmbeddings}: update embedding-like tensors only at the rows given to each step; packs the network's
     * rows (zeroed moments) until {@link Network#unpackRows()}. Dense: unpacks them if a lazy Adam had packed them.
     */
    public Adam(Network net, double lr, boolean lazyEmbeddings) {
        this.net = net;
        this.lazyEmbeddings = lazyEmbeddings;
        this.params = net.params();
        if (lazyEmbeddings) {
            this.packed = net.packRows();
        } else {
            net.unpackRows();
            this.packed = null;
        }
        this.m = new float[params.size()][];
        this.v = new float[params.size()][];
        for (int i = 0; i < m.length; i++) {
            if (!params.get(i).packed()) {
                int len = params.get(i).length();
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
     * Heap bytes of the optimizer state as allocated: the first and second moments of every tensor, headers and the
     * per-tensor reference arrays included. In packed rows the moments' share: the chunks' bytes less what the packed
     * tensors' values would take as plain arrays (which {@code CtrModel.parameterBytes} counts), so parameters plus
     * state are exactly what is allocated.
     */
    public long stateBytes() {
        long n = HeapBytes.of(m) + HeapBytes.of(v);
        if (packed != null) {
            n += HeapBytes.of(packed.chunks);
            for (Network.Tensor x : packed.tensors) {
                n -= HeapBytes.array(x.length(), Float.BYTES);
            }
        }
        return n;
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
        if (packed != null) {
            if (rows == null) {
                throw new IllegalStateException("lazy Adam needs the step's rows");
            }
            if (net.packedRows() != packed) {
                throw new IllegalStateException("the network's rows were unpacked after this lazy Adam was made");
            }
            int lo = (int) ((long) nRows * part / parts);
            int hi = (int) ((long) nRows * (part + 1) / parts);
            float loaded = 0f;
            for (int block = lo; block < hi; block += TOUCH_BLOCK) {
                int blockEnd = Math.min(hi, block + TOUCH_BLOCK);
                loaded += touchRows(packed, rows, block, blockEnd);
                for (int k = block; k < blockEnd; k++) {
                    updateRow(threadGrads, packed, rows[k], k, l2Emb, stepSize, sqrtBc2);
                }
            }
            if (loaded != 0f) {
                touched = loaded; // once per step and part (threads race here harmlessly: the value is never read)
            }
        }
        for (int pi = 0; pi < m.length; pi++) {
            Network.Tensor tensor = params.get(pi);
            if (m[pi] == null) {
                continue; // packed: updated above
            }
            float[] w = tensor.data();
            int len = w.length;
            float l2 = tensor.l2Group() == 1 ? l2Emb : tensor.l2Group() == 2 ? l2Weights : 0f;
            int lo = (int) ((long) len * part / parts);
            int hi = (int) ((long) len * (part + 1) / parts);
            update(threadGrads, pi, w, m[pi], v[pi], lo, hi, l2, stepSize, sqrtBc2);
        }
    }

    /**
     * Loads the cache lines of the packed records of ids {@code rows[from..to)}, in a loop that does nothing else, so
     * the misses of a large table overlap instead of waiting one by one behind the update's square roots and divisions
     * (the update keeps only a row or two in flight). Returns the loaded values' sum, which {@link #step} stores in a
     * field so the loads are not removed.
     */
    private static float touchRows(Network.PackedRows p, int[] rows, int from, int to) {
        float sink = 0f;
        int stride = p.stride;
        for (int k = from; k < to; k++) {
            int row = rows[k];
            float[] c = p.chunks[row >>> p.shift];
            int base = (row & p.mask) * stride;
            for (int j = 0; j < stride; j += FLOATS_PER_LINE) {
                sink += c[base + j];
            }
            sink += c[base + stride - 1];
        }
        return sink;
    }

    /**
     * As {@link #update} on the packed record of id {@code row}, for every tensor in it, each one's gradient at compact
     * row {@code slot}; the same arithmetic per element (embedding-like tensors: L2 {@code l2}).
     */
    private static void updateRow(
            float[][][] threadGrads, Network.PackedRows p, int row, int slot, float l2, float stepSize, float sqrtBc2) {
        float[] c = p.chunks[row >>> p.shift];
        int base = (row & p.mask) * p.stride;
        int mBase = base + p.width;
        int vBase = mBase + p.width;
        for (int ti = 0; ti < p.tensors.length; ti++) {
            int pi = p.indices[ti];
            int width = p.tensors[ti].width();
            int col = p.offsets[ti];
            float[] g0 = threadGrads[0][pi];
            int gFrom = slot * width;
            for (int j = 0; j < width; j++) {
                int i = base + col + j;
                int mi0 = mBase + col + j;
                int vi0 = vBase + col + j;
                int gi = gFrom + j;
                float g = g0[gi];
                g0[gi] = 0f;
                for (int th = 1; th < threadGrads.length; th++) {
                    float[] gt = threadGrads[th][pi];
                    g += gt[gi];
                    gt[gi] = 0f;
                }
                if (l2 != 0f) {
                    g += l2 * c[i];
                }
                float mi = B1 * c[mi0] + (1 - B1) * g;
                float vi = B2 * c[vi0] + (1 - B2) * g * g;
                c[mi0] = mi;
                c[vi0] = vi;
                c[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + EPS);
            }
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
