package dev.sweeplake.jobs.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A sweep file ({@code conf/sweeps/*.yaml}), bound strictly by {@code ConfigBinder}. Required: {@code name},
 * {@code benchmark}, {@code space}, {@code seeds}; every other section is optional and filled with its {@code defaults()}.
 * The free-form {@code space} is interpreted by {@link SearchSpace#parse} with errors that name the key path.
 *
 * @param name the sweep's id: re-running a sweep of the same name resumes it (settings that change what is searched must
 *     not change; budget and execution settings may)
 * @param benchmark the objective, its metric and direction, its dataset and options
 * @param space the search space (see {@link SearchSpace})
 * @param sampler how configurations are proposed
 * @param scheduler none, successive halving or ASHA over a declared fidelity
 * @param seeds tuning seeds and test seeds (disjoint)
 * @param budget max configurations and wall time of the tune phase
 * @param execution parallelism, per-trial timeout, failure limit, cores per trial, Delta flush cadence
 * @param phases top-N re-run on test seeds, default-config trial, random-search arm
 */
public record SweepConfig(
        String name,
        BenchmarkSpec benchmark,
        JsonNode space,
        Optional<SamplerSpec> sampler,
        Optional<SchedulerSpec> scheduler,
        SeedsSpec seeds,
        Optional<BudgetSpec> budget,
        Optional<ExecutionSpec> execution,
        Optional<PhasesSpec> phases) {

    public SweepConfig {
        Checks.notBlank("name", name);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            throw new InvalidValueException(
                    "name", "expected letters, digits, '_', '.', '-' (at most 100), got '" + name + "'");
        }
        Checks.notNull("benchmark", benchmark);
        Checks.notNull("space", space);
        Checks.notNull("seeds", seeds);
        sampler = Optional.of(sampler.orElse(SamplerSpec.defaults()));
        scheduler = Optional.of(scheduler.orElse(SchedulerSpec.defaults()));
        budget = Optional.of(budget.orElse(BudgetSpec.defaults()));
        execution = Optional.of(execution.orElse(ExecutionSpec.defaults()));
        phases = Optional.of(phases.orElse(PhasesSpec.defaults()));
    }

    public SamplerSpec samplerSpec() {
        return sampler.orElseThrow();
    }

    public SchedulerSpec schedulerSpec() {
        return scheduler.orElseThrow();
    }

    public BudgetSpec budgetSpec() {
        return budget.orElseThrow();
    }

    public ExecutionSpec executionSpec() {
        return execution.orElseThrow();
    }

    public PhasesSpec phasesSpec() {
        return phases.orElseThrow();
    }

    public SweepConfig withBudget(BudgetSpec b) {
        return new SweepConfig(name, benchmark, space, sampler, scheduler, seeds, Optional.of(b), execution, phases);
    }

    public SweepConfig withExecution(ExecutionSpec e) {
        return new SweepConfig(name, benchmark, space, sampler, scheduler, seeds, budget, Optional.of(e), phases);
    }

    public SweepConfig withPhases(PhasesSpec p) {
        return new SweepConfig(name, benchmark, space, sampler, scheduler, seeds, budget, execution, Optional.of(p));
    }

    public SweepConfig withName(String n) {
        return new SweepConfig(n, benchmark, space, sampler, scheduler, seeds, budget, execution, phases);
    }

    /** Whether a larger or a smaller metric value is better. */
    public enum Direction {
        MAXIMIZE,
        MINIMIZE;

        /** Compares so that the better value sorts first. */
        public int compareBetterFirst(double a, double b) {
            return this == MAXIMIZE ? Double.compare(b, a) : Double.compare(a, b);
        }

        public boolean better(double a, double b) {
            return compareBetterFirst(a, b) < 0;
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What is optimised.
     *
     * @param objective a registered objective ({@link Objectives})
     * @param metric the metric the objective reports that the sweep optimises
     * @param direction maximize or minimize
     * @param dataset the dataset the objective tunes on (objective-specific name; default: the objective's)
     * @param testDataset optional: evaluate the frozen choice on this dataset (same shape) in the test phase
     * @param options objective-specific settings, bound by the objective itself
     */
    public record BenchmarkSpec(
            String objective,
            String metric,
            Direction direction,
            Optional<String> dataset,
            Optional<String> testDataset,
            Optional<JsonNode> options) {
        public BenchmarkSpec {
            Checks.notBlank("objective", objective);
            Checks.notBlank("metric", metric);
            Checks.notNull("direction", direction);
        }
    }

    /** The samplers. {@code halton} is the quasi-random one; {@code tpe} the model-based one. */
    public enum SamplerKind {
        GRID,
        RANDOM,
        HALTON,
        TPE
    }

    /**
     * @param kind grid, random, halton or tpe
     * @param seed seed of every random choice the sampler makes
     * @param gridPoints points per numeric parameter without an explicit {@code grid:} list (grid sampler)
     * @param nStartup TPE: configurations sampled quasi-randomly before the model is used
     * @param nCandidates TPE: candidates drawn from the good-density per proposal
     * @param gamma TPE: fraction of observations counted as good
     */
    public record SamplerSpec(
            SamplerKind kind, long seed, int gridPoints, int nStartup, int nCandidates, double gamma) {
        public SamplerSpec {
            Checks.notNull("kind", kind);
            Checks.intIn("grid_points", gridPoints, 2, 1000);
            Checks.intIn("n_startup", nStartup, 1, 10_000);
            Checks.intIn("n_candidates", nCandidates, 1, 10_000);
            Checks.doubleIn("gamma", gamma, 0.01, 0.9);
        }

        public static SamplerSpec defaults() {
            return new SamplerSpec(SamplerKind.RANDOM, 0L, 3, 10, 24, 0.25);
        }
    }

    /** Schedulers over a fidelity. */
    public enum SchedulerKind {
        NONE,
        SUCCESSIVE_HALVING,
        ASHA
    }

    /**
     * @param kind none, successive-halving (synchronous rungs) or asha (asynchronous promotions)
     * @param fidelity the fidelity the objective declares (e.g. epochs); with {@code none}, optional: trials run at
     *     {@code max_resource}
     * @param minResource fidelity of the lowest rung
     * @param maxResource fidelity of the highest rung (and of the test phase)
     * @param reductionFactor eta: the top 1/eta of a rung is promoted, the next rung has eta times the fidelity
     */
    public record SchedulerSpec(
            SchedulerKind kind,
            Optional<String> fidelity,
            Optional<Double> minResource,
            Optional<Double> maxResource,
            int reductionFactor) {
        public SchedulerSpec {
            Checks.notNull("kind", kind);
            Checks.intIn("reduction_factor", reductionFactor, 2, 100);
            minResource.ifPresent(v -> Checks.doubleIn("min_resource", v, 1e-12, 1e12));
            maxResource.ifPresent(v -> Checks.doubleIn("max_resource", v, 1e-12, 1e12));
            if (minResource.isPresent() && maxResource.isPresent() && minResource.get() > maxResource.get()) {
                throw new InvalidValueException(
                        "min_resource",
                        String.format(
                                Locale.ROOT,
                                "expected at most max_resource (%s), got %s",
                                maxResource.get(),
                                minResource.get()));
            }
        }

        public static SchedulerSpec defaults() {
            return new SchedulerSpec(SchedulerKind.NONE, Optional.empty(), Optional.empty(), Optional.empty(), 3);
        }
    }

    /** Tuning seeds (the tune phase uses only these) and test seeds (the final leaderboard uses only these). */
    public record SeedsSpec(List<Long> tune, List<Long> test) {
        public SeedsSpec {
            Checks.notEmpty("tune", tune);
            Checks.notNull("test", test);
            tune = List.copyOf(tune);
            test = List.copyOf(test);
            if (new HashSet<>(tune).size() != tune.size()) {
                throw new InvalidValueException("tune", "expected distinct seeds, got " + tune);
            }
            if (new HashSet<>(test).size() != test.size()) {
                throw new InvalidValueException("test", "expected distinct seeds, got " + test);
            }
            Set<Long> both = new HashSet<>(tune);
            both.retainAll(test);
            if (!both.isEmpty()) {
                throw new InvalidValueException(
                        "test",
                        "tune and test seeds must not overlap; both contain "
                                + both.stream().sorted().toList());
            }
        }
    }

    /**
     * @param maxTrials configurations the main arm samples (each runs on every tune seed, and with a scheduler at every
     *     rung it reaches); the random-search arm gets the same number
     * @param maxWallTimeS wall-time limit of the tune phase in seconds: no new trial starts after it (0 = none)
     */
    public record BudgetSpec(int maxTrials, double maxWallTimeS) {
        public BudgetSpec {
            Checks.intIn("max_trials", maxTrials, 1, 1_000_000);
            Checks.doubleIn("max_wall_time_s", maxWallTimeS, 0, 1e9);
        }

        public static BudgetSpec defaults() {
            return new BudgetSpec(20, 0);
        }
    }

    /** How trials run on the cluster. */
    public enum Placement {
        AUTO,
        TASK,
        DRIVER
    }

    /**
     * @param parallelism trials running at once
     * @param trialTimeoutS a trial running longer is cancelled (its Spark job group) and recorded TIMED_OUT
     * @param maxFailures failed or timed-out trials tolerated; one more stops the sweep
     * @param coresPerTrial CPU cores a single-node trial's task asks for (stage-level scheduling where supported)
     * @param flushIntervalS finished trials are written to Delta at least this often (and at the end): a killed driver loses
     *     at most this much finished work (default 2 s)
     * @param flushEveryTrials ... or as soon as this many are buffered (default 10)
     * @param placement auto (the objective's own choice), task (one Spark task per trial) or driver (one Spark job per
     *     trial from a driver thread pool)
     */
    public record ExecutionSpec(
            int parallelism,
            double trialTimeoutS,
            int maxFailures,
            int coresPerTrial,
            double flushIntervalS,
            int flushEveryTrials,
            Placement placement) {
        public ExecutionSpec {
            Checks.intIn("parallelism", parallelism, 1, 10_000);
            Checks.doubleIn("trial_timeout_s", trialTimeoutS, 0.001, 1e7);
            Checks.intIn("max_failures", maxFailures, 0, 1_000_000);
            Checks.intIn("cores_per_trial", coresPerTrial, 1, 1024);
            Checks.doubleIn("flush_interval_s", flushIntervalS, 0, 3600);
            Checks.intIn("flush_every_trials", flushEveryTrials, 1, 100_000);
            Checks.notNull("placement", placement);
        }

        public static ExecutionSpec defaults() {
            return new ExecutionSpec(2, 3600, 3, 1, 2.0, 10, Placement.AUTO);
        }

        public ExecutionSpec withParallelism(int p) {
            return new ExecutionSpec(
                    p, trialTimeoutS, maxFailures, coresPerTrial, flushIntervalS, flushEveryTrials, placement);
        }
    }

    /**
     * @param topN configurations re-run on the test seeds (0: no test phase)
     * @param defaultTrial also evaluate the default configuration
     * @param randomArm also run a random-search arm with the same number of configurations
     */
    public record PhasesSpec(int topN, boolean defaultTrial, boolean randomArm) {
        public PhasesSpec {
            Checks.intIn("top_n", topN, 0, 10_000);
        }

        public static PhasesSpec defaults() {
            return new PhasesSpec(3, true, true);
        }
    }
}
