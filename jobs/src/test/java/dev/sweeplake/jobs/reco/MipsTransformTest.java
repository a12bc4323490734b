package dev.sweeplake.jobs.reco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The L2 order of transformed items is the inner-product order of the original ones, for every user. */
class MipsTransformTest {

    @Test
    void l2NeighboursOfTheTransformedUserAreItsLargestInnerProducts() {
        int n = 400, d = 12, users = 50, k = 10;
        SplittableRandom r = new SplittableRandom(7);
        float[] items = new float[n * d];
        for (int i = 0; i < n; i++) {
            double scale = 0.2 + 3 * r.nextDouble(); // norms spread widely: where plain L2 and IP disagree
            for (int j = 0; j < d; j++) {
                items[i * d + j] = (float) (scale * r.nextGaussian());
            }
        }
        float[] u = new float[users * d];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) r.nextGaussian();
        }
        float[] ti = MipsTransform.items(items, d);
        float[] tu = MipsTransform.queries(u, d);
        assertEquals(n * (d + 1), ti.length);
        assertEquals(users * (d + 1), tu.length);
        int plainL2Differs = 0;
        for (int q = 0; q < users; q++) {
            final int qq = q;
            int[] byIp = top(n, k, i -> -dot(u, qq * d, items, i * d, d));
            int[] byL2 = top(n, k, i -> l2(tu, qq * (d + 1), ti, i * (d + 1), d + 1));
            int[] plain = top(n, k, i -> l2(u, qq * d, items, i * d, d));
            assertArrayEquals(byIp, byL2, "user " + q);
            plainL2Differs += java.util.Arrays.equals(byIp, plain) ? 0 : 1;
        }
        // The test data must be able to fail: without the transform, L2 ranks differently.
        assertTrue(plainL2Differs > users / 2, "plain L2 differs for " + plainL2Differs + " users");
        // The largest-norm item gets 0 as its last component; every last component is finite and non-negative.
        for (int i = 0; i < n; i++) {
            float last = ti[i * (d + 1) + d];
            assertTrue(last >= 0 && Float.isFinite(last), "item " + i);
        }
    }

    private static int[] top(int n, int k, java.util.function.IntToDoubleFunction key) {
        return IntStream.range(0, n)
                .boxed()
                .sorted(Comparator.comparingDouble(key::applyAsDouble).thenComparingInt(i -> i))
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static double dot(float[] a, int ao, float[] b, int bo, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += (double) a[ao + j] * b[bo + j];
        }
        return s;
    }

    private static double l2(float[] a, int ao, float[] b, int bo, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double t = (double) a[ao + j] - b[bo + j];
            s += t * t;
        }
        return s;
    }
}
