package dev.sweeplake.ctr.reco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.internal.Dgemm;
import dev.sweeplake.ctr.internal.DgemmProvider;
import dev.sweeplake.ctr.internal.NetlibDgemm;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecoModelsTest {

    /** users 1..3 over items 10, 20, 30, 40: u1 {10,20}, u2 {10,20,30}, u3 {20,40}. */
    static UserItemMatrix small() {
        Interactions.Builder b = new Interactions.Builder();
        b.add(1, 10, 1, 0)
                .add(1, 20, 1, 0)
                .add(2, 10, 1, 0)
                .add(2, 20, 1, 0)
                .add(2, 30, 1, 0)
                .add(3, 20, 1, 0)
                .add(3, 40, 1, 0);
        return UserItemMatrix.of(b.build("small"));
    }

    @Test
    void matrixIndexesByAscendingId() {
        UserItemMatrix m = small();
        assertEquals(3, m.users());
        assertEquals(4, m.items());
        assertEquals(2, m.itemIndex(30));
        assertEquals(-1, m.itemIndex(99));
        assertArrayEquals(new int[] {2, 3, 1, 1}, m.itemCounts());
    }

    @Test
    void popularityRanksByCountAndRemovesSeenItems() {
        UserItemMatrix m = small();
        Interactions truth = new Interactions("t", new long[] {1}, new long[] {30}, new float[] {5}, new long[] {0});
        RecoEvaluation.Result r = RecoEvaluation.evaluate(PopularityModel.fit(m), truth, 2, 1, true);
        // user 1 saw 10 and 20; left: 30 (count 1), 40 (count 1): tie broken by lower id
        assertArrayEquals(new long[] {30, 40}, r.topK().get(1L));
        assertEquals(1.0, r.metrics().hitRate(), 1e-12);
    }

    @Test
    void itemKnnCosineByHand() {
        UserItemMatrix m = small();
        ItemKnnModel knn = ItemKnnModel.fit(m, ItemKnnParams.defaults(), 2);
        double[] s = new double[4];
        knn.score(0, s); // user 1 = {10, 20}
        // cos(10,30) = 1/sqrt(2*1); cos(20,30) = 1/sqrt(3*1); cos(10,40) = 0; cos(20,40) = 1/sqrt(3)
        assertEquals(1 / Math.sqrt(2) + 1 / Math.sqrt(3), s[2], 1e-6);
        assertEquals(1 / Math.sqrt(3), s[3], 1e-6);
        ItemKnnModel jac = ItemKnnModel.fit(m, new ItemKnnParams(ItemKnnParams.Similarity.JACCARD, 0, 1, 1 << 20), 1);
        jac.score(0, s);
        // jaccard(10,30) = 1/(2+1-1+1) = 1/3, jaccard(20,30) = 1/(3+1-1+1) = 1/4
        assertEquals(1.0 / 3 + 1.0 / 4, s[2], 1e-6);
        ItemKnnModel one = ItemKnnModel.fit(m, new ItemKnnParams(ItemKnnParams.Similarity.COSINE, 1, 0, 1 << 20), 1);
        one.score(0, s);
        // N(30) = its single most similar item: 10 (1/sqrt2 > 1/sqrt3), so only sim(10,30) counts
        assertEquals(1 / Math.sqrt(2), s[2], 1e-6);
    }

    @Test
    void spdInverseThroughTheRecursionWithEveryDgemm() {
        int n = 701;
        Random r = new Random(5);
        double[] x = new double[n * 40];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int f = 0; f < 40; f++) {
                    s += x[i * 40 + f] * x[j * 40 + f];
                }
                g[i * n + j] = s + (i == j ? 3 : 0);
            }
        }
        double[] base = SpdInverse.gaussJordan(g, n);
        for (Dgemm blas : new Dgemm[] {DgemmProvider.get(), DgemmProvider.vector(), new NetlibDgemm(false)}) {
            double[] p = SpdInverse.invert(g, n, 2, blas);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += g[i * n + k] * p[k * n + j];
                    }
                    worst = Math.max(worst, Math.abs(s - (i == j ? 1 : 0)));
                    assertEquals(p[i * n + j], p[j * n + i], 1e-15 * (1 + Math.abs(p[i * n + j])), "symmetric");
                }
            }
            assertTrue(worst < 1e-9, blas.name() + ": max |G P - I| = " + worst);
            for (int i = 0; i < n * n; i++) {
                assertEquals(base[i], p[i], 1e-9, blas.name());
            }
        }
    }

    @Test
    void spdInverseOfAKnownMatrix() {
        // (I + c 11')^-1 = I - c / (1 + n c) 11' (Sherman-Morrison), through three levels of the recursion
        int n = 500;
        double c = 0.75;
        double[] g = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            g[i] = c + (i % (n + 1) == 0 ? 1 : 0);
        }
        double off = -c / (1 + n * c);
        double[] p = SpdInverse.invert(g, n, 2);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals((i == j ? 1 : 0) + off, p[i * n + j], 1e-13, i + "," + j);
            }
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SpdInverse.invert(new double[] {1, 2, 2, 1}, 2, 1));
        assertTrue(e.getMessage().contains("not positive definite: pivot 1"), e.getMessage());
    }

    @Test
    void easeMatchesItsDefinition() {
        UserItemMatrix m = small();
        double lambda = 0.5;
        EaseModel ease = EaseModel.fit(m, new EaseParams(lambda, 1 << 20), 1);
        int n = 4;
        double[] g = new double[n * n];
        int[] cols = m.columns();
        for (int u = 0; u < m.users(); u++) {
            for (int a = m.rowStart(u); a < m.rowEnd(u); a++) {
                for (int b = m.rowStart(u); b < m.rowEnd(u); b++) {
                    g[cols[a] * n + cols[b]] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += lambda;
        }
        double[] p = SpdInverse.gaussJordan(g, n);
        double[] s = new double[n];
        ease.score(0, s); // user 1 = items 0, 1
        for (int j = 0; j < n; j++) {
            double want = 0;
            for (int i : new int[] {0, 1}) {
                want += i == j ? 0 : -p[i * n + j] / p[j * n + j];
            }
            assertEquals(want, s[j], 1e-5, "item " + j);
        }
    }

    @Test
    void denseModelsRefuseACatalogueOverTheMemoryBudget() {
        Interactions.Builder b = new Interactions.Builder();
        for (int i = 0; i < 300; i++) {
            b.add(1, i, 1, 0);
        }
        UserItemMatrix m = UserItemMatrix.of(b.build("wide"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> EaseModel.fit(m, new EaseParams(10, 1 << 20), 1));
        assertEquals(
                "ease over 300 items needs about 3 MiB (36 bytes per item pair), over the memory budget of 1 MiB "
                        + "(memory_budget_mb); reduce the catalogue (min_item_interactions) or raise the budget",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EaseParams(0, 1 << 20));
        assertEquals("lambda must be in (0, 1e12), got 0.0", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new ItemKnnParams(ItemKnnParams.Similarity.COSINE, -1, 0, 1 << 20));
        assertEquals("neighbours must be >= 0 (0 = all), got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ItemKnnParams.Similarity.fromId("pearson"));
        assertEquals("similarity must be one of [cosine, jaccard], got 'pearson'", e.getMessage());
    }

    @Test
    void topKSelectorOrdersByScoreThenIndexAndSkipsExcluded() {
        TopKSelector sel = new TopKSelector(3);
        double[] s = {0.5, 0.9, 0.5, Double.NaN, 0.9, 0.1};
        assertArrayEquals(new int[] {1, 4, 0}, sel.select(s, 6, new int[0], 0, 0));
        assertArrayEquals(new int[] {4, 2, 5}, sel.select(s, 6, new int[] {0, 1}, 0, 2));
    }
}
