package dev.sweeplake.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class RungSchedulerTest {
    /** Drives a scheduler with a fake pool of {@code slots}; value(config) is the config's quality; returns runs per rung. */
    static int[] simulate(RungScheduler s, int configs, int slots, IntToDoubleFunction value, List<int[]> log) {
        int[] perRung = new int[s.rungs()];
        Deque<int[]> running = new ArrayDeque<>();
        int started = 0;
        while (true) {
            while (running.size() < slots) {
                RungScheduler.Action a = s.next(started < configs, running.size());
                if (a instanceof RungScheduler.Start) {
                    running.add(new int[] {s.add(), 0});
                    started++;
                } else if (a instanceof RungScheduler.Promote p) {
                    s.started(p.config(), p.rung());
                    running.add(new int[] {p.config(), p.rung()});
                } else {
                    break;
                }
            }
            if (running.isEmpty()) {
                assertInstanceOf(RungScheduler.Done.class, s.next(false, 0));
                return perRung;
            }
            int[] done = running.poll();
            perRung[done[1]]++;
            log.add(done);
            s.completed(done[0], done[1], value.applyAsDouble(done[0]) + done[1] * 1e-6);
        }
    }

    @Test
    void successiveHalvingOn27ConfigsRuns27_9_3() {
        RungScheduler s = new RungScheduler(3, 3, false, SweepConfig.Direction.MAXIMIZE);
        List<int[]> log = new ArrayList<>();
        int[] perRung = simulate(s, 27, 4, c -> c, log);
        assertEquals(List.of(27, 9, 3), List.of(perRung[0], perRung[1], perRung[2]));
        // the best three configurations (24, 25, 26) reach the top rung
        List<Integer> top =
                log.stream().filter(r -> r[1] == 2).map(r -> r[0]).sorted().toList();
        assertEquals(List.of(24, 25, 26), top);
    }

    @Test
    void ashaPromotesAsynchronouslyAndReachesTheTopRung() {
        RungScheduler s = new RungScheduler(3, 3, true, SweepConfig.Direction.MINIMIZE);
        List<int[]> log = new ArrayList<>();
        int[] perRung = simulate(s, 27, 4, c -> (c * 7919) % 27, log);
        assertEquals(27, perRung[0]);
        assertTrue(perRung[1] >= 9 && perRung[1] <= 14, "rung 1 runs: " + perRung[1]);
        assertTrue(perRung[2] >= 1, "top rung reached");
        // the config with value 0 (the best when minimizing) reaches the top rung
        int bestConfig = 0;
        for (int c = 0; c < 27; c++) {
            if ((c * 7919) % 27 == 0) {
                bestConfig = c;
            }
        }
        int bc = bestConfig;
        assertTrue(log.stream().anyMatch(r -> r[0] == bc && r[1] == 2));
        // promotions start before rung 0 is finished (that is the asynchronous part)
        int firstPromotion = -1;
        int lastRung0 = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i)[1] == 1 && firstPromotion < 0) {
                firstPromotion = i;
            }
            if (log.get(i)[1] == 0) {
                lastRung0 = i;
            }
        }
        assertTrue(
                firstPromotion < lastRung0,
                "first promotion finished at " + firstPromotion + ", last rung-0 at " + lastRung0);
    }

    @Test
    void failedEvaluationsAreNeverPromoted() {
        RungScheduler s = new RungScheduler(2, 2, false, SweepConfig.Direction.MAXIMIZE);
        List<int[]> log = new ArrayList<>();
        simulate(s, 4, 1, c -> c == 3 ? Double.NaN : c, log);
        assertTrue(log.stream().noneMatch(r -> r[0] == 3 && r[1] == 1));
        assertTrue(log.stream().anyMatch(r -> r[0] == 2 && r[1] == 1));
    }

    @Test
    void oneRungMeansNoPromotion() {
        RungScheduler s = new RungScheduler(1, 3, false, SweepConfig.Direction.MAXIMIZE);
        int[] perRung = simulate(s, 5, 2, c -> c, new ArrayList<>());
        assertEquals(5, perRung[0]);
    }
}
