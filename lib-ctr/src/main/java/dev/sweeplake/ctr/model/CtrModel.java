package dev.sweeplake.ctr.model;

import dev.sweeplake.ctr.CtrFormatException;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.internal.BinaryFormat;
import dev.sweeplake.ctr.internal.EnumCodes;
import dev.sweeplake.ctr.internal.Network;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A trained (or freshly initialised) CTR model: predicts click probabilities for {@link EncodedData} produced by the
 * same {@link dev.sweeplake.ctr.features.FeatureProcessor} it was trained with.
 *
 * <p>Thread-safety: {@link #predict} may run concurrently from many threads once training has finished; training
 * mutates the parameters and must not overlap with predictions.
 */
public final class CtrModel {
    /** 'SLCM'. */
    static final int MAGIC = 0x534C434D;
    /** 2: enum codes ({@link EnumCodes}) instead of names; 1 (still read): {@code Enum.name()} as UTF. */
    static final int VERSION = 2;

    private static final int CHUNK = 1024;
    private final Network net;

    private CtrModel(Network net) {
        this.net = net;
    }

    /** A new model with seeded initial parameters. */
    /**
     * The sgemm implementation this JVM's dense layers use (chosen once per JVM, property {@code sweeplake.ctr.gemm}):
     * e.g. {@code vector} (the Vector API kernel) or {@code netlib:JNIBLAS} (a native BLAS), for benchmark rows.
     */
    public static String denseKernel() {
        return dev.sweeplake.ctr.internal.GemmProvider.get().name();
    }

    public static CtrModel create(ModelParams params, int numFields, int numFeatures, long seed) {
        if (numFields < 1 || numFeatures < 1) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "numFields and numFeatures must be >= 1, got %d and %d", numFields, numFeatures));
        }
        return new CtrModel(new Network(params, numFields, numFeatures, seed));
    }

    /** Internal: the computation graph (for the trainer). */
    public Network network() {
        return net;
    }

    public ModelParams params() {
        return net.modelParams();
    }

    public int numFields() {
        return net.numFields();
    }

    public int numFeatures() {
        return net.numFeatures();
    }

    /** Number of trainable scalars. */
    public long numParameters() {
        long n = 0;
        for (Network.Tensor t : net.params()) {
            n += t.length();
        }
        return n;
    }

    /**
     * Heap bytes of the trainable parameters: one float array per tensor, headers included ({@link
     * dev.sweeplake.ctr.internal.HeapBytes}); the model's small objects (tensor objects, layer lists) are not counted.
     * Tensors packed with lazy Adam's moments count as their plain arrays would (the rest of the packed rows is the
     * optimizer's, {@code Adam.stateBytes}).
     */
    public long parameterBytes() {
        long n = 0;
        for (Network.Tensor t : net.params()) {
            n += dev.sweeplake.ctr.internal.HeapBytes.array(t.length(), Float.BYTES);
        }
        return n;
    }

    /** Click probabilities, single-threaded. */
    public float[] predict(EncodedData data) {
        return predict(data, 1);
    }

    /** Click probabilities computed by {@code threads} threads (results do not depend on the thread count). */
    public float[] predict(EncodedData data, int threads) {
        checkCompatible(data);
        int n = data.rows();
        float[] out = new float[n];
        int chunks = (n + CHUNK - 1) / CHUNK;
        if (threads <= 1 || chunks <= 1) {
            Network.Workspace ws = net.newWorkspace(Math.min(CHUNK, Math.max(1, n)));
            for (int c = 0; c < chunks; c++) {
                predictChunk(data, c, ws, out);
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, chunks));
        try {
            List<Future<?>> fs = new ArrayList<>();
            int t = Math.min(threads, chunks);
            for (int i = 0; i < t; i++) {
                final int first = i;
                fs.add(pool.submit(() -> {
                    Network.Workspace ws = net.newWorkspace(CHUNK);
                    for (int c = first; c < chunks; c += t) {
                        predictChunk(data, c, ws, out);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private void predictChunk(EncodedData data, int c, Network.Workspace ws, float[] out) {
        int from = c * CHUNK;
        int to = Math.min(data.rows(), from + CHUNK);
        net.forward(data, null, from, to, ws, null);
        float[] z = ws.logit();
        for (int k = 0; k < to - from; k++) {
            out[from + k] = (float) (1.0 / (1.0 + Math.exp(-z[k])));
        }
    }

    void checkCompatible(EncodedData data) {
        if (data.numFields() != net.numFields() || data.numFeatures() != net.numFeatures()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "data has %d fields / %d features but the model expects %d / %d (encode with the same FeatureProcessor)",
                    data.numFields(),
                    data.numFeatures(),
                    net.numFields(),
                    net.numFeatures()));
        }
    }

    /** Copies all parameters (for best-epoch snapshots). */
    public float[][] snapshot() {
        List<Network.Tensor> ps = net.params();
        float[][] s = new float[ps.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = new float[ps.get(i).length()];
            ps.get(i).copyTo(s[i]);
        }
        return s;
    }

    /** Copies all parameters into {@code s} (a previous {@link #snapshot} of this model), or a new copy if null. */
    public float[][] snapshotInto(float[][] s) {
        if (s == null) {
            return snapshot();
        }
        List<Network.Tensor> ps = net.params();
        for (int i = 0; i < s.length; i++) {
            ps.get(i).copyTo(s[i]);
        }
        return s;
    }

    /** Restores parameters copied by {@link #snapshot}. */
    public void restore(float[][] s) {
        List<Network.Tensor> ps = net.params();
        for (int i = 0; i < s.length; i++) {
            ps.get(i).copyFrom(s[i]);
        }
    }

    /**
     * Writes params, shapes and every tensor (name + floats) inside the checksummed envelope of
     * {@link BinaryFormat}. Payload v2: byte kind code ({@link EnumCodes}; v1: UTF name), int embeddingDim, int nHidden, int[nHidden] hidden, double dropout,
     * double l2Embedding, double l2Weights, int crossLayers, double learningRate, int batchSize, int numFields,
     * int numFeatures, int nTensors, then per tensor UTF name + int length + floats.
     */
    public void save(OutputStream out) {
        BinaryFormat.Writer w = new BinaryFormat.Writer(MAGIC, VERSION);
        DataOutputStream d = w.out;
        ModelParams p = params();
        try {
            d.writeByte(EnumCodes.code(p.kind()));
            d.writeInt(p.embeddingDim());
            d.writeInt(p.hiddenUnits().size());
            for (int h : p.hiddenUnits()) {
                d.writeInt(h);
            }
            d.writeDouble(p.dropout());
            d.writeDouble(p.l2Embedding());
            d.writeDouble(p.l2Weights());
            d.writeInt(p.crossLayers());
            d.writeDouble(p.learningRate());
            d.writeInt(p.batchSize());
            d.writeInt(numFields());
            d.writeInt(numFeatures());
            List<Network.Tensor> ps = net.params();
            d.writeInt(ps.size());
            for (Network.Tensor t : ps) {
                d.writeUTF(t.name());
                BinaryFormat.writeFloats(d, t.values());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        w.finish(out);
    }

    /** Reads a model written by {@link #save}. @throws CtrFormatException if corrupt, mismatched or newer */
    public static CtrModel load(InputStream in) {
        BinaryFormat.Opened o = BinaryFormat.open(in, MAGIC, VERSION, "ctr model");
        DataInputStream d = o.in();
        try {
            ModelKind kind =
                    o.version() == 1 ? EnumCodes.v1ModelKind(d.readUTF()) : EnumCodes.modelKind(d.readUnsignedByte());
            int emb = d.readInt();
            int nh = d.readInt();
            List<Integer> hidden = new ArrayList<>();
            for (int i = 0; i < nh; i++) {
                hidden.add(d.readInt());
            }
            ModelParams p = new ModelParams(
                    kind,
                    emb,
                    hidden,
                    d.readDouble(),
                    d.readDouble(),
                    d.readDouble(),
                    d.readInt(),
                    d.readDouble(),
                    d.readInt());
            int fields = d.readInt();
            int features = d.readInt();
            CtrModel m = create(p, fields, features, 0L);
            List<Network.Tensor> ps = m.net.params();
            int nt = d.readInt();
            if (nt != ps.size()) {
                throw new CtrFormatException(String.format(
                        Locale.ROOT, "ctr model: tensor count mismatch: expected %d, actual %d", ps.size(), nt));
            }
            for (Network.Tensor t : ps) {
                String name = d.readUTF();
                float[] a = BinaryFormat.readFloats(d);
                if (!name.equals(t.name()) || a.length != t.length()) {
                    throw new CtrFormatException(String.format(
                            Locale.ROOT,
                            "ctr model: tensor mismatch: expected %s[%d], actual %s[%d]",
                            t.name(),
                            t.length(),
                            name,
                            a.length));
                }
                t.copyFrom(a);
            }
            return m;
        } catch (IOException | IllegalArgumentException e) {
            throw new CtrFormatException("ctr model: malformed payload: " + e.getMessage());
        }
    }
}
