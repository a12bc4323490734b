package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.store.TrialRecord.SeedRole;
import dev.sweeplake.jobs.store.TrialRecord.TrialState;
import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep's arm loop, without Spark: the tune phase (default configuration, main arm, random-search arm) on the tune
 * seeds, then the top-N configurations on the test seeds. Samples configurations, asks the {@link RungScheduler} what to
 * run, looks every trial up in the ledger (a trial id finished in the same study is skipped on resume, one finished in
 * another study is reused and recorded as REUSED, a twin of a trial still running waits for it), hands the rest to the
 * {@link TrialRunner} port, records every finished trial through the {@link TrialLedger} port, tracks the best
 * evaluation with the one {@link #bestFirst} order, and stops starting trials when the budget, the wall time or the
 * failure limit ({@code execution.max_failures}) is reached.
 *
 * <p>The Spark implementations of the ports are {@link TrialExecutor} and {@link DeltaTrialLedger}, put together by
 * {@link SweepEngine}; tests drive the loop with in-memory ports.
 *
 * <p>Not thread-safe: one loop per sweep run; the runner's threads only put outcomes on its queue.
 */
final class SweepLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SweepLoop.class);

    private final SweepPlan plan;
    private final SweepConfig config;
    private final String runId;
    private final String sweepId;
    private final TrialRunner runner;
    private final TrialLedger ledgerPort;
    private final SweepProgress progress;
    private final Comparator<SweepUnit> bestFirst;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, List<TrialSpec>> waitingOnTwin = new HashMap<>();
    private final List<SweepUnit> units = new ArrayList<>();
    private final List<ArmSummary> armSummaries = new ArrayList<>();
    private Ledger ledger;

    private long computed;
    private long resumed;
    private long reused;
    private long failed;
    private long timedOut;
    private double fidelityUsed;
    private int mainConfigs;
    private boolean aborted;
    private String abortReason;
    private String lastError;
    private SweepUnit best;

    private enum Kind {
        COMPUTED,
        RESUMED,
        REUSED
    }

    private record Event(
            TrialSpec spec,
            Kind kind,
            TrialState state,
            Map<String, Double> metrics,
            String error,
            TrialRunner.Outcome outcome) {
        Event(TrialSpec spec, Kind kind, TrialState state, Map<String, Double> metrics, String error) {
            this(spec, kind, state, metrics, error, null);
        }
    }

    /** One arm or phase of the sweep. */
    private record Arm(
            String name,
            String studyId,
            Sampler sampler,
            int maxConfigs,
            double[] rungs,
            boolean async,
            List<Long> seeds,
            SeedRole role,
            String dataset,
            String datasetVersion,
            long deadlineNanos) {}

    /** Per-arm figures for the result. */
    record ArmSummary(String name, String sampler, int configs, long trials, SweepUnit best) {}

    /**
     * What one run of the loop did.
     *
     * @param abortReason why it stopped starting trials early (too many failures), or null
     * @param best the best evaluation of the tune phase in {@link #bestFirst} order, or null when none succeeded
     */
    record Figures(
            long computed,
            long resumed,
            long reused,
            long failed,
            long timedOut,
            int mainConfigs,
            double fidelityUsed,
            double tuneSeconds,
            double testSeconds,
            List<ArmSummary> arms,
            String abortReason,
            String lastError,
            SweepUnit best) {}

    /**
     * The one order of "best" in the sweep (progress line, arm summaries, the test phase's top-N): the highest rung
     * first, then the better mean value in the benchmark's direction.
     */
    static Comparator<SweepUnit> bestFirst(SweepConfig.Direction direction) {
        return Comparator.<SweepUnit>comparingInt(u -> -u.rung)
                .thenComparing((a, b) -> direction.compareBetterFirst(a.mean(), b.mean()));
    }

    SweepLoop(SweepPlan plan, String runId, TrialRunner runner, TrialLedger ledger, SweepProgress progress) {
        this.plan = plan;
        this.config = plan.config();
        this.runId = runId;
        this.sweepId = config.name();
        this.runner = runner;
        this.ledgerPort = ledger;
        this.progress = progress;
        this.bestFirst = bestFirst(config.benchmark().direction());
    }

    /** Runs every arm; the ports stay open (their owner closes them). Call once. */
    Figures run() {
        ledger = ledgerPort.read(config.benchmark().objective());
        LOG.info(
                "sweep {}: ledger holds {} finished trials of {}",
                sweepId,
                ledger.size(),
                config.benchmark().objective());
        long tuneStart = System.nanoTime();
        double wall = config.budgetSpec().maxWallTimeS();
        long deadline = wall > 0 ? tuneStart + (long) (wall * 1e9) : Long.MAX_VALUE;
        double[] top = new double[] {plan.maxFidelity()};
        SweepConfig.SchedulerKind sk = config.schedulerSpec().kind();
        boolean async = sk == SweepConfig.SchedulerKind.ASHA;
        List<Long> tune = config.seeds().tune();
        if (config.phasesSpec().defaultTrial()) {
            Map<String, Object> d =
                    config.space() == null ? Map.of() : plan.space().defaultConfig();
            runArm(new Arm(
                    "default",
                    SweepTables.study(sweepId, "default"),
                    new FixedSampler(
                            List.of(new Sampler.Candidate(d, plan.space().toUnit(d))), "default"),
                    1,
                    top,
                    false,
                    tune,
                    SeedRole.TUNE,
                    plan.dataset(),
                    plan.datasetVersion(),
                    deadline));
        }
        boolean randomArm =
                config.phasesSpec().randomArm() && config.samplerSpec().kind() != SweepConfig.SamplerKind.RANDOM;
        long mainDeadline = deadline;
        if (randomArm && deadline != Long.MAX_VALUE) {
            // Equal budgets: the main arm gets half of the time that is left, the random arm the rest.
            mainDeadline = System.nanoTime() + Math.max(0, deadline - System.nanoTime()) / 2;
        }
        int before = units.size();
        runArm(new Arm(
                "main",
                SweepTables.study(sweepId, "main"),
                Sampler.create(
                        config.samplerSpec(), plan.space(), config.samplerSpec().seed()),
                config.budgetSpec().maxTrials(),
                plan.rungs(),
                async,
                tune,
                SeedRole.TUNE,
                plan.dataset(),
                plan.datasetVersion(),
                mainDeadline));
        mainConfigs = (int) units.subList(before, units.size()).stream()
                .filter(u -> u.rung == 0)
                .count();
        if (randomArm) {
            int configs = Math.max(1, mainConfigs);
            runArm(new Arm(
                    "random",
                    SweepTables.study(sweepId, "random"),
                    new RandomSampler(plan.space(), config.samplerSpec().seed() + 0x5EED_0001L),
                    configs,
                    plan.rungs(),
                    async,
                    tune,
                    SeedRole.TUNE,
                    plan.dataset(),
                    plan.datasetVersion(),
                    deadline));
        }
        double tuneSeconds = (System.nanoTime() - tuneStart) / 1e9;
        long testStart = System.nanoTime();
        int topN = config.phasesSpec().topN();
        if (topN > 0 && !aborted && !config.seeds().test().isEmpty()) {
            List<Sampler.Candidate> chosen = topConfigurations(topN);
            runArm(new Arm(
                    "test",
                    SweepTables.study(sweepId, "test"),
                    new FixedSampler(chosen, "top-" + topN),
                    chosen.size(),
                    top,
                    false,
                    config.seeds().test(),
                    SeedRole.TEST,
                    plan.testDataset(),
                    plan.testDatasetVersion(),
                    Long.MAX_VALUE));
        }
        double testSeconds = (System.nanoTime() - testStart) / 1e9;
        return new Figures(
                computed,
                resumed,
                reused,
                failed,
                timedOut,
                mainConfigs,
                fidelityUsed,
                tuneSeconds,
                testSeconds,
                List.copyOf(armSummaries),
                aborted ? abortReason : null,
                lastError,
                best);
    }

    private void runArm(Arm arm) {
        RungScheduler sched = new RungScheduler(
                arm.rungs().length,
                config.schedulerSpec().reductionFactor(),
                arm.async(),
                config.benchmark().direction());
        List<Sampler.Candidate> byConfig = new ArrayList<>();
        // Rung-0 outcome per configuration in proposal order: null while running, NaN when failed.
        List<Double> outcome = new ArrayList<>();
        boolean adaptive = arm.sampler().adaptive();
        int started = 0;
        boolean exhausted = false;
        int inflight = 0;
        int parallelism = config.executionSpec().parallelism();
        int armStart = units.size();
        long trialsBefore = computed + resumed + reused;
        double eta = config.schedulerSpec().reductionFactor();
        double rungFactor = 0;
        for (int k = 0; k < arm.rungs().length; k++) {
            rungFactor += Math.pow(1 / eta, k);
        }
        progress.phase(
                arm.studyId().substring(sweepId.length() + 1),
                Math.round(arm.maxConfigs() * arm.seeds().size() * rungFactor) + computed + resumed + reused + failed);
        while (true) {
            boolean stopNew = aborted || System.nanoTime() > arm.deadlineNanos();
            while (inflight < parallelism && !stopNew) {
                boolean canNew = started < arm.maxConfigs() && !exhausted;
                RungScheduler.Action act = sched.next(canNew, inflight);
                if (act instanceof RungScheduler.Start) {
                    List<Sampler.Observation> history =
                            adaptive ? lagged(byConfig, outcome, started - parallelism) : List.of();
                    if (history == null) {
                        break; // an earlier proposal the next one must see is still running
                    }
                    Optional<Sampler.Candidate> c = arm.sampler().next(history);
                    if (c.isEmpty()) {
                        exhausted = true;
                        continue;
                    }
                    int idx = sched.add();
                    byConfig.add(c.get());
                    outcome.add(null);
                    started++;
                    launch(arm, idx, 0, c.get());
                    inflight++;
                } else if (act instanceof RungScheduler.Promote p) {
                    sched.started(p.config(), p.rung());
                    launch(arm, p.config(), p.rung(), byConfig.get(p.config()));
                    inflight++;
                } else {
                    break;
                }
            }
            if (inflight == 0) {
                break;
            }
            Event ev = events.poll();
            try {
                if (ev == null) {
                    runner.awaitingOutcome();
                    ev = events.poll(500, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("sweep interrupted", e);
            }
            if (ev != null) {
                SweepUnit u = handle(ev);
                if (u != null) {
                    inflight--;
                    double v = u.ok() ? u.mean() : Double.NaN;
                    sched.completed(u.config, u.rung, v);
                    if (u.rung == 0) {
                        outcome.set(u.config, v);
                    }
                    if (!Double.isNaN(v)
                            && !arm.name().equals("test")
                            && (best == null || bestFirst.compare(u, best) < 0)) {
                        best = u;
                    }
                }
            }
            progress.update(
                    computed + resumed + reused, resumed + reused, failed + timedOut, runner.running(), bestNote());
        }
        progress.flush(runner.running());
        List<SweepUnit> mine = units.subList(armStart, units.size());
        SweepUnit armBest = mine.stream().filter(SweepUnit::ok).min(bestFirst).orElse(null);
        armSummaries.add(new ArmSummary(
                arm.name(),
                ConfigLoader.toJson(arm.sampler().settings()),
                started,
                computed + resumed + reused - trialsBefore,
                armBest));
    }

    /**
     * The observations of proposals {@code 0 .. last} in proposal order (failed ones left out), or null while one of them
     * is still running.
     */
    private List<Sampler.Observation> lagged(List<Sampler.Candidate> byConfig, List<Double> outcome, int last) {
        List<Sampler.Observation> out = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            Double v = outcome.get(i);
            if (v == null) {
                return null;
            }
            if (!v.isNaN()) {
                double loss = config.benchmark().direction() == SweepConfig.Direction.MAXIMIZE ? -v : v;
                out.add(new Sampler.Observation(
                        byConfig.get(i).unit(), byConfig.get(i).params(), loss));
            }
        }
        return out;
    }

    private String bestNote() {
        if (best == null) {
            return "";
        }
        String f = plan.fidelityName() == null
                ? ""
                : String.format(Locale.ROOT, " at %s %s", plan.fidelityName(), SearchSpace.fmt(best.fidelity));
        return String.format(Locale.ROOT, "%s %.5f%s %s", config.benchmark().metric(), best.mean(), f, best.paramsJson);
    }

    private void launch(Arm arm, int configIndex, int rung, Sampler.Candidate c) {
        Map<String, Object> params = plan.canonical(c.params());
        double fidelity = arm.rungs()[rung];
        SweepUnit u = new SweepUnit(units.size(), arm.name(), configIndex, rung, fidelity, c, params);
        units.add(u);
        u.pending = arm.seeds().size();
        for (long seed : arm.seeds()) {
            String id = plan.trialId(params, arm.datasetVersion(), seed, fidelity);
            TrialSpec spec = new TrialSpec(
                    id,
                    arm.studyId(),
                    params,
                    u.paramsJson,
                    seed,
                    arm.role(),
                    plan.fidelityName(),
                    fidelity,
                    arm.dataset(),
                    arm.datasetVersion(),
                    0,
                    u.index);
            Ledger.Entry e = ledger.get(id);
            if (e != null && e.studies().contains(arm.studyId())) {
                events.add(new Event(
                        spec, e.earlier() ? Kind.RESUMED : Kind.REUSED, TrialState.COMPLETED, e.metrics(), null));
            } else if (e != null) {
                reuse(spec, e.metrics());
            } else if (waitingOnTwin.containsKey(id)) {
                waitingOnTwin.get(id).add(spec);
            } else {
                int attempt = ledger.nextAttempt(id);
                ledger.attempted(id, attempt);
                TrialSpec withAttempt = spec.withAttempt(attempt);
                waitingOnTwin.put(id, new ArrayList<>());
                runner.submit(
                        withAttempt,
                        o -> events.add(new Event(withAttempt, Kind.COMPUTED, o.state(), o.metrics(), o.error(), o)));
            }
        }
    }

    private void reuse(TrialSpec spec, Map<String, Double> metrics) {
        String rid = SweepPlan.reuseId(spec.trialId(), spec.studyId());
        Ledger.Entry recorded = ledger.get(rid);
        if (recorded == null) {
            Instant now = Instant.now();
            ledgerPort.record(
                    TrialRecord.builder(spec.studyId(), rid, config.benchmark().objective())
                            .paramsJson(spec.paramsJson())
                            .seed(spec.seed())
                            .seedRole(spec.seedRole())
                            .fidelity(Double.isNaN(spec.fidelity()) ? null : spec.fidelity())
                            .datasetVersion(spec.datasetVersion())
                            .state(TrialState.REUSED)
                            .reusedFrom(spec.trialId())
                            .startedAt(now)
                            .endedAt(now)
                            .executor("driver")
                            .metrics(metrics.entrySet().stream()
                                    .map(m -> MetricValue.of(m.getKey(), m.getValue()))
                                    .toList())
                            .build(),
                    runId);
            ledger.finished(rid, spec.studyId(), metrics, runId);
            events.add(new Event(spec, Kind.REUSED, TrialState.COMPLETED, metrics, null));
        } else {
            // Recorded by an earlier run: a resume skips it; recorded by this run (a repeat in the same arm): a reuse.
            events.add(new Event(
                    spec, recorded.earlier() ? Kind.RESUMED : Kind.REUSED, TrialState.COMPLETED, metrics, null));
        }
    }

    /** Records the event's trial; returns its unit when that unit has all its seeds. */
    private SweepUnit handle(Event ev) {
        TrialSpec spec = ev.spec();
        SweepUnit u = units.get(spec.unit());
        String metric = config.benchmark().metric();
        TrialState state = ev.state();
        Map<String, Double> metrics = ev.metrics() == null ? Map.of() : ev.metrics();
        if (ev.kind() == Kind.COMPUTED) {
            String error = ev.error();
            if (state == TrialState.COMPLETED
                    && (!metrics.containsKey(metric) || !Double.isFinite(metrics.get(metric)))) {
                state = TrialState.FAILED;
                error = "objective " + config.benchmark().objective() + " reported no finite value for metric '"
                        + metric + "' (got " + new java.util.TreeMap<>(metrics) + ")";
            }
            TrialRunner.Outcome o = ev.outcome();
            ledgerPort.record(
                    TrialRecord.builder(
                                    spec.studyId(),
                                    spec.trialId(),
                                    config.benchmark().objective())
                            .attempt(spec.attempt())
                            .paramsJson(spec.paramsJson())
                            .seed(spec.seed())
                            .seedRole(spec.seedRole())
                            .fidelity(Double.isNaN(spec.fidelity()) ? null : spec.fidelity())
                            .datasetVersion(spec.datasetVersion())
                            .state(state)
                            .startedAt(o == null ? null : o.startedAt())
                            .endedAt(o == null ? Instant.now() : o.endedAt())
                            .error(error)
                            .executor(o == null ? null : o.executor())
                            .metrics(
                                    state == TrialState.COMPLETED
                                            ? metrics.entrySet().stream()
                                                    .map(m -> MetricValue.of(m.getKey(), m.getValue()))
                                                    .toList()
                                            : List.of())
                            .build(),
                    runId);
            List<TrialSpec> twins = waitingOnTwin.remove(spec.trialId());
            if (state == TrialState.COMPLETED) {
                computed++;
                if (!Double.isNaN(spec.fidelity()) && spec.seedRole() == SeedRole.TUNE) {
                    fidelityUsed += spec.fidelity();
                }
                ledger.finished(spec.trialId(), spec.studyId(), metrics, runId);
                for (TrialSpec t : twins == null ? List.<TrialSpec>of() : twins) {
                    if (t.studyId().equals(spec.studyId())) {
                        events.add(new Event(t, Kind.REUSED, TrialState.COMPLETED, metrics, null));
                    } else {
                        reuse(t, metrics);
                    }
                }
            } else {
                if (state == TrialState.TIMED_OUT) {
                    timedOut++;
                } else {
                    failed++;
                }
                lastError = error;
                LOG.warn("trial {} {} {}: {}", spec.trialId(), spec.paramsJson(), state, error);
                for (TrialSpec t : twins == null ? List.<TrialSpec>of() : twins) {
                    events.add(new Event(t, Kind.REUSED, state, Map.of(), error));
                }
                int limit = config.executionSpec().maxFailures();
                if (failed + timedOut > limit && !aborted) {
                    aborted = true;
                    abortReason = String.format(
                            Locale.ROOT,
                            "%d trials failed or timed out, more than execution.max_failures = %d",
                            failed + timedOut,
                            limit);
                }
            }
        } else if (ev.kind() == Kind.RESUMED) {
            resumed++;
        } else if (state == TrialState.COMPLETED) {
            reused++;
        }
        u.pending--;
        if (state == TrialState.COMPLETED && metrics.containsKey(metric) && Double.isFinite(metrics.get(metric))) {
            u.values.add(metrics.get(metric));
        } else {
            u.failed = true;
        }
        return u.pending == 0 ? u : null;
    }

    /** The configurations the test phase re-runs: the best at the highest rung reached, then lower rungs, one per config. */
    private List<Sampler.Candidate> topConfigurations(int n) {
        List<SweepUnit> ok = new ArrayList<>(
                units.stream().filter(u -> u.ok() && !u.arm.equals("test")).toList());
        ok.sort(bestFirst);
        Map<String, Sampler.Candidate> chosen = new LinkedHashMap<>();
        for (SweepUnit u : ok) {
            if (chosen.size() >= n) {
                break;
            }
            chosen.putIfAbsent(u.paramsJson, u.candidate);
        }
        return new ArrayList<>(chosen.values());
    }
}
