package dev.sweeplake.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplersTest {
    static final SearchSpace SYNTH = SearchSpace.parse(SearchSpaceTest.yaml("""
      x: {type: float, low: -1, high: 1}
      y: {type: float, low: -1, high: 1}
      kind: {type: categorical, values: [a, b, c]}
      """), 3);

    @Test
    void gridVisitsEveryPointOnceThenStops() {
        GridSampler g = new GridSampler(SYNTH, 3);
        Set<Map<String, Object>> seen = new HashSet<>();
        while (true) {
            var c = g.next(List.of());
            if (c.isEmpty()) {
                break;
            }
            assertTrue(seen.add(c.get().params()));
        }
        assertEquals(27, seen.size());
    }

    @Test
    void randomAndHaltonAreDeterministicPerSeed() {
        for (long seed : new long[] {0, 1, 42}) {
            assertEquals(draw(new RandomSampler(SYNTH, seed), 20), draw(new RandomSampler(SYNTH, seed), 20));
            assertEquals(draw(new HaltonSampler(SYNTH, seed), 20), draw(new HaltonSampler(SYNTH, seed), 20));
        }
        assertNotEquals(draw(new RandomSampler(SYNTH, 1), 5), draw(new RandomSampler(SYNTH, 2), 5));
        assertNotEquals(draw(new HaltonSampler(SYNTH, 1), 5), draw(new HaltonSampler(SYNTH, 2), 5));
    }

    @Test
    void haltonRadicalInverseKnownValues() {
        assertEquals(0.5, HaltonSampler.radicalInverse(1, 2));
        assertEquals(0.25, HaltonSampler.radicalInverse(2, 2));
        assertEquals(0.75, HaltonSampler.radicalInverse(3, 2));
        assertEquals(1.0 / 3, HaltonSampler.radicalInverse(1, 3), 1e-15);
        assertEquals(2.0 / 3 + 1.0 / 9, HaltonSampler.radicalInverse(5, 3), 1e-15);
    }

    @Test
    void haltonFillsTheSquareMoreEvenlyThanRandom() {
        // Largest empty cell of an 8x8 grid over (x, y) after 64 points: a low-discrepancy set leaves (almost) none
        // empty.
        int emptyHalton = emptyCells(new HaltonSampler(SYNTH, 3), 64);
        int emptyRandom = 0;
        for (long s = 0; s < 5; s++) {
            emptyRandom += emptyCells(new RandomSampler(SYNTH, s), 64);
        }
        assertTrue(
                emptyHalton * 5 < emptyRandom,
                "halton empty cells " + emptyHalton + ", random (5 seeds) " + emptyRandom);
    }

    private static int emptyCells(Sampler s, int n) {
        boolean[][] hit = new boolean[8][8];
        for (int i = 0; i < n; i++) {
            double[] u = s.next(List.of()).orElseThrow().unit();
            hit[(int) (u[0] * 8)][(int) (u[1] * 8)] = true;
        }
        int empty = 0;
        for (boolean[] row : hit) {
            for (boolean b : row) {
                empty += b ? 0 : 1;
            }
        }
        return empty;
    }

    @Test
    void tpeFindsBetterConfigurationsThanRandomOnTheSyntheticObjective() {
        // Median best regret over seeds, 40 evaluations each; reported seeds make a failure reproducible.
        List<Double> tpe = new ArrayList<>();
        List<Double> rnd = new ArrayList<>();
        for (long seed = 1; seed <= 7; seed++) {
            tpe.add(bestRegret(new TpeSampler(SYNTH, seed, 10, 24, 0.25), 40));
            rnd.add(bestRegret(new RandomSampler(SYNTH, seed), 40));
        }
        tpe.sort(null);
        rnd.sort(null);
        assertTrue(
                tpe.get(3) < rnd.get(3),
                "median best regret (seeds 1..7): tpe " + tpe.get(3) + " vs random " + rnd.get(3));
    }

    private static double bestRegret(Sampler s, int n) {
        List<Sampler.Observation> history = new ArrayList<>();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Sampler.Candidate c = s.next(history).orElseThrow();
            double v = SyntheticObjective.score(
                    (Double) c.params().get("x"),
                    (Double) c.params().get("y"),
                    (String) c.params().get("kind"),
                    9,
                    "a");
            history.add(new Sampler.Observation(c.unit(), c.params(), -v));
            best = Math.min(best, 0.92 - v);
        }
        return best;
    }

    @Test
    void tpeRespectsConditionalParameters() {
        SearchSpace s = SearchSpace.parse(SearchSpaceTest.yaml(SearchSpaceTest.ANN), 3);
        TpeSampler tpe = new TpeSampler(s, 5, 5, 16, 0.3);
        List<Sampler.Observation> history = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Sampler.Candidate c = tpe.next(history).orElseThrow();
            assertEquals(c.params().get("engine").equals("hnsw"), c.params().containsKey("m"));
            assertEquals(c.params().get("engine").equals("ivfpq"), c.params().containsKey("pq_m"));
            double lr = (Double) c.params().get("lr");
            history.add(new Sampler.Observation(c.unit(), c.params(), Math.abs(Math.log10(lr) + 2)));
        }
    }

    private static List<Map<String, Object>> draw(Sampler s, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.next(List.of()).orElseThrow().params());
        }
        return out;
    }
}
