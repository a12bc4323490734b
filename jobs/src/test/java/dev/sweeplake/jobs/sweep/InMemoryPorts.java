package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.store.TrialRecord.TrialState;
import dev.sweeplake.jobs.sweep.spi.Objective;
import dev.sweeplake.jobs.sweep.spi.TrialContext;
import dev.sweeplake.jobs.util.Console;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@link SweepLoop}'s ports in memory, for tests without Spark: a deterministic runner that evaluates the plan's
 * objective on the loop's thread, oldest submission first, whenever the loop waits; and a ledger that keeps every
 * recorded trial and reads them back like the Delta ledger does. Not thread-safe (the loop's thread only).
 */
final class InMemoryPorts {
    private InMemoryPorts() {}

    static SweepConfig config(String yaml) {
        return ConfigBinder.bind(ConfigLoader.parseYaml(yaml, "test"), SweepConfig.class, "");
    }

    /** Runs one sweep with the plan's objective and returns the loop's figures. */
    static SweepLoop.Figures run(SweepPlan plan, String runId, Runner runner, Ledger ledger) {
        return new SweepLoop(plan, runId, runner, ledger, new SweepProgress(Console.silent(), 60_000)).run();
    }

    /** Evaluates submitted trials first-in first-out, one each time the loop waits. */
    static final class Runner implements TrialRunner {
        private final Objective objective;
        private final Deque<Pending> pending = new ArrayDeque<>();
        final List<TrialSpec> submitted = new ArrayList<>();
        int maxInFlight;
        boolean closed;

        private record Pending(TrialSpec spec, Consumer<Outcome> done) {}

        Runner(Objective objective) {
            this.objective = objective;
        }

        @Override
        public void submit(TrialSpec spec, Consumer<Outcome> done) {
            submitted.add(spec);
            pending.add(new Pending(spec, done));
            maxInFlight = Math.max(maxInFlight, pending.size());
        }

        @Override
        public int running() {
            return pending.size();
        }

        @Override
        public void awaitingOutcome() {
            Pending p = pending.poll();
            if (p == null) {
                return;
            }
            TrialSpec s = p.spec();
            Instant start = Instant.now();
            Outcome o;
            try {
                Map<String, Double> m = objective.evaluate(new TrialContext(
                        s.params(), s.seed(), s.fidelityName(), s.fidelity(), s.dataset(), 1, s.trialId(), null));
                o = new Outcome(TrialState.COMPLETED, m, null, start, Instant.now(), "memory");
            } catch (Exception e) {
                o = new Outcome(TrialState.FAILED, Map.of(), e.getMessage(), start, Instant.now(), "memory");
            }
            p.done().accept(o);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Keeps every recorded trial with its run; {@link #read} rebuilds the ledger from them as the warehouse would. */
    static final class Ledger implements TrialLedger {
        record Stored(TrialRecord trial, String runId) {}

        final List<Stored> recorded = new ArrayList<>();

        @Override
        public dev.sweeplake.jobs.sweep.Ledger read(String objective) {
            dev.sweeplake.jobs.sweep.Ledger l = dev.sweeplake.jobs.sweep.Ledger.empty();
            for (Stored s : recorded) {
                TrialRecord t = s.trial();
                if (!t.benchmark().equals(objective)) {
                    continue;
                }
                l.attempted(t.trialId(), t.attempt());
                if (t.state() == TrialState.COMPLETED || t.state() == TrialState.REUSED) {
                    Map<String, Double> m = new HashMap<>();
                    for (MetricValue v : t.metrics()) {
                        m.put(v.name(), v.value());
                    }
                    l.earlierFinished(t.trialId(), t.studyId(), s.runId(), m);
                }
            }
            return l;
        }

        @Override
        public void record(TrialRecord trial, String runId) {
            recorded.add(new Stored(trial, runId));
        }

        List<TrialRecord> of(String runId, TrialState state) {
            return recorded.stream()
                    .filter(s -> s.runId().equals(runId) && s.trial().state() == state)
                    .map(Stored::trial)
                    .toList();
        }

        @Override
        public void close() {}
    }
}
