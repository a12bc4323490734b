package dev.sweeplake.ctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.internal.BatchRows;
import dev.sweeplake.ctr.internal.Network;
import dev.sweeplake.ctr.model.CtrModel;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The trainer's lazy Adam (gradients of embedding-like tensors in compact buffers indexed by the batch's id slots)
 * against the algorithm it replaced, written out here: vocabulary-sized gradient buffers per thread (the backward pass
 * without slots) and a lazy Adam update reading them at the ids. They must agree bit for bit, on batches where most
 * ids are absent, with weighted single-valued and (weighted) multi-valued fields, one and two threads.
 */
class LazyAdamCompactGradientsTest {
    private static final float B1 = 0.9f;
    private static final float B2 = 0.999f;
    private static final float EPS = 1e-8f;

    /** Field 0: 400 ids (Zipf-ish); 1: 50 ids, weighted; 2: weighted bags of 0-3 ids (repeats too); 3: bags of 0-2. */
    private static EncodedData data(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int numFeatures = 400 + 50 + 60 + 30;
        int[] f0 = new int[rows];
        int[] f1 = new int[rows];
        float[] w1 = new float[rows];
        int[] off2 = new int[rows + 1];
        int[] off3 = new int[rows + 1];
        int[] bag2 = new int[3 * rows];
        float[] w2 = new float[3 * rows];
        int[] bag3 = new int[2 * rows];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            f0[i] = (int) (400 * Math.pow(r.nextDouble(), 3));
            f1[i] = 400 + r.nextInt(50);
            w1[i] = (float) r.nextGaussian();
            int n2 = r.nextInt(4);
            for (int q = 0; q < n2; q++) {
                bag2[off2[i] + q] = q > 0 && r.nextInt(3) == 0 ? bag2[off2[i]] : 450 + r.nextInt(60);
                w2[off2[i] + q] = 1f / n2;
            }
            off2[i + 1] = off2[i] + n2;
            int n3 = r.nextInt(3);
            for (int q = 0; q < n3; q++) {
                bag3[off3[i] + q] = 510 + r.nextInt(30);
            }
            off3[i + 1] = off3[i] + n3;
            double logit = (f0[i] % 7 - 3) * 0.4 + w1[i] * ((f1[i] & 1) == 0 ? 0.8 : -0.8) + n2 * 0.3 - n3 * 0.2;
            labels[i] = r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1f : 0f;
        }
        return EncodedData.of(
                numFeatures,
                new int[][] {
                    f0, f1, java.util.Arrays.copyOf(bag2, off2[rows]), java.util.Arrays.copyOf(bag3, off3[rows])
                },
                new int[][] {null, null, off2, off3},
                new float[][] {null, w1, java.util.Arrays.copyOf(w2, off2[rows]), null},
                labels);
    }

    @Test
    void compactGradientsGiveTheSameModelAsVocabularySizedOnes() {
        EncodedData train = data(300, 1L);
        EncodedData valid = data(120, 2L);
        EncodedData test = data(120, 3L);
        for (ModelKind k : List.of(ModelKind.LR, ModelKind.FM, ModelKind.DEEPFM, ModelKind.DCNV2)) {
            for (int threads : new int[] {1, 2}) {
                ModelParams mp = ModelParams.defaults(k)
                        .withEmbeddingDim(4)
                        .withHiddenUnits(List.of(8))
                        .withCrossLayers(1)
                        .withDropout(k == ModelKind.DEEPFM ? 0.2 : 0)
                        .withL2Embedding(k == ModelKind.FM ? 1e-3 : 0)
                        .withBatchSize(64)
                        .withLearningRate(1e-2);
                TrainerParams tp = TrainerParams.defaults()
                        .withMaxEpochs(1)
                        .withThreads(threads)
                        .withLazyAdam(true);
                float[][] got = new BarsTrainer()
                        .train(train, valid, test, mp, tp, TrainingListener.NONE)
                        .model()
                        .snapshot();
                float[][] want = vocabularySizedLazyEpoch(train, mp, tp);
                float[] before = CtrModel.create(mp, train.numFields(), train.numFeatures(), tp.seed())
                        .snapshot()[k == ModelKind.DCNV2 ? 0 : 1];
                int moved = 0;
                int still = 0;
                for (int i = 0; i < before.length; i++) {
                    if (before[i] == want[k == ModelKind.DCNV2 ? 0 : 1][i]) {
                        still++;
                    } else {
                        moved++;
                    }
                }
                assertTrue(moved > 0 && still > 0, k + ": the case must have trained and untouched rows");
                for (int i = 0; i < want.length; i++) {
                    assertArrayEquals(want[i], got[i], 0f, k + " threads " + threads + " tensor " + i);
                }
            }
        }
    }

    /** One epoch of the trainer's schedule with the previous gradient layout and lazy update (test-side reference). */
    private static float[][] vocabularySizedLazyEpoch(EncodedData train, ModelParams mp, TrainerParams tp) {
        CtrModel model = CtrModel.create(mp, train.numFields(), train.numFeatures(), tp.seed());
        Network net = model.network();
        int threads = tp.threads();
        int batch = mp.batchSize();
        int chunk = (batch + threads - 1) / threads;
        Network.Workspace[] ws = new Network.Workspace[threads];
        float[][][] grads = new float[threads][][];
        for (int t = 0; t < threads; t++) {
            ws[t] = net.newWorkspace(Math.min(chunk, BarsTrainer.SUB_CHUNK));
            grads[t] = net.newGradients(); // vocabulary-sized
        }
        List<Network.Tensor> params = net.params();
        float[][] m = new float[params.size()][];
        float[][] v = new float[params.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[params.get(i).data().length];
            v[i] = new float[params.get(i).data().length];
        }
        int n = train.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int epoch = 1;
        SplittableRandom sr = new SplittableRandom(BarsTrainer.mix(tp.seed(), epoch, -1, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = sr.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        BatchRows rows = new BatchRows(train.numFeatures());
        long step = 0;
        for (int from = 0, s = 0; from < n; from += batch, s++) {
            int to = Math.min(n, from + batch);
            int b = to - from;
            int c = (b + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                int lo = from + t * c;
                int hi = Math.min(to, lo + c);
                SplittableRandom rng =
                        mp.dropout() > 0 ? new SplittableRandom(BarsTrainer.mix(tp.seed(), epoch, s, t)) : null;
                for (int sub = lo; sub < hi; sub += BarsTrainer.SUB_CHUNK) {
                    net.trainStep(
                            train, order, sub, Math.min(hi, sub + BarsTrainer.SUB_CHUNK), b, ws[t], grads[t], rng);
                }
            }
            rows.collect(train, order, from, to);
            step++;
            double bc1 = 1 - Math.pow(B1, step);
            double bc2 = 1 - Math.pow(B2, step);
            float stepSize = (float) (mp.learningRate() / bc1);
            float sqrtBc2 = (float) Math.sqrt(bc2);
            for (int pi = 0; pi < params.size(); pi++) {
                Network.Tensor tensor = params.get(pi);
                float[] w = tensor.data();
                int group = tensor.l2Group();
                float l2 = group == 1 ? (float) mp.l2Embedding() : group == 2 ? (float) mp.l2Weights() : 0f;
                if (group == 1) {
                    int width = w.length / train.numFeatures();
                    for (int k = 0; k < rows.size(); k++) {
                        int id = rows.rows()[k];
                        for (int j = 0; j < width; j++) {
                            update(grads, pi, w, m[pi], v[pi], id * width + j, l2, stepSize, sqrtBc2);
                        }
                    }
                } else {
                    for (int i = 0; i < w.length; i++) {
                        update(grads, pi, w, m[pi], v[pi], i, l2, stepSize, sqrtBc2);
                    }
                }
            }
        }
        for (float[][] g : grads) {
            for (float[] a : g) {
                for (float x : a) {
                    assertEquals(0f, x, "a gradient the lazy update did not consume");
                }
            }
        }
        return model.snapshot();
    }

    private static void update(
            float[][][] grads,
            int pi,
            float[] w,
            float[] m,
            float[] v,
            int i,
            float l2,
            float stepSize,
            float sqrtBc2) {
        float g = grads[0][pi][i];
        grads[0][pi][i] = 0f;
        for (int th = 1; th < grads.length; th++) {
            g += grads[th][pi][i];
            grads[th][pi][i] = 0f;
        }
        if (l2 != 0f) {
            g += l2 * w[i];
        }
        float mi = B1 * m[i] + (1 - B1) * g;
        float vi = B2 * v[i] + (1 - B2) * g * g;
        m[i] = mi;
        v[i] = vi;
        w[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + EPS);
    }

    @Test
    void compactBuffersHoldTheBatchNotTheVocabulary() {
        ModelParams mp = ModelParams.defaults(ModelKind.FM).withEmbeddingDim(8);
        Network net = CtrModel.create(mp, 3, 1_000_000, 7L).network();
        float[][] g = net.newGradients(1000);
        for (int i = 0; i < g.length; i++) {
            Network.Tensor t = net.params().get(i);
            int want = t.l2Group() == 1 ? 1000 * (t.data().length / 1_000_000) : t.data().length;
            assertEquals(want, g[i].length, t.name());
        }
        g[2][5] = 3f;
        net.ensureSlotRows(g, 1500); // grows, keeping the content
        assertEquals(3f, g[2][5]);
        assertTrue(g[2].length >= 1500 * 8 && g[2].length <= 2000 * 8, "grown to " + g[2].length);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> net.ensureSlotRows(g, -1));
        assertEquals("slotRows must be >= 0, got -1", ex.getMessage());
    }
}
