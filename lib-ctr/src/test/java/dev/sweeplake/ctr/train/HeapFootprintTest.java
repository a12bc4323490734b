package dev.sweeplake.ctr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.internal.HeapBytes;
import dev.sweeplake.ctr.model.CtrModel;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact heap byte counts (64-bit JVM with compressed oops: 16-byte array headers, 8-byte padding, 4-byte references)
 * of encoded data, parameters, Adam's moments, gradient buffers and the best-epoch snapshot, worked out by hand on tiny
 * cases, and the trainer's steady-state hook.
 */
class HeapFootprintTest {

    @Test
    void arrayBytesPadToEightAndRefuseBadSizes() {
        assertEquals(16, HeapBytes.array(0, 4));
        assertEquals(24, HeapBytes.array(1, 4)); // 20 -> 24
        assertEquals(24, HeapBytes.array(2, 4));
        assertEquals(32, HeapBytes.array(3, 4)); // 28 -> 32
        assertEquals(16 + 4L * 1_000_000_000, HeapBytes.array(1_000_000_000, 4));
        assertEquals(0, HeapBytes.of((float[]) null));
        assertThrows(IllegalArgumentException.class, () -> HeapBytes.array(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> HeapBytes.array(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainingFootprint(1, -1, 0, 0));
    }

    @Test
    void encodedDataCountsEveryArrayWithItsHeader() {
        // 3 rows; field 0 single-valued (3 ids), field 1 a weighted bag (offsets 0,1,3,4: 4 ids, 4 weights)
        EncodedData d = EncodedData.of(
                6,
                new int[][] {{0, 1, 2}, {3, 4, 5, 3}},
                new int[][] {null, {0, 1, 3, 4}},
                new float[][] {null, {1f, 0.5f, 0.5f, 1f}},
                new float[] {0f, 1f, 0f});
        long ids = 24 + 32 + 32; // int[2][] refs (16 + 8), int[3] (28 -> 32), int[4]
        long offsets = 24 + 32; // refs, int[4]
        long weights = 24 + 32; // refs, float[4]
        long labels = 32; // float[3]
        assertEquals(ids + offsets + weights + labels, d.heapBytes());
        assertEquals(232, d.heapBytes());
        // a slice holds the same shape for fewer rows: rows 1..2 -> field 0: 2 ids; field 1: offsets 0,2,3, 3 ids
        assertEquals(24 + 24 + 32 + 24 + 32 + 24 + 32 + 24, d.slice(1, 3).heapBytes());
    }

    private static EncodedData tiny() {
        // 2 single-valued fields over 6 ids (field 0: 0..2, field 1: 3..5), both classes
        return EncodedData.of(
                6,
                new int[][] {{0, 1, 2, 0, 1, 2}, {3, 4, 5, 5, 4, 3}},
                new int[][] {null, null},
                new float[][] {null, null},
                new float[] {0f, 1f, 0f, 1f, 1f, 0f});
    }

    private static ModelParams fm() {
        return ModelParams.defaults(ModelKind.FM).withEmbeddingDim(3).withBatchSize(4);
    }

    @Test
    void parameterBytesOfATinyFm() {
        CtrModel m = CtrModel.create(fm(), 2, 6, 1L);
        // bias float[1] (20 -> 24), lr.weight float[6] (40), embedding float[6 x 3] (88)
        assertEquals(24 + 40 + 88, m.parameterBytes());
        assertEquals(25, m.numParameters());
    }

    @Test
    void trainerReportsWhatItAllocatedOnceAfterTheFirstEpochsSteps() {
        EncodedData d = tiny();
        long params = 152;
        long tensorRefs = 32; // float[3][] (16 + 12 -> 32)
        // dense Adam: m and v per tensor plus their two reference arrays
        long dense = 2 * tensorRefs + 2 * params;
        // lazy Adam: bias m + v (24 + 24); lr.weight and embedding packed with their moments in one chunk of 6 ids x
        // (1 + 3) x 3 floats (float[1][] 24 + float[72] 304), less the plain arrays the parameters count (40 + 88)
        long lazy = 2 * tensorRefs + 48 + (24 + 304) - (40 + 88);
        long grads1 = 24 + tensorRefs + params; // float[1][][] refs, one thread's buffers
        long grads2 = 24 + 2 * (tensorRefs + params);
        // no best-epoch copy yet: the trainer copies the parameters only after an epoch that a later one follows
        assertEquals(new TrainingFootprint(params, dense, grads1, 0), footprint(d, 1, false));
        assertEquals(new TrainingFootprint(params, lazy, grads2, 0), footprint(d, 2, true));
    }

    private static TrainingFootprint footprint(EncodedData d, int threads, boolean lazyAdam) {
        List<TrainingFootprint> seen = new ArrayList<>();
        List<Integer> epochsBefore = new ArrayList<>();
        int[] epochs = {0};
        TrainingListener l = new TrainingListener() {
            @Override
            public void afterFirstEpochSteps(TrainingFootprint fp) {
                seen.add(fp);
                epochsBefore.add(epochs[0]);
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                epochs[0]++;
            }
        };
        TrainerParams tp = TrainerParams.defaults()
                .withMaxEpochs(3)
                .withPatience(100)
                .withThreads(threads)
                .withLazyAdam(lazyAdam);
        TrainResult r = new BarsTrainer().train(d, d, d, fm(), tp, l);
        assertEquals(3, r.epochsRun());
        assertEquals(1, seen.size(), "called once per run");
        assertEquals(List.of(0), epochsBefore, "before the first epoch's validation");
        assertEquals(r.model().parameterBytes(), seen.get(0).parameterBytes());
        return seen.get(0);
    }
}
