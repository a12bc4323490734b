package dev.sweeplake.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.store.TrialRecord.TrialState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sweep's arm loop with in-memory ports, without Spark: twins run once, a resume skips what the ledger holds,
 * another sweep reuses it, the failure limit stops the loop, and "best" has one order.
 */
class SweepLoopTest {
    /** Four distinct configurations, so the samplers repeat themselves: twins in flight and ledger hits. */
    static final String SMALL = """
          name: NAME
          benchmark: {objective: synthetic, metric: score, direction: maximize, options: OPTIONS}
          space:
            x: {type: int, low: 0, high: 1}
            y: {type: int, low: 0, high: 1}
            kind: {type: categorical, values: [b]}
          sampler: {kind: halton, seed: 3}
          seeds: {tune: [1, 2], test: [9]}
          budget: {max_trials: 8}
          execution: {parallelism: 3, max_failures: 2}
          phases: {top_n: 0, default_trial: false, random_arm: true}
          """;

    static SweepPlan plan(String name, String options) {
        return SweepPlan.of(InMemoryPorts.config(SMALL.replace("NAME", name).replace("OPTIONS", options)));
    }

    static Set<String> ids(List<TrialSpec> specs) {
        Set<String> out = new HashSet<>();
        for (TrialSpec s : specs) {
            assertTrue(out.add(s.trialId()), "trial " + s.trialId() + " submitted twice");
        }
        return out;
    }

    @Test
    void twinsRunOnceAResumeSkipsEverythingAndAnotherSweepReusesTheResults() {
        InMemoryPorts.Ledger ledger = new InMemoryPorts.Ledger();
        SweepPlan plan = plan("twins", "{epoch_ms: 0}");
        InMemoryPorts.Runner first = new InMemoryPorts.Runner(plan.objective());
        SweepLoop.Figures f1 = InMemoryPorts.run(plan, "r1", first, ledger);

        // The main and random arms' configurations on 2 seeds, at most 4 x 2 distinct trials: each ran once.
        Set<String> computed = ids(first.submitted);
        long slots =
                2L * f1.arms().stream().mapToInt(SweepLoop.ArmSummary::configs).sum();
        assertEquals(2, f1.arms().size());
        assertTrue(slots > 8 && computed.size() <= 8, f1 + " distinct trials " + computed.size());
        assertEquals(computed.size(), f1.computed());
        assertEquals(slots, f1.computed() + f1.reused(), f1.toString());
        assertEquals(0, f1.resumed());
        assertEquals(
                computed,
                new HashSet<>(ledger.of("r1", TrialState.COMPLETED).stream()
                        .map(TrialRecord::trialId)
                        .toList()));
        // The random arm's repeats of main-arm trials are recorded as REUSED in its own study, naming the original.
        List<TrialRecord> reusedRows = ledger.of("r1", TrialState.REUSED);
        assertTrue(!reusedRows.isEmpty());
        for (TrialRecord r : reusedRows) {
            assertTrue(computed.contains(r.reusedFrom()), r.toString());
            assertEquals("twins/tune/random", r.studyId());
        }
        assertNotNull(f1.best());
        assertNull(f1.abortReason());

        // Resume of the same sweep: nothing runs, nothing is recorded again, same best.
        InMemoryPorts.Runner second = new InMemoryPorts.Runner(plan.objective());
        int rows = ledger.recorded.size();
        SweepLoop.Figures f2 = InMemoryPorts.run(plan, "r2", second, ledger);
        assertEquals(List.of(), second.submitted);
        assertEquals(slots, f2.resumed());
        assertEquals(0, f2.computed() + f2.reused());
        assertEquals(rows, ledger.recorded.size());
        assertEquals(f1.best().paramsJson, f2.best().paramsJson);
        assertEquals(f1.best().mean(), f2.best().mean());

        // Another sweep over the same objective and space reuses every result instead of computing it.
        SweepPlan other = plan("twins-b", "{epoch_ms: 0}");
        InMemoryPorts.Runner third = new InMemoryPorts.Runner(other.objective());
        SweepLoop.Figures f3 = InMemoryPorts.run(other, "r3", third, ledger);
        assertEquals(List.of(), third.submitted);
        assertEquals(0, f3.computed());
        assertEquals(slots, f3.reused() + f3.resumed());
        assertTrue(ledger.of("r3", TrialState.REUSED).size() > 0);
        assertEquals(f1.best().mean(), f3.best().mean());
    }

    @Test
    void moreFailuresThanTheLimitStopNewTrialsAndNameTheLastError() {
        SweepPlan plan = plan("failing", "{epoch_ms: 0, fail_above_x: -5}");
        InMemoryPorts.Ledger ledger = new InMemoryPorts.Ledger();
        InMemoryPorts.Runner runner = new InMemoryPorts.Runner(plan.objective());
        SweepLoop.Figures f = InMemoryPorts.run(plan, "r1", runner, ledger);
        assertNotNull(f.abortReason());
        assertTrue(f.abortReason().contains("more than execution.max_failures = 2"), f.abortReason());
        assertTrue(f.lastError().contains("synthetic failure"), f.lastError());
        // The third failure stops new trials: only what was in flight (3 configurations x 2 seeds) still finishes, and
        // the random arm starts nothing.
        assertEquals(runner.submitted.size(), f.failed());
        assertTrue(f.failed() >= 3 && runner.submitted.size() <= 6, f + " " + runner.submitted.size());
        assertEquals(0, f.arms().get(1).configs());
        assertEquals(runner.submitted.size(), ledger.of("r1", TrialState.FAILED).size());
        assertNull(f.best());
        assertEquals(0, f.computed());
        // A retry of the same sweep runs the failed trials again, as the next attempt.
        InMemoryPorts.Runner retry = new InMemoryPorts.Runner(plan.objective());
        InMemoryPorts.run(plan, "r2", retry, ledger);
        assertEquals(2, retry.submitted.get(0).attempt());
    }

    @Test
    void bestIsTheHighestRungThenTheBetterValueEverywhere() {
        SweepUnit low = unit(0, 0, 0.9);
        SweepUnit high = unit(1, 1, 0.5);
        SweepUnit highBetter = unit(2, 1, 0.7);
        List<SweepUnit> units = new ArrayList<>(List.of(low, high, highBetter));
        units.sort(SweepLoop.bestFirst(SweepConfig.Direction.MAXIMIZE));
        assertEquals(List.of(highBetter, high, low), units);
        units.sort(SweepLoop.bestFirst(SweepConfig.Direction.MINIMIZE));
        assertEquals(List.of(high, highBetter, low), units);
    }

    static SweepUnit unit(int index, int rung, double value) {
        Map<String, Object> p = Map.of("x", (double) index);
        SweepUnit u = new SweepUnit(index, "main", index, rung, rung, new Sampler.Candidate(p, new double[] {0}), p);
        u.values.add(value);
        return u;
    }
}
