package dev.sweeplake.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KMeansTest {

    @Test
    void nearestWithinARatioRoutesAdaptively() {
        // Centroids on a line at 0, 1, 2, ..., 7 (dimension 2).
        float[] c = new float[16];
        for (int i = 0; i < 8; i++) {
            c[2 * i] = i;
        }
        KMeansModel m = KMeansModel.of(c, 2);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int t = 0; t < 200; t++) {
            float[] v = {(float) (rnd.nextDouble() * 9 - 1), (float) rnd.nextDouble()};
            for (int max = 1; max <= 8; max++) {
                assertArrayEquals(m.nearest(v, max), m.nearestWithin(v, max, Double.POSITIVE_INFINITY));
                assertArrayEquals(m.nearest(v, max), m.nearestWithin(v, max, 1e12));
            }
        }
        // At 0.1 from centroid 3: distances 0.01 (3), 0.81 (4), 1.21 (2), ...
        float[] v = {3.1f, 0f};
        assertArrayEquals(new int[] {3}, m.nearestWithin(v, 4, 1.0));
        assertArrayEquals(new int[] {3}, m.nearestWithin(v, 4, 80));
        assertArrayEquals(new int[] {3, 4}, m.nearestWithin(v, 4, 82));
        assertArrayEquals(new int[] {3, 4, 2}, m.nearestWithin(v, 4, 122));
        assertArrayEquals(new int[] {3, 4}, m.nearestWithin(v, 2, 1000));
        // Near the boundary between 3 and 4 both are visited at a small ratio.
        assertArrayEquals(new int[] {3, 4}, m.nearestWithin(new float[] {3.49f, 0f}, 4, 1.1));
        assertEquals(
                "ratio must be >= 1, actual 0.5",
                assertThrows(IllegalArgumentException.class, () -> m.nearestWithin(v, 2, 0.5))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.nearestWithin(v, 2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> m.nearestWithin(v, 9, 2));
        assertThrows(IllegalArgumentException.class, () -> m.nearestWithin(new float[3], 2, 2));
    }

    @Test
    void recoversSeparatedClustersDeterministically() {
        // Four tight blobs far apart: k-means++ must find one centroid per blob.
        int n = 400;
        float[] data = new float[n * 2];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            int c = i % 4;
            data[2 * i] = (c % 2) * 100 + (float) rnd.nextGaussian();
            data[2 * i + 1] = (c / 2) * 100 + (float) rnd.nextGaussian();
        }
        VectorMatrix m = VectorMatrix.withRowIds(data, 2);
        KMeansParams p = KMeansParams.defaults().withK(4).withSeed(11);
        KMeansModel a = KMeans.train(m, p, 1, ProgressListener.NONE);
        KMeansModel b = KMeans.train(m, p, 2, ProgressListener.NONE);
        assertArrayEquals(a.centroids(), b.centroids(), "same seed, any thread count");
        int[] assign = a.assign(m, 2);
        for (int i = 0; i < n; i++) {
            assertEquals(assign[i % 4], assign[i], "row " + i + " joins its blob");
        }
        Set<Integer> distinct = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            distinct.add(assign[i]);
        }
        assertEquals(4, distinct.size());
        assertEquals(assign[1], a.nearest(new float[] {101f, 1f}));
        assertEquals(assign[1], a.nearest(new float[] {99f, -1f}, 2)[0]);
    }

    @Test
    void balancedAssignmentRespectsTheCap() {
        // 90% of the rows in one blob: plain assignment is very unbalanced.
        VectorMatrix m = TestData.clustered(1000, 8, 3, 5);
        KMeansModel model = KMeans.train(m, KMeansParams.defaults().withK(8), 2, ProgressListener.NONE);
        int[] plain = model.assign(m, 1);
        int[] balanced = model.assignBalanced(m, 1.2);
        int cap = (int) Math.floor(1.2 * 1000 / 8);
        int[] counts = new int[8];
        for (int a : balanced) {
            counts[a]++;
        }
        for (int c : counts) {
            assertTrue(c <= cap, "shard size " + c + " <= " + cap);
        }
        int same = 0;
        for (int i = 0; i < plain.length; i++) {
            same += plain[i] == balanced[i] ? 1 : 0;
        }
        assertTrue(same > 500, "most rows keep their nearest centroid: " + same);
        assertEquals(
                "maxFactor must be in [1.0, +inf), actual 0.5",
                assertThrows(IllegalArgumentException.class, () -> model.assignBalanced(m, 0.5))
                        .getMessage());
        assertEquals(
                "k must be in [1, 1000], actual 1001",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> KMeans.train(m, KMeansParams.defaults().withK(1001), 1, ProgressListener.NONE))
                        .getMessage());
    }
}
