package dev.sweeplake.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on the 27-point grid of the synthetic objective (rungs 1, 3, 9 epochs, eta 3) with two trial slots,
 * without Spark: the same decisions the sweep loop makes. Over 20 orders of the grid, ASHA must find the grid's best
 * (within 0.002) with at most 40% of the grid's epochs. The Spark-side figures come from {@code sweep bench asha}.
 */
class AshaSimulationTest {
    record Figures(double epochs, double best) {}

    static Figures run(boolean async, long seed) {
        SearchSpace space = SamplersTest.SYNTH;
        GridSampler grid = new GridSampler(space, seed);
        double[] rungs = {1, 3, 9};
        RungScheduler s = new RungScheduler(3, 3, async, SweepConfig.Direction.MAXIMIZE);
        List<Map<String, Object>> configs = new ArrayList<>();
        Deque<int[]> running = new ArrayDeque<>();
        double epochs = 0;
        double best = Double.NEGATIVE_INFINITY;
        boolean exhausted = false;
        while (true) {
            while (running.size() < 2) {
                RungScheduler.Action a = s.next(!exhausted, running.size());
                if (a instanceof RungScheduler.Start) {
                    var c = grid.next(List.of());
                    if (c.isEmpty()) {
                        exhausted = true;
                        continue;
                    }
                    configs.add(c.get().params());
                    running.add(new int[] {s.add(), 0});
                } else if (a instanceof RungScheduler.Promote p) {
                    s.started(p.config(), p.rung());
                    running.add(new int[] {p.config(), p.rung()});
                } else {
                    break;
                }
            }
            if (running.isEmpty()) {
                return new Figures(epochs, best);
            }
            int[] d = running.poll();
            Map<String, Object> c = configs.get(d[0]);
            double v = SyntheticObjective.score(
                    (Double) c.get("x"), (Double) c.get("y"), (String) c.get("kind"), rungs[d[1]], "a");
            epochs += rungs[d[1]];
            if (d[1] == 2) {
                best = Math.max(best, v);
            }
            s.completed(d[0], d[1], v);
        }
    }

    @Test
    void successiveHalvingAndAshaStayWithinTheTargetsOnTheShuffledGrid() {
        double gridBest = Double.NEGATIVE_INFINITY;
        for (Map<String, Object> c : SamplersTest.SYNTH.grid()) {
            gridBest = Math.max(
                    gridBest,
                    SyntheticObjective.score((Double) c.get("x"), (Double) c.get("y"), (String) c.get("kind"), 9, "a"));
        }
        StringBuilder report = new StringBuilder();
        for (long seed = 0; seed < 20; seed++) {
            Figures sh = run(false, seed);
            Figures asha = run(true, seed);
            report.append(String.format(
                    java.util.Locale.ROOT,
                    "seed %d: SH %.0f epochs best %.4f; ASHA %.0f epochs best %.4f; grid 243 best %.4f%n",
                    seed,
                    sh.epochs(),
                    sh.best(),
                    asha.epochs(),
                    asha.best(),
                    gridBest));
            assertTrue(sh.epochs() == 81, report.toString());
            assertTrue(sh.best() >= gridBest - 0.002, report.toString());
            assertTrue(asha.best() >= gridBest - 0.002, report.toString());
            assertTrue(asha.epochs() <= 0.4 * 243, report.toString());
        }
        System.out.println(report);
    }
}
