package dev.sweeplake.ctr.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sweeplake.ctr.features.EncodedData;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batch's distinct ids, in first-occurrence order, and each occurrence's slot, across batches and past the hash
 * set's first capacity.
 */
class BatchRowsTest {
    @Test
    void distinctIdsInFirstOccurrenceOrder() {
        SplittableRandom r = new SplittableRandom(5);
        int rows = 20_000;
        int numFeatures = 10_000_000;
        int[] a = new int[rows];
        int[] b = new int[rows];
        int[] bagIds = new int[2 * rows];
        int[] off = new int[rows + 1];
        float[] w = new float[2 * rows];
        for (int i = 0; i < rows; i++) {
            a[i] = r.nextInt(numFeatures / 2);
            b[i] = numFeatures / 2 + r.nextInt(50);
            bagIds[2 * i] = numFeatures / 2 + 50 + r.nextInt(numFeatures / 2 - 50);
            bagIds[2 * i + 1] = bagIds[2 * i];
            off[i + 1] = 2 * i + 2;
            w[2 * i] = w[2 * i + 1] = 0.5f;
        }
        EncodedData e = EncodedData.of(
                numFeatures,
                new int[][] {a, b, bagIds},
                new int[][] {null, null, off},
                new float[][] {null, null, w},
                new float[rows]);
        BatchRows br = new BatchRows(numFeatures);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = rows - 1 - i;
        }
        for (int[] range : new int[][] {{0, 10}, {0, rows}, {5, 4096}, {100, 101}}) {
            br.collect(e, order, range[0], range[1]);
            LinkedHashSet<Integer> want = new LinkedHashSet<>();
            for (int[] col : new int[][] {a, b}) {
                for (int k = range[0]; k < range[1]; k++) {
                    want.add(col[order[k]]);
                }
            }
            for (int k = range[0]; k < range[1]; k++) {
                int row = order[k];
                for (int q = off[row]; q < off[row + 1]; q++) {
                    want.add(bagIds[q]);
                }
            }
            assertArrayEquals(
                    want.stream().mapToInt(Integer::intValue).toArray(),
                    Arrays.copyOf(br.rows(), br.size()),
                    Arrays.toString(range));
            // every occurrence's slot names its id
            int[] ids = br.rows();
            for (int p = 0; p < range[1] - range[0]; p++) {
                int row = order[range[0] + p];
                assertEquals(a[row], ids[br.slots(0)[p]]);
                assertEquals(b[row], ids[br.slots(1)[p]]);
                int start = br.valueStarts(2)[p];
                assertEquals(off[row + 1] - off[row], br.valueStarts(2)[p + 1] - start);
                for (int q = off[row]; q < off[row + 1]; q++) {
                    assertEquals(bagIds[q], ids[br.slots(2)[start + q - off[row]]]);
                }
            }
            assertEquals(range[0], br.first());
        }
    }
}
