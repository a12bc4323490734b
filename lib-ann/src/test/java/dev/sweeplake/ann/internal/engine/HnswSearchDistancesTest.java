package dev.sweeplake.ann.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.Metric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The batched neighbour distances of the HNSW search ({@link HnswSearch#distances}: four rows at a time, a short tail
 * padded with rows already computed) equal one-at-a-time {@link HnswSearch#dist} bit for bit, for every list length a
 * graph can have and every metric, so batching cannot change a graph or a search result.
 */
class HnswSearchDistancesTest {

    @Test
    void batchedDistancesAreTheSingleOnesForEveryLengthAndMetric() {
        int n = 50;
        int dim = 37; // not a multiple of any SIMD width: the kernels' tails run too
        Random rnd = new Random(20261201L);
        float[] vecs = new float[n * dim];
        for (int i = 0; i < vecs.length; i++) {
            vecs[i] = (float) rnd.nextGaussian();
        }
        int m = 16;
        HnswGraph graph = new HnswGraph(n, m, new int[n]);
        for (Metric metric : Metric.values()) {
            HnswSearch hs = new HnswSearch(graph, vecs, dim, metric, n);
            for (int len = 0; len <= 2 * m; len++) {
                int[] nodes = new int[len];
                for (int i = 0; i < len; i++) {
                    nodes[i] = rnd.nextInt(n);
                }
                float[] out = new float[2 * m];
                hs.distances(vecs, 3 * dim, nodes, len, out);
                for (int i = 0; i < len; i++) {
                    assertEquals(
                            Float.floatToRawIntBits(hs.dist(vecs, 3 * dim, nodes[i])),
                            Float.floatToRawIntBits(out[i]),
                            metric + " list length " + len + " position " + i);
                }
            }
        }
    }

    @Test
    void anyCloserAnswersAsTheOneAtATimeTest() {
        int n = 60;
        int dim = 19;
        Random rnd = new Random(7L);
        float[] vecs = new float[n * dim];
        for (int i = 0; i < vecs.length; i++) {
            vecs[i] = (float) rnd.nextGaussian();
        }
        HnswGraph graph = new HnswGraph(n, 16, new int[n]);
        int yes = 0;
        int no = 0;
        for (Metric metric : Metric.values()) {
            HnswSearch hs = new HnswSearch(graph, vecs, dim, metric, n);
            for (int trial = 0; trial < 400; trial++) {
                int len = rnd.nextInt(33);
                int[] nodes = new int[len];
                for (int i = 0; i < len; i++) {
                    nodes[i] = rnd.nextInt(n);
                }
                int e = rnd.nextInt(n);
                // a threshold at one of the list's own distances (or any node's) makes both answers common
                float de = hs.distNodes(e, len > 0 && rnd.nextBoolean() ? nodes[rnd.nextInt(len)] : rnd.nextInt(n));
                boolean expected = false;
                for (int j = 0; j < len && !expected; j++) {
                    expected = hs.distNodes(e, nodes[j]) < de;
                }
                assertEquals(expected, hs.anyCloser(e, nodes, len, de), metric + " trial " + trial);
                if (expected) {
                    yes++;
                } else {
                    no++;
                }
            }
        }
        assertTrue(yes > 100 && no > 100, "both answers exercised: " + yes + " / " + no);
    }
}
