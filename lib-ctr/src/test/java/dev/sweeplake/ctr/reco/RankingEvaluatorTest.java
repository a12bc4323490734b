package dev.sweeplake.ctr.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankingEvaluatorTest {
    private static final double EPS = 1e-9;

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void handComputedUserWhereTheTwoMapNormalisationsDiffer() {
        RankingEvaluator ev = new RankingEvaluator(3);
        // relevant {1..5}; top 3 = [1, 6, 2]: hits at ranks 1 and 3
        ev.add(new long[] {1, 6, 2, 7, 8}, new long[] {1, 2, 3, 4, 5}, null);
        RankingMetrics m = ev.result(10);
        assertEquals(1, m.users());
        assertEquals(2.0 / 3, m.precision(), EPS);
        assertEquals(2.0 / 5, m.recall(), EPS);
        double ap = 1.0 + 2.0 / 3;
        assertEquals(ap / 5, m.map(), EPS, "MAP divides by |relevant| = 5");
        assertEquals(ap / 3, m.mapAtK(), EPS, "MAP@k divides by min(|relevant|, k) = 3");
        double dcg = 1 + 1 / log2(4);
        double idcg = 1 + 1 / log2(3) + 1 / log2(4);
        assertEquals(dcg / idcg, m.ndcg(), EPS);
        assertEquals(dcg / idcg, m.ndcgGraded(), EPS, "all grades 1: graded = binary");
        assertEquals(1.0, m.hitRate(), EPS);
        assertEquals(1.0, m.mrr(), EPS);
        assertEquals(3.0 / 10, m.coverage(), EPS);
    }

    @Test
    void gradedGainsAndReciprocalRank() {
        RankingEvaluator ev = new RankingEvaluator(3);
        ev.add(new long[] {2, 9, 1}, new long[] {1, 2, 3}, new double[] {2, 1, 3});
        ev.add(new long[] {9, 8, 3}, new long[] {3}, new double[] {4});
        ev.add(new long[] {9, 8, 7}, new long[] {3}, null);
        RankingMetrics m = ev.result(20);
        double g1 = (1 + 3 / log2(4)) / (7 + 3 / log2(3) + 1 / log2(4));
        double g2 = (15 / log2(4)) / 15;
        assertEquals((g1 + g2 + 0) / 3, m.ndcgGraded(), EPS);
        assertEquals((1 + 1.0 / 3 + 0) / 3, m.mrr(), EPS);
        assertEquals(2.0 / 3, m.hitRate(), EPS);
        assertEquals(6.0 / 20, m.coverage(), EPS, "distinct {1, 2, 3, 7, 8, 9}");
        // binary nDCG of user 1: hits at 1 and 3 of 3 relevant
        double b1 = (1 + 1 / log2(4)) / (1 + 1 / log2(3) + 1 / log2(4));
        double b2 = (1 / log2(4)) / 1;
        assertEquals((b1 + b2) / 3, m.ndcg(), EPS);
    }

    @Test
    void usersWithoutRelevantItemsAreExcludedAndCounted() {
        RankingEvaluator ev = new RankingEvaluator(2);
        ev.add(new long[] {1, 2}, new long[] {1}, null);
        ev.add(new long[] {1, 2}, new long[0], null);
        ev.addColdUser();
        RankingMetrics m = ev.result(2);
        assertEquals(1, m.users());
        assertEquals(1, m.usersWithoutRelevant());
        assertEquals(1, m.coldUsers());
        assertEquals(0.5, m.precision(), EPS, "only the user with a relevant item counts");
        assertEquals(1.0, m.recall(), EPS);
    }

    @Test
    void shortListsStillDivideByK() {
        RankingEvaluator ev = new RankingEvaluator(10);
        ev.add(new long[] {4}, new long[] {4, 5}, null);
        RankingMetrics m = ev.result(100);
        assertEquals(0.1, m.precision(), EPS);
        assertEquals(0.5, m.recall(), EPS);
        assertEquals(0.5, m.map(), EPS);
        assertEquals(0.5, m.mapAtK(), EPS);
    }

    @Test
    void mergeEqualsSequential() {
        RankingEvaluator a = new RankingEvaluator(2);
        RankingEvaluator b = new RankingEvaluator(2);
        RankingEvaluator all = new RankingEvaluator(2);
        a.add(new long[] {1, 2}, new long[] {2}, null);
        all.add(new long[] {1, 2}, new long[] {2}, null);
        b.add(new long[] {3, 1}, new long[] {3, 4}, null);
        all.add(new long[] {3, 1}, new long[] {3, 4}, null);
        a.merge(b);
        assertEquals(all.result(4), a.result(4));
    }

    @Test
    void badInputIsRefusedWithTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(0));
        assertEquals("k must be in [1, 100000], got 0", e.getMessage());
        RankingEvaluator ev = new RankingEvaluator(3);
        e = assertThrows(IllegalArgumentException.class, () -> ev.add(new long[] {1, 2, 1}, new long[] {1}, null));
        assertEquals("recommended list repeats item 1 (positions 1 and 3 are both in the top 3)", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> ev.add(new long[] {1}, new long[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("2 relevant, 1 grades"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> ev.add(new long[] {1}, new long[] {1}, new double[] {Double.NaN}));
        assertTrue(e.getMessage().contains("must be finite"), e.getMessage());
        RankingEvaluator other = new RankingEvaluator(5);
        e = assertThrows(IllegalArgumentException.class, () -> ev.merge(other));
        assertEquals("cannot merge evaluators with k 3 and 5", e.getMessage());
    }
}
