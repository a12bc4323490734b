package dev.sweeplake.ctr.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.model.CtrModel;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Lazy Adam's packed rows ({@link Network#packRows(int)}): each id's embedding-like values and their moments in one
 * record, in chunks of ids. Small chunks put the 37 ids of these cases into several chunks (the last one shorter), so
 * every access crosses chunk boundaries; training on them must give bit for bit what the default layout gives.
 */
class PackedRowsTest {
    private static final int FEATURES = 37;

    private static EncodedData data(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] f0 = new int[rows];
        int[] f1 = new int[rows];
        int[] bag = new int[2 * rows];
        int[] off = new int[rows + 1];
        float[] w = new float[2 * rows];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            f0[i] = r.nextInt(20);
            f1[i] = 20 + r.nextInt(10);
            int n = r.nextInt(3); // 0..2 values
            off[i + 1] = off[i] + n;
            for (int q = off[i]; q < off[i + 1]; q++) {
                bag[q] = 30 + r.nextInt(7);
                w[q] = 0.5f;
            }
            labels[i] = (f0[i] + f1[i]) % 3 == 0 ? 1f : 0f;
        }
        return EncodedData.of(
                FEATURES,
                new int[][] {f0, f1, java.util.Arrays.copyOf(bag, off[rows])},
                new int[][] {null, null, off},
                new float[][] {null, null, java.util.Arrays.copyOf(w, off[rows])},
                labels);
    }

    /** {@code steps} lazy-Adam steps of 32 rows, one thread; {@code chunkFloats} 0: the default layout. */
    private static Network train(ModelKind kind, EncodedData d, int chunkFloats, int steps) {
        ModelParams mp = ModelParams.defaults(kind)
                .withEmbeddingDim(3)
                .withHiddenUnits(List.of(4))
                .withCrossLayers(1)
                .withL2Embedding(1e-3)
                .withLearningRate(1e-2);
        Network net = CtrModel.create(mp, d.numFields(), d.numFeatures(), 3L).network();
        if (chunkFloats > 0) {
            net.packRows(chunkFloats);
        }
        Adam adam = new Adam(net, mp.learningRate(), true); // keeps a layout already packed
        BatchRows rows = new BatchRows(d.numFeatures());
        float[][] grads = net.newGradients(64);
        Network.Workspace ws = net.newWorkspace(32);
        for (int s = 0; s < steps; s++) {
            int from = (s * 32) % (d.rows() - 32);
            rows.collect(d, null, from, from + 32);
            net.ensureSlotRows(grads, rows.size());
            net.trainStep(d, null, from, from + 32, 32, ws, grads, rows, null);
            adam.beginStep();
            adam.step(new float[][][] {grads}, 0, 1, rows.rows(), rows.size());
        }
        return net;
    }

    private static float[][] values(Network net) {
        return net.params().stream().map(Network.Tensor::values).toArray(float[][]::new);
    }

    @Test
    void smallChunksTrainBitForBitAsTheDefaultLayout() {
        EncodedData d = data(400, 9L);
        for (ModelKind kind : List.of(ModelKind.LR, ModelKind.FM, ModelKind.DEEPFM, ModelKind.DCNV2)) {
            Network ref = train(kind, d, 0, 30);
            assertEquals(1, ref.packedRows().chunks.length, kind + ": default layout, one chunk");
            // a record of FM/DeepFM: 3 embedding + 1 LR value, then 4 + 4 moments = 12 floats; 5 records' floats
            // hold 4 ids (the largest power of two), so 37 ids take 10 chunks
            int chunkFloats = 5 * ref.packedRows().stride;
            Network small = train(kind, d, chunkFloats, 30);
            Network.PackedRows p = small.packedRows();
            assertEquals(10, p.chunks.length, kind + ": chunks");
            int perChunk = 1 << p.shift;
            assertEquals(4, perChunk, kind + ": ids per chunk");
            assertEquals(
                    (FEATURES % perChunk == 0 ? perChunk : FEATURES % perChunk) * p.stride,
                    p.chunks[p.chunks.length - 1].length,
                    kind + ": the last chunk holds only the last ids");
            float[][] a = values(ref);
            float[][] b = values(small);
            float[] init = CtrModel.create(
                            ModelParams.defaults(kind)
                                    .withEmbeddingDim(3)
                                    .withHiddenUnits(List.of(4))
                                    .withCrossLayers(1),
                            d.numFields(),
                            d.numFeatures(),
                            3L)
                    .network()
                    .params()
                    .get(kind == ModelKind.DCNV2 ? 0 : 1)
                    .values();
            assertNotEquals(
                    java.util.Arrays.toString(init),
                    java.util.Arrays.toString(a[kind == ModelKind.DCNV2 ? 0 : 1]),
                    kind + ": the rows trained");
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(
                        a[i],
                        b[i],
                        0f,
                        kind + " tensor " + small.params().get(i).name());
            }
            small.unpackRows();
            assertEquals(null, small.packedRows());
            for (int i = 0; i < a.length; i++) {
                assertFalse(small.params().get(i).packed());
                assertArrayEquals(a[i], small.params().get(i).data(), 0f, kind + " unpacked");
            }
        }
    }

    @Test
    void packedTensorsCopyInAndOutRowByRow() {
        Network net = CtrModel.create(ModelParams.defaults(ModelKind.FM).withEmbeddingDim(3), 3, FEATURES, 1L)
                .network();
        Network.Tensor emb = net.params().stream()
                .filter(t -> t.name().equals("embedding"))
                .findFirst()
                .orElseThrow();
        float[] before = emb.data().clone();
        Network.PackedRows p = net.packRows(24); // 2 ids per chunk
        assertTrue(emb.packed());
        assertEquals(19, p.chunks.length);
        assertArrayEquals(before, emb.values(), 0f);
        float[] changed = before.clone();
        changed[3 * 36 + 2] = 42f; // last id, last column: the last, one-id chunk
        emb.copyFrom(changed);
        float[] out = new float[before.length];
        emb.copyTo(out);
        assertArrayEquals(changed, out, 0f);
        IllegalStateException ex = assertThrows(IllegalStateException.class, emb::data);
        assertEquals("tensor embedding is packed with lazy Adam's moments; copy it out", ex.getMessage());
        IllegalArgumentException shortArray =
                assertThrows(IllegalArgumentException.class, () -> emb.copyTo(new float[10]));
        assertEquals("tensor embedding holds 111 values, the array only 10", shortArray.getMessage());
        assertSame(p, net.packRows(), "packing again keeps the layout");
        net.unpackRows();
        assertArrayEquals(changed, emb.data(), 0f);
    }

    @Test
    void badChunkSizeAndUnpackedAdamAreRefused() {
        Network net = CtrModel.create(ModelParams.defaults(ModelKind.FM).withEmbeddingDim(3), 3, FEATURES, 1L)
                .network();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> net.packRows(11));
        assertEquals("a packed chunk must hold one row of 12 floats, got 11", ex.getMessage());
        Adam adam = new Adam(net, 1e-2, true);
        assertTrue(net.params().get(1).packed());
        net.unpackRows();
        adam.beginStep();
        IllegalStateException st = assertThrows(
                IllegalStateException.class,
                () -> adam.step(new float[][][] {net.newGradients(1)}, 0, 1, new int[] {0}, 1));
        assertEquals("the network's rows were unpacked after this lazy Adam was made", st.getMessage());
        new Adam(net, 1e-2, true);
        new Adam(net, 1e-2, false); // dense Adam unpacks
        assertFalse(net.params().get(1).packed());
    }
}
