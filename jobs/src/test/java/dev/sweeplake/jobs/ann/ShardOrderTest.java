package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShardOrderTest {

    @Test
    void byIdIsAStableSortPermutation() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 2, 3, 17, 1000}) {
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = rnd.nextInt(50) - 25; // duplicates and negatives
            }
            int[] p = ShardOrder.byId(ids);
            Integer[] expected = new Integer[n];
            for (int i = 0; i < n; i++) {
                expected[i] = i;
            }
            Arrays.sort(expected, (a, b) -> Long.compare(ids[a], ids[b])); // stable (TimSort)
            assertArrayEquals(
                    Arrays.stream(expected).mapToInt(Integer::intValue).toArray(), p, "n=" + n);
        }
    }

    @Test
    void applyInPlaceEqualsACopyingReorder() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 257;
        int dim = 5;
        long[] ids = new long[n];
        float[] data = new float[n * dim];
        for (int i = 0; i < n; i++) {
            ids[i] = rnd.nextLong();
            for (int d = 0; d < dim; d++) {
                data[i * dim + d] = (float) rnd.nextDouble();
            }
        }
        for (boolean shuffled : new boolean[] {false, true}) {
            int[] p = ShardOrder.byId(ids);
            if (shuffled) {
                ShardOrder.shuffle(p, 42);
            }
            long[] wantIds = new long[n];
            float[] wantData = new float[n * dim];
            for (int i = 0; i < n; i++) {
                wantIds[i] = ids[p[i]];
                System.arraycopy(data, p[i] * dim, wantData, i * dim, dim);
            }
            long[] gotIds = ids.clone();
            float[] gotData = data.clone();
            ShardOrder.applyInPlace(p, gotIds, gotData, dim);
            assertArrayEquals(wantIds, gotIds, "shuffled=" + shuffled);
            assertArrayEquals(wantData, gotData, "shuffled=" + shuffled);
        }
    }

    @Test
    void partitionerPutsTheLargestShardsFirst() {
        AnnBuildJob.ShardPartitioner p = new AnnBuildJob.ShardPartitioner(new long[] {5, 9, 9, 1, 0});
        assertArrayEquals(
                new int[] {1, 2, 0, 3, 4},
                java.util.stream.IntStream.range(0, 5).map(p::shardOf).toArray());
        for (int partition = 0; partition < 5; partition++) {
            org.junit.jupiter.api.Assertions.assertEquals(partition, p.getPartition(p.shardOf(partition)));
        }
        org.junit.jupiter.api.Assertions.assertEquals(5, p.numPartitions());
        org.junit.jupiter.api.Assertions.assertEquals(p, new AnnBuildJob.ShardPartitioner(new long[] {5, 9, 9, 1, 0}));
    }

    @Test
    void shuffleDrawsAreTheSeededFisherYates() {
        int[] p = {0, 1, 2, 3, 4, 5, 6, 7};
        int[] q = p.clone();
        ShardOrder.shuffle(p, 3);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = q.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = q[i];
            q[i] = q[j];
            q[j] = t;
        }
        assertArrayEquals(q, p);
    }
}
