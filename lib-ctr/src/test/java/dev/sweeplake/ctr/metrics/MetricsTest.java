package dev.sweeplake.ctr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class MetricsTest {

    /** O(n^2) definition: P(score_pos > score_neg) + 0.5 P(tie). */
    static double naiveAuc(float[] s, float[] y) {
        double num = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    num += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        return num / pairs;
    }

    @Test
    void handComputedCases() {
        // scikit-learn's roc_auc_score docstring example
        assertEquals(0.75, Auc.compute(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new float[] {0, 0, 1, 1}), 1e-12);
        // all tied: 0.5
        assertEquals(0.5, Auc.compute(new float[] {0.3f, 0.3f, 0.3f}, new float[] {1, 0, 1}), 1e-12);
        // perfect and reversed
        assertEquals(1.0, Auc.compute(new float[] {0.1f, 0.9f}, new float[] {0, 1}), 1e-12);
        assertEquals(0.0, Auc.compute(new float[] {0.9f, 0.1f}, new float[] {0, 1}), 1e-12);
        // one tie between a positive and a negative among 2x2 pairs: (1 + 1 + 0.5 + 0) / 4
        assertEquals(0.625, Auc.compute(new float[] {0.2f, 0.5f, 0.5f, 0.1f}, new float[] {1, 0, 1, 0}), 1e-12);
        // -0.0 and 0.0 tie
        assertEquals(0.5, Auc.compute(new float[] {-0f, 0f}, new float[] {1, 0}), 1e-12);
    }

    @Test
    void aucRejectsBadInput() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Auc.compute(new float[] {0.1f, 0.2f}, new float[] {1, 1}));
        assertEquals("AUC needs both classes: positives=2, negatives=0", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Auc.compute(new float[] {0.1f, 0.2f}, new float[] {1, 2}));
        assertEquals("label at index 1 must be 0 or 1, got 2.0", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Auc.compute(new float[] {Float.NaN, 0.2f}, new float[] {1, 0}));
        assertEquals("score at index 0 is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Auc.compute(new float[] {0.1f}, new float[] {1, 0}));
        assertEquals("scores and labels must have the same length, got 1 and 2", e.getMessage());
    }

    @Provide
    Arbitrary<Tuple.Tuple2<float[], float[]>> scored() {
        return Arbitraries.integers()
                .between(2, 60)
                .flatMap(n -> Combinators.combine(
                                // few distinct values so that ties are common
                                Arbitraries.integers()
                                        .between(-5, 5)
                                        .map(i -> i / 4f)
                                        .array(float[].class)
                                        .ofSize(n),
                                Arbitraries.of(0f, 1f).array(float[].class).ofSize(n))
                        .as(Tuple::of))
                .filter(t -> hasBoth(t.get2()));
    }

    static boolean hasBoth(float[] y) {
        boolean p = false;
        boolean q = false;
        for (float v : y) {
            p |= v == 1;
            q |= v == 0;
        }
        return p && q;
    }

    @Property(tries = 300, seed = "42")
    void aucMatchesNaiveReference(@ForAll("scored") Tuple.Tuple2<float[], float[]> t) {
        assertEquals(naiveAuc(t.get1(), t.get2()), Auc.compute(t.get1(), t.get2()), 1e-12);
    }

    @Property(tries = 200, seed = "43")
    void weightedAucWithIndicatorWeightsIsAuc(@ForAll("scored") Tuple.Tuple2<float[], float[]> t) {
        float[] y = t.get2();
        double[] pos = new double[y.length];
        double[] neg = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            pos[i] = y[i];
            neg[i] = 1 - y[i];
        }
        assertEquals(Auc.compute(t.get1(), y), Auc.weighted(t.get1(), pos, neg), 1e-12);
    }

    @Property(tries = 200, seed = "44")
    void aucIsInvariantUnderMonotoneTransform(@ForAll("scored") Tuple.Tuple2<float[], float[]> t) {
        float[] s = t.get1();
        float[] s2 = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            s2[i] = 3 * s[i] + 7;
        }
        assertEquals(Auc.compute(s, t.get2()), Auc.compute(s2, t.get2()), 1e-12);
    }

    @Test
    void logLossHandComputed() {
        assertEquals(Math.log(2), LogLoss.compute(new float[] {0.5f, 0.5f}, new float[] {1, 0}), 1e-12);
        double expected = -(Math.log(0.8f) + Math.log(1 - 0.3f)) / 2;
        assertEquals(expected, LogLoss.compute(new float[] {0.8f, 0.3f}, new float[] {1, 0}), 1e-9);
        // clipping: p = 0 for a positive costs -ln(1e-7), not infinity
        assertEquals(-Math.log(1e-7), LogLoss.compute(new float[] {0f}, new float[] {1}), 1e-9);
        assertEquals(-Math.log(1e-7), LogLoss.compute(new float[] {1f}, new float[] {0}), 1e-6);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> LogLoss.compute(new float[] {0.5f}, new float[] {1}, 0.7));
        assertEquals("eps must be in (0, 0.5), got 0.7", e.getMessage());
    }

    @Test
    void groupedAucHandComputed() {
        float[] s = {0.1f, 0.9f, 0.8f, 0.2f, 0.6f, 0.4f, 0.5f};
        float[] y = {0, 1, 0, 1, 1, 0, 1};
        int[] g = {1, 1, 2, 2, 3, 3, 4};
        // group 1: AUC 1 (2 rows); group 2: AUC 0 (2 rows); group 3: AUC 1 (2 rows); group 4: one class, skipped
        GroupedAuc.Result u = GroupedAuc.compute(s, y, g, GroupedAuc.Weighting.UNIFORM);
        assertEquals(2.0 / 3, u.value(), 1e-12);
        assertEquals(3, u.groupsUsed());
        assertEquals(1, u.groupsSkipped());
        int[] g2 = {1, 1, 1, 2, 2, 2, 2};
        // group 1 rows (0.1,0),(0.9,1),(0.8,0): AUC 1; group 2 rows (0.2,1),(0.6,1),(0.4,0),(0.5,1): (0+1+1)/3
        GroupedAuc.Result w = GroupedAuc.compute(s, y, g2, GroupedAuc.Weighting.BY_ROWS);
        assertEquals((3 * 1.0 + 4 * (2.0 / 3)) / 7, w.value(), 1e-12);
    }
}
