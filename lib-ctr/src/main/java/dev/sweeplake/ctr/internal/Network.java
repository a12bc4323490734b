package dev.sweeplake.ctr.internal;

import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The computation graph shared by every model kind: a linear (LR) part, an FM part, an MLP and a DCNv2 cross network
 * over the concatenated field embeddings, switched on per {@link ModelKind}. Forward and backward are written by hand;
 * dense layers go through {@link Gemm}. Activations are column-major {@code width x rows}, i.e. one row's vector is
 * contiguous. A dense weight matrix is column-major {@code out x in}: {@code W[i * out + o]}.
 *
 * <p>Thread-safety: parameters are read concurrently by many threads during a step and written only by the optimizer
 * between steps. Each thread needs its own {@link Workspace} and gradient buffers ({@link #newGradients()}, or
 * {@link #newGradients(int)} for lazy Adam, whose embedding-like gradients are indexed by the batch's id slots).
 */
public final class Network {
    /**
     * A named parameter tensor. {@code l2Group}: 0 none (biases), 1 embedding-like (one row of {@link #width()} values
     * per feature id), 2 dense weights.
     *
     * <p>Storage is plain (one array, {@link #data()}) or, for embedding-like tensors while lazy Adam trains, packed
     * ({@link Network#packRows()}): every id's values of all embedding-like tensors side by side with Adam's moments for
     * them, so that a step touches one short stretch of memory per id instead of one per tensor and moment. {@link
     * #copyTo}, {@link #copyFrom} and {@link #values} work in both; {@link #data()} only in plain storage.
     */
    public static final class Tensor {
        private final String name;
        private final int l2Group;
        private final int length;
        private final int width;
        /** Plain storage, null while packed. */
        private float[] data;
        // Row r's values: chunks[r >>> shift][(r & mask) * stride + offset + j], j < width (plain: one chunk, data).
        float[][] chunks;
        int shift;
        int mask;
        int stride;
        int offset;

        Tensor(String name, float[] data, int l2Group, int width) {
            this.name = name;
            this.l2Group = l2Group;
            this.length = data.length;
            this.width = width;
            plain(data);
        }

        private void plain(float[] a) {
            data = a;
            chunks = new float[][] {a};
            shift = 31; // r >>> 31 is 0 for every id
            mask = Integer.MAX_VALUE;
            stride = width;
            offset = 0;
        }

        public String name() {
            return name;
        }

        public int l2Group() {
            return l2Group;
        }

        /** Number of values. */
        public int length() {
            return length;
        }

        /** Values per row: per feature id for embedding-like tensors ({@code l2Group} 1), else {@link #length()}. */
        public int width() {
            return width;
        }

        /** Whether the values live in packed rows (lazy Adam's training) rather than one plain array. */
        public boolean packed() {
            return data == null;
        }

        /**
         * The plain array (live: writes change the model).
         *
         * @throws IllegalStateException while packed ({@link #packed()}); use {@link #copyTo}, {@link #copyFrom}
         */
        public float[] data() {
            if (data == null) {
                throw new IllegalStateException("tensor " + name + " is packed with lazy Adam's moments; copy it out");
            }
            return data;
        }

        /** The values as one array: the plain array itself, or while packed a new copy. */
        public float[] values() {
            if (data != null) {
                return data;
            }
            float[] a = new float[length];
            copyTo(a);
            return a;
        }

        /** Copies the values (row after row) into {@code dst[0..length)}. */
        public void copyTo(float[] dst) {
            checkLength(dst);
            if (data != null) {
                System.arraycopy(data, 0, dst, 0, length);
                return;
            }
            for (int r = 0, at = 0; at < length; r++, at += width) {
                System.arraycopy(chunks[r >>> shift], (r & mask) * stride + offset, dst, at, width);
            }
        }

        /** Sets the values from {@code src[0..length)} (as {@link #copyTo} lays them out). */
        public void copyFrom(float[] src) {
            checkLength(src);
            if (data != null) {
                System.arraycopy(src, 0, data, 0, length);
                return;
            }
            for (int r = 0, at = 0; at < length; r++, at += width) {
                System.arraycopy(src, at, chunks[r >>> shift], (r & mask) * stride + offset, width);
            }
        }

        private void checkLength(float[] a) {
            if (a.length < length) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "tensor %s holds %d values, the array only %d", name, length, a.length));
            }
        }
    }

    /**
     * Packed storage of every embedding-like tensor ({@link Network#packRows()}): per feature id a record of {@code
     * 3 * width} floats, the tensors' values ({@code width} = the sum of their row widths, in {@link #tensors} order at
     * {@link #offsets}), then Adam's first moments for them, then the second moments. Ids go to chunks of {@code 1 <<
     * shift} records (the last one shorter), so no array is near Java's 2^31-element limit.
     */
    static final class PackedRows {
        final float[][] chunks;
        final int shift;
        final int mask;
        final int width;
        final int stride;
        final Tensor[] tensors;
        final int[] offsets;
        final int[] indices;

        PackedRows(float[][] chunks, int shift, int width, Tensor[] tensors, int[] offsets, int[] indices) {
            this.chunks = chunks;
            this.shift = shift;
            this.mask = (1 << shift) - 1;
            this.width = width;
            this.stride = 3 * width;
            this.tensors = tensors;
            this.offsets = offsets;
            this.indices = indices;
        }
    }

    /** Floats per packed chunk at most (512 MB), see {@link #packRows(int)}. */
    static final int PACK_CHUNK_FLOATS = 1 << 27;

    final ModelParams p;
    final ModelKind kind;
    final int numFields;
    final int numFeatures;
    final int d;
    final int dim; // numFields * d
    final boolean linear;
    final boolean fm;
    final boolean embeddings;
    final boolean crossNet;
    final int[] widths; // dense stack: widths[0] = dim, then layer outputs
    final boolean dnnToLogit; // the last dense layer outputs the logit (DeepFM, Wide&Deep)
    final List<Tensor> params = new ArrayList<>();
    Tensor bias;
    Tensor lrW;
    Tensor emb;
    Tensor[] denseW;
    Tensor[] denseB;
    Tensor[] crossW;
    Tensor[] crossB;
    Tensor headW;
    Tensor headB;
    /** Non-null while lazy Adam trains: the embedding-like tensors' packed rows. */
    private PackedRows packed;

    private final Gemm gemm = GemmProvider.get();

    public Network(ModelParams p, int numFields, int numFeatures, long seed) {
        this.p = p;
        this.kind = p.kind();
        this.numFields = numFields;
        this.numFeatures = numFeatures;
        this.d = p.embeddingDim();
        this.dim = numFields * d;
        this.linear =
                kind == ModelKind.LR || kind == ModelKind.FM || kind == ModelKind.DEEPFM || kind == ModelKind.WIDE_DEEP;
        this.fm = kind == ModelKind.FM || kind == ModelKind.DEEPFM;
        this.crossNet = kind == ModelKind.DCNV2;
        boolean dnn = kind == ModelKind.DEEPFM || kind == ModelKind.DCNV2 || kind == ModelKind.WIDE_DEEP;
        this.embeddings = kind != ModelKind.LR;
        this.dnnToLogit = kind == ModelKind.DEEPFM || kind == ModelKind.WIDE_DEEP;
        if (dnn) {
            List<Integer> w = new ArrayList<>();
            w.add(dim);
            w.addAll(p.hiddenUnits());
            if (dnnToLogit) {
                w.add(1);
            }
            widths = w.stream().mapToInt(Integer::intValue).toArray();
        } else {
            widths = new int[] {dim};
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        // Initialisation as FuxiCTR: embeddings N(0, 1e-4), Linear weights Xavier normal, biases 0.
        if (linear) {
            bias = add("bias", new float[1], 0);
            lrW = add("lr.weight", normal(rnd, numFeatures, 1e-4), 1);
        }
        if (embeddings) {
            emb = add("embedding", normal(rnd, (long) numFeatures * d, 1e-4), 1);
        }
        int layers = widths.length - 1;
        denseW = new Tensor[layers];
        denseB = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            denseW[l] = add("mlp." + l + ".weight", normal(rnd, (long) in * out, Math.sqrt(2.0 / (in + out))), 2);
            denseB[l] = add("mlp." + l + ".bias", new float[out], 0);
        }
        if (crossNet) {
            crossW = new Tensor[p.crossLayers()];
            crossB = new Tensor[p.crossLayers()];
            for (int l = 0; l < p.crossLayers(); l++) {
                crossW[l] =
                        add("cross." + l + ".weight", normal(rnd, (long) dim * dim, Math.sqrt(2.0 / (dim + dim))), 2);
                crossB[l] = add("cross." + l + ".bias", new float[dim], 0);
            }
            int in = dim + widths[layers];
            headW = add("head.weight", normal(rnd, in, Math.sqrt(2.0 / (in + 1))), 2);
            headB = add("head.bias", new float[1], 0);
        }
    }

    private Tensor add(String name, float[] data, int l2Group) {
        int width = l2Group != 1 ? data.length : numFeatures == 0 ? 0 : data.length / numFeatures;
        Tensor t = new Tensor(name, data, l2Group, width);
        params.add(t);
        return t;
    }

    /** The packed rows while lazy Adam trains, else null. */
    PackedRows packedRows() {
        return packed;
    }

    /** As {@link #packRows(int)} with chunks of at most {@link #PACK_CHUNK_FLOATS} floats. */
    PackedRows packRows() {
        return packRows(PACK_CHUNK_FLOATS);
    }

    /**
     * Moves every embedding-like tensor into packed rows with zeroed room for Adam's moments ({@link PackedRows}; lazy
     * Adam calls this). Values are unchanged. Already packed: zeroes the moments and returns the same layout. While
     * packed the network needs {@code 3x} those tensors' floats (the moments dense Adam would hold separately).
     *
     * @param maxChunkFloats floats per chunk at most (tests use small ones to cross chunk boundaries)
     */
    PackedRows packRows(int maxChunkFloats) {
        if (packed != null) {
            for (float[] c : packed.chunks) {
                for (int base = 0; base < c.length; base += packed.stride) {
                    java.util.Arrays.fill(c, base + packed.width, base + packed.stride, 0f);
                }
            }
            return packed;
        }
        List<Tensor> group = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        int width = 0;
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).l2Group() == 1) {
                group.add(params.get(i));
                indices.add(i);
                width += params.get(i).width();
            }
        }
        if (group.isEmpty() || numFeatures == 0 || width == 0) {
            return null;
        }
        int stride = 3 * width;
        if (maxChunkFloats < stride) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "a packed chunk must hold one row of %d floats, got %d", stride, maxChunkFloats));
        }
        int shift = 31 - Integer.numberOfLeadingZeros(maxChunkFloats / stride); // largest power of two that fits
        int perChunk = 1 << shift;
        int nChunks = (int) ((numFeatures + (long) perChunk - 1) / perChunk);
        float[][] chunks = new float[nChunks][];
        for (int c = 0; c < nChunks; c++) {
            int rows = (int) Math.min(perChunk, numFeatures - (long) c * perChunk);
            chunks[c] = new float[rows * stride];
        }
        Tensor[] ts = group.toArray(new Tensor[0]);
        int[] offsets = new int[ts.length];
        for (int t = 0, off = 0; t < ts.length; t++) {
            offsets[t] = off;
            Tensor x = ts[t];
            float[] src = x.data;
            for (int r = 0; r < numFeatures; r++) {
                System.arraycopy(src, r * x.width, chunks[r >>> shift], (r & (perChunk - 1)) * stride + off, x.width);
            }
            x.data = null;
            x.chunks = chunks;
            x.shift = shift;
            x.mask = perChunk - 1;
            x.stride = stride;
            x.offset = off;
            off += x.width;
        }
        packed = new PackedRows(
                chunks,
                shift,
                width,
                ts,
                offsets,
                indices.stream().mapToInt(Integer::intValue).toArray());
        return packed;
    }

    /**
     * Moves packed tensors back to plain arrays and drops the moments (the trainer calls this when training ends, so
     * a trained model holds only its parameters). No-op when not packed.
     */
    public void unpackRows() {
        if (packed == null) {
            return;
        }
        for (Tensor t : packed.tensors) {
            float[] a = new float[t.length()];
            t.copyTo(a);
            t.plain(a);
        }
        packed = null;
    }

    private static float[] normal(SplittableRandom rnd, long n, double std) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "parameter tensor too large: %d floats (max %d)", n, Integer.MAX_VALUE - 8));
        }
        float[] a = new float[(int) n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextGaussian() * std);
        }
        return a;
    }

    public List<Tensor> params() {
        return params;
    }

    public ModelParams modelParams() {
        return p;
    }

    public int numFields() {
        return numFields;
    }

    public int numFeatures() {
        return numFeatures;
    }

    /** One gradient buffer per parameter tensor, each as long as the tensor (for dense Adam). */
    public float[][] newGradients() {
        float[][] g = new float[params.size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = new float[params.get(i).length()];
        }
        return g;
    }

    /**
     * Gradient buffers for lazy Adam: as {@link #newGradients()}, but an embedding-like tensor ({@code l2Group} 1: the
     * embedding table, the LR weights) gets a compact buffer of {@code slotRows} rows of its row width, row k holding
     * the gradient of the batch's k-th distinct id ({@link BatchRows} slot k), written by {@link #trainStep(EncodedData,
     * int[], int, int, int, Workspace, float[][], BatchRows, SplittableRandom)} with that batch's {@link BatchRows}.
     * No buffer is as large as the vocabulary.
     */
    public float[][] newGradients(int slotRows) {
        float[][] g = new float[params.size()][];
        for (int i = 0; i < g.length; i++) {
            Tensor t = params.get(i);
            g[i] = t.l2Group() == 1 ? new float[0] : new float[t.length()];
        }
        ensureSlotRows(g, slotRows);
        return g;
    }

    /**
     * Grows the compact (slot-indexed) buffers of {@code grads} (from {@link #newGradients(int)}) to hold at least
     * {@code slotRows} rows; a buffer that grows takes at least twice its rows (at most the vocabulary's, unless
     * {@code slotRows} is larger) and keeps its content (zero between steps).
     */
    public void ensureSlotRows(float[][] grads, int slotRows) {
        if (slotRows < 0) {
            throw new IllegalArgumentException("slotRows must be >= 0, got " + slotRows);
        }
        for (int i = 0; i < grads.length; i++) {
            Tensor t = params.get(i);
            if (t.l2Group() != 1) {
                continue;
            }
            int width = t.width();
            if (grads[i].length < (long) slotRows * width) {
                long rows = Math.max(slotRows, 2L * (grads[i].length / Math.max(1, width)));
                rows = Math.min(rows, numFeatures);
                grads[i] = java.util.Arrays.copyOf(grads[i], Math.toIntExact(Math.max(rows, slotRows) * width));
            }
        }
    }

    /** Per-thread scratch for up to {@code maxRows} rows. */
    public Workspace newWorkspace(int maxRows) {
        return new Workspace(maxRows);
    }

    /** Per-thread activations and their gradients. Not thread-safe. */
    public final class Workspace {
        final int maxRows;
        final float[] logit;
        final float[] g;
        final float[] x0;
        final float[] dx0;
        final float[][] act;
        final float[][] dact;
        final float[][] mask;
        final float[][] xs;
        final float[][] us;
        final float[] dxs;
        final float[] dtmp;
        final float[] fmSum;

        Workspace(int maxRows) {
            this.maxRows = maxRows;
            logit = new float[maxRows];
            g = new float[maxRows];
            x0 = embeddings ? new float[maxRows * dim] : null;
            dx0 = embeddings ? new float[maxRows * dim] : null;
            int layers = widths.length - 1;
            act = new float[layers + 1][];
            dact = new float[layers + 1][];
            mask = new float[layers + 1][];
            act[0] = x0;
            for (int l = 1; l <= layers; l++) {
                act[l] = new float[maxRows * widths[l]];
                dact[l] = new float[maxRows * widths[l]];
                if (p.dropout() > 0) {
                    mask[l] = new float[maxRows * widths[l]];
                }
            }
            if (crossNet) {
                int c = p.crossLayers();
                xs = new float[c + 1][];
                us = new float[c][];
                xs[0] = x0;
                for (int l = 0; l < c; l++) {
                    xs[l + 1] = new float[maxRows * dim];
                    us[l] = new float[maxRows * dim];
                }
                dxs = new float[maxRows * dim];
                dtmp = new float[maxRows * dim];
            } else {
                xs = null;
                us = null;
                dxs = null;
                dtmp = null;
            }
            fmSum = new float[d];
        }

        /** Logits of the last forward pass. */
        public float[] logit() {
            return logit;
        }
    }

    /**
     * Forward pass over rows {@code order[from..to)}; logits land in {@code ws.logit[0..to-from)}.
     *
     * @param rng dropout randomness, or null for inference (no dropout)
     */
    public void forward(EncodedData data, int[] order, int from, int to, Workspace ws, SplittableRandom rng) {
        int n = to - from;
        float[] logit = ws.logit;
        linearForward(data, order, from, n, logit);
        if (!embeddings) {
            return;
        }
        gather(data, order, from, n, ws.x0);
        float[] x0 = ws.x0;
        if (fm) {
            fmForward(n, x0, ws.fmSum, logit);
        }
        int layers = widths.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float[] y = ws.act[l + 1];
            fillRows(denseB[l].data(), y, n, out);
            gemm.sgemm(false, false, out, n, in, denseW[l].data(), out, ws.act[l], in, 1f, y, out);
            boolean last = dnnToLogit && l == layers - 1;
            if (last) {
                for (int k = 0; k < n; k++) {
                    logit[k] += y[k];
                }
            } else {
                relu(y, n * out);
                if (rng != null && p.dropout() > 0) {
                    dropout(y, ws.mask[l + 1], n * out, rng);
                }
            }
        }
        if (crossNet) {
            int c = p.crossLayers();
            for (int l = 0; l < c; l++) {
                float[] u = ws.us[l];
                float[] b = crossB[l].data();
                for (int k = 0; k < n; k++) {
                    System.arraycopy(b, 0, u, k * dim, dim);
                }
                gemm.sgemm(false, false, dim, n, dim, crossW[l].data(), dim, ws.xs[l], dim, 1f, u, dim);
                float[] xl = ws.xs[l];
                float[] xn = ws.xs[l + 1];
                for (int i = 0; i < n * dim; i++) {
                    xn[i] = x0[i] * u[i] + xl[i];
                }
            }
            float[] hw = headW.data();
            float[] xc = ws.xs[c];
            float[] h = ws.act[layers];
            int hdim = widths[layers];
            float hb = headB.data()[0];
            for (int k = 0; k < n; k++) {
                float z = hb;
                for (int i = 0; i < dim; i++) {
                    z += hw[i] * xc[k * dim + i];
                }
                for (int i = 0; i < hdim; i++) {
                    z += hw[dim + i] * h[k * hdim + i];
                }
                logit[k] += z;
            }
        }
    }

    private static void relu(float[] y, int len) {
        for (int i = 0; i < len; i++) {
            y[i] = Math.max(y[i], 0f);
        }
    }

    private void dropout(float[] y, float[] mask, int len, SplittableRandom rng) {
        float keep = (float) (1 - p.dropout());
        float scale = 1f / keep;
        for (int i = 0; i < len; i++) {
            float m = rng.nextFloat() < keep ? scale : 0f;
            mask[i] = m;
            y[i] *= m;
        }
    }

    private void gather(EncodedData data, int[] order, int from, int n, float[] x0) {
        // row id's values: ch[id >>> sh] from (id & mk) * st + eo (plain storage: one chunk, stride d)
        float[][] ch = emb.chunks;
        int sh = emb.shift;
        int mk = emb.mask;
        int st = emb.stride;
        int eo = emb.offset;
        for (int f = 0; f < numFields; f++) {
            int[] ids = data.ids(f);
            int[] off = data.offsets(f);
            float[] wt = data.weights(f);
            int fo = f * d;
            for (int k = 0; k < n; k++) {
                int r = order == null ? from + k : order[from + k];
                int o = k * dim + fo;
                if (off == null) {
                    int id = ids[r];
                    float[] e = ch[id >>> sh];
                    int src = (id & mk) * st + eo;
                    float w = wt == null ? 1f : wt[r];
                    for (int j = 0; j < d; j++) {
                        x0[o + j] = w * e[src + j];
                    }
                } else {
                    for (int j = 0; j < d; j++) {
                        x0[o + j] = 0f;
                    }
                    for (int q = off[r]; q < off[r + 1]; q++) {
                        int id = ids[q];
                        float[] e = ch[id >>> sh];
                        int src = (id & mk) * st + eo;
                        float w = wt == null ? 1f : wt[q];
                        for (int j = 0; j < d; j++) {
                            x0[o + j] += w * e[src + j];
                        }
                    }
                }
            }
        }
    }

    /**
     * Forward + backward for rows {@code order[from..to)}: adds d(mean loss over {@code batchSize})/d(theta) into
     * {@code grads} (from {@link #newGradients()}). Returns the summed (not mean) log loss of these rows.
     */
    public double trainStep(
            EncodedData data,
            int[] order,
            int from,
            int to,
            int batchSize,
            Workspace ws,
            float[][] grads,
            SplittableRandom rng) {
        return trainStep(data, order, from, to, batchSize, ws, grads, null, rng);
    }

    /**
     * As {@link #trainStep(EncodedData, int[], int, int, int, Workspace, float[][], SplittableRandom)}; with
     * {@code batch} non-null, {@code grads} come from {@link #newGradients(int)} and the embedding-like gradients are
     * added at the batch's slots: {@code batch} must have collected a batch {@code order[batch.first()..)} holding rows
     * {@code from..to)}, and the buffers must hold its {@link BatchRows#size()} rows. The additions per element happen
     * in the same order as without {@code batch}, so the gradients are bit for bit the same, only stored compactly.
     */
    public double trainStep(
            EncodedData data,
            int[] order,
            int from,
            int to,
            int batchSize,
            Workspace ws,
            float[][] grads,
            BatchRows batch,
            SplittableRandom rng) {
        forward(data, order, from, to, ws, rng);
        int n = to - from;
        float[] labels = data.labels();
        double loss = 0;
        float inv = 1f / batchSize;
        for (int k = 0; k < n; k++) {
            int r = order == null ? from + k : order[from + k];
            float z = ws.logit[k];
            float y = labels[r];
            float pr = sigmoid(z);
            ws.g[k] = (pr - y) * inv;
            // log(1 + e^-|z|) + max(z, 0) - y z : stable BCE with logits
            loss += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y * z;
        }
        backward(data, order, from, n, ws, grads, batch);
        return loss;
    }

    static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    private int index(Tensor t) {
        return params.indexOf(t);
    }

    private void backward(
            EncodedData data, int[] order, int from, int n, Workspace ws, float[][] grads, BatchRows batch) {
        float[] g = ws.g;
        if (linear) {
            linearBackward(data, order, from, n, g, grads, batch);
        }
        if (!embeddings) {
            return;
        }
        float[] x0 = ws.x0;
        float[] dx0 = ws.dx0;
        java.util.Arrays.fill(dx0, 0, n * dim, 0f);
        if (fm) {
            fmBackward(n, x0, dx0, g, ws.fmSum);
        }
        int layers = widths.length - 1;
        if (crossNet) {
            crossBackward(n, ws, grads, layers);
        }
        if (layers > 0) {
            if (dnnToLogit) {
                float[] dy = ws.dact[layers];
                System.arraycopy(g, 0, dy, 0, n); // out = 1
            }
            for (int l = layers - 1; l >= 0; l--) {
                int in = widths[l];
                int out = widths[l + 1];
                float[] dy = ws.dact[l + 1];
                boolean hidden = !(dnnToLogit && l == layers - 1);
                float[] gb = grads[index(denseB[l])];
                // ReLU (and dropout) backward and the bias gradient in one pass
                if (hidden && ws.mask[l + 1] == null) {
                    gemm.reluBiasBackward(n, out, dy, ws.act[l + 1], gb);
                } else {
                    reluBiasBackward(n, out, dy, hidden ? ws.act[l + 1] : null, hidden ? ws.mask[l + 1] : null, gb);
                }
                gemm.sgemm(false, true, out, in, n, dy, out, ws.act[l], in, 1f, grads[index(denseW[l])], out);
                float[] dx = l == 0 ? dx0 : ws.dact[l];
                gemm.sgemm(true, false, in, n, out, denseW[l].data(), out, dy, out, l == 0 ? 1f : 0f, dx, in);
            }
        }
        // Embedding gradients: scatter dx0 back through the (weighted) lookups.
        scatter(data, order, from, n, dx0, grads[index(emb)], batch);
    }

    // The passes below are separate small methods so that the JIT compiles each one early and once, instead of
    // recompiling (and on-stack-replacing) one large forward/backward method several times during the first steps.

    private void linearForward(EncodedData data, int[] order, int from, int n, float[] logit) {
        if (linear) {
            float b = bias.data()[0];
            java.util.Arrays.fill(logit, 0, n, b);
            // weight of id: ch[id >>> sh][(id & mk) * st + wo] (plain storage: one chunk, stride 1)
            float[][] ch = lrW.chunks;
            int sh = lrW.shift;
            int mk = lrW.mask;
            int st = lrW.stride;
            int wo = lrW.offset;
            for (int f = 0; f < numFields; f++) {
                int[] ids = data.ids(f);
                int[] off = data.offsets(f);
                float[] wt = data.weights(f);
                for (int k = 0; k < n; k++) {
                    int r = order == null ? from + k : order[from + k];
                    if (off == null) {
                        int id = ids[r];
                        float w = ch[id >>> sh][(id & mk) * st + wo];
                        logit[k] += wt == null ? w : wt[r] * w;
                    } else {
                        float s = 0;
                        for (int j = off[r]; j < off[r + 1]; j++) {
                            int id = ids[j];
                            s += (wt == null ? 1f : wt[j]) * ch[id >>> sh][(id & mk) * st + wo];
                        }
                        logit[k] += s;
                    }
                }
            }
        } else {
            java.util.Arrays.fill(logit, 0, n, 0f);
        }
    }

    private void fmForward(int n, float[] x0, float[] s, float[] logit) {
        for (int k = 0; k < n; k++) {
            java.util.Arrays.fill(s, 0f);
            float sq = 0;
            int base = k * dim;
            for (int f = 0; f < numFields; f++) {
                int o = base + f * d;
                for (int e = 0; e < d; e++) {
                    float v = x0[o + e];
                    s[e] += v;
                    sq += v * v;
                }
            }
            float ss = 0;
            for (int e = 0; e < d; e++) {
                ss += s[e] * s[e];
            }
            logit[k] += 0.5f * (ss - sq);
        }
    }

    /** Every row of {@code y} (n rows of width out) starts as the bias. */
    private static void fillRows(float[] b, float[] y, int n, int out) {
        for (int k = 0; k < n; k++) {
            System.arraycopy(b, 0, y, k * out, out);
        }
    }

    /**
     * The bias and LR-weight gradients; the latter at the ids ({@code batch} null) or at the batch's slots (see
     * {@link #scatter}).
     */
    private void linearBackward(
            EncodedData data, int[] order, int from, int n, float[] g, float[][] grads, BatchRows batch) {
        float sg = 0;
        for (int k = 0; k < n; k++) {
            sg += g[k];
        }
        grads[index(bias)][0] += sg;
        float[] gw = grads[index(lrW)];
        int pos = batch == null ? 0 : from - batch.first(); // batch position of row order[from]
        for (int f = 0; f < numFields; f++) {
            int[] ids = data.ids(f);
            int[] off = data.offsets(f);
            float[] wt = data.weights(f);
            int[] slots = batch == null ? null : batch.slots(f);
            int[] starts = batch == null || off == null ? null : batch.valueStarts(f);
            for (int k = 0; k < n; k++) {
                int r = order == null ? from + k : order[from + k];
                if (off == null) {
                    int dst = slots == null ? ids[r] : slots[pos + k];
                    gw[dst] += wt == null ? g[k] : wt[r] * g[k];
                } else {
                    // slot of value j of row r: slots[shift + j]
                    int shift = slots == null ? 0 : starts[pos + k] - off[r];
                    for (int j = off[r]; j < off[r + 1]; j++) {
                        int dst = slots == null ? ids[j] : slots[shift + j];
                        gw[dst] += (wt == null ? 1f : wt[j]) * g[k];
                    }
                }
            }
        }
    }

    private void fmBackward(int n, float[] x0, float[] dx0, float[] g, float[] s) {
        for (int k = 0; k < n; k++) {
            java.util.Arrays.fill(s, 0f);
            int base = k * dim;
            for (int f = 0; f < numFields; f++) {
                for (int e = 0; e < d; e++) {
                    s[e] += x0[base + f * d + e];
                }
            }
            float gk = g[k];
            for (int f = 0; f < numFields; f++) {
                int o = base + f * d;
                for (int e = 0; e < d; e++) {
                    dx0[o + e] += gk * (s[e] - x0[o + e]);
                }
            }
        }
    }

    /**
     * Rows of {@code dy}: zeroed where the unit was inactive ({@code y == 0}, ReLU or dropped) and rescaled by the
     * dropout mask {@code m}, then summed into the bias gradient; {@code y == null} for the output layer (no ReLU).
     * Hidden layers without dropout use {@link Gemm#reluBiasBackward} (vectorised with the Vector API kernel).
     */
    private static void reluBiasBackward(int n, int out, float[] dy, float[] y, float[] m, float[] gb) {
        for (int k = 0; k < n; k++) {
            int o = k * out;
            if (y == null) {
                for (int i = 0; i < out; i++) {
                    gb[i] += dy[o + i];
                }
            } else {
                for (int i = 0; i < out; i++) {
                    // the mask rescales kept units
                    float v = y[o + i] > 0 ? dy[o + i] * m[o + i] : 0f;
                    dy[o + i] = v;
                    gb[i] += v;
                }
            }
        }
    }

    /**
     * Adds the embedding gradients: {@code dx0} back through the (weighted) lookups, into row {@code id} of {@code ge}
     * ({@code batch} null: a vocabulary-sized buffer) or into row {@code slot} ({@code ge} holds the batch's distinct
     * ids, {@link BatchRows}). Same additions in the same order either way.
     */
    private void scatter(EncodedData data, int[] order, int from, int n, float[] dx0, float[] ge, BatchRows batch) {
        int pos = batch == null ? 0 : from - batch.first(); // batch position of row order[from]
        for (int f = 0; f < numFields; f++) {
            int[] ids = data.ids(f);
            int[] off = data.offsets(f);
            float[] wt = data.weights(f);
            int[] slots = batch == null ? null : batch.slots(f);
            int[] starts = batch == null || off == null ? null : batch.valueStarts(f);
            int fo = f * d;
            for (int k = 0; k < n; k++) {
                int r = order == null ? from + k : order[from + k];
                int o = k * dim + fo;
                if (off == null) {
                    int dst = (slots == null ? ids[r] : slots[pos + k]) * d;
                    float w = wt == null ? 1f : wt[r];
                    for (int j = 0; j < d; j++) {
                        ge[dst + j] += w * dx0[o + j];
                    }
                } else {
                    int shift = slots == null ? 0 : starts[pos + k] - off[r];
                    for (int q = off[r]; q < off[r + 1]; q++) {
                        int dst = (slots == null ? ids[q] : slots[shift + q]) * d;
                        float w = wt == null ? 1f : wt[q];
                        for (int j = 0; j < d; j++) {
                            ge[dst + j] += w * dx0[o + j];
                        }
                    }
                }
            }
        }
    }

    private void crossBackward(int n, Workspace ws, float[][] grads, int layers) {
        float[] g = ws.g;
        int c = p.crossLayers();
        float[] hw = headW.data();
        float[] ghw = grads[index(headW)];
        float sg = 0;
        float[] xc = ws.xs[c];
        float[] h = ws.act[layers];
        int hdim = widths[layers];
        float[] dh = ws.dact[layers];
        float[] dxs = ws.dxs;
        for (int k = 0; k < n; k++) {
            float gk = g[k];
            sg += gk;
            for (int i = 0; i < dim; i++) {
                ghw[i] += gk * xc[k * dim + i];
                dxs[k * dim + i] = gk * hw[i];
            }
            for (int i = 0; i < hdim; i++) {
                ghw[dim + i] += gk * h[k * hdim + i];
                dh[k * hdim + i] = gk * hw[dim + i];
            }
        }
        grads[index(headB)][0] += sg;
        float[] x0 = ws.x0;
        float[] dx0 = ws.dx0;
        float[] du = ws.dtmp;
        for (int l = c - 1; l >= 0; l--) {
            float[] u = ws.us[l];
            // x_{l+1} = x0 * u + x_l,  u = W x_l + b
            for (int i = 0; i < n * dim; i++) {
                du[i] = dxs[i] * x0[i];
                dx0[i] += dxs[i] * u[i];
            }
            float[] gb = grads[index(crossB[l])];
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < dim; i++) {
                    gb[i] += du[k * dim + i];
                }
            }
            gemm.sgemm(false, true, dim, dim, n, du, dim, ws.xs[l], dim, 1f, grads[index(crossW[l])], dim);
            // dx_l = dx_{l+1} (identity path) + W^T du
            gemm.sgemm(true, false, dim, n, dim, crossW[l].data(), dim, du, dim, 1f, dxs, dim);
        }
        for (int i = 0; i < n * dim; i++) {
            dx0[i] += dxs[i]; // x_0 is also the input of the first layer
        }
    }
}
