package dev.sweeplake.jobs.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides what runs next over rungs of increasing fidelity: nothing to decide with one rung; synchronous successive
 * halving (a rung's top {@code max(1, floor(n / eta))} configurations are promoted once every configuration of the rung has
 * finished and no new one can join it); or ASHA (Li et al. 2020: whenever a slot is free, promote a configuration that is
 * in the top {@code floor(n / eta)} of the {@code n} finished so far at its rung and not yet promoted, checking the
 * highest rung first; otherwise start a new configuration) with a promotion quota: while a rung can still grow, it
 * promotes nothing before {@code eta^2} results and at most {@code floor(n / eta)} configurations in all, so early
 * promotions that later drop out of the top do not buy extra ones (plain ASHA spent 33-54% of a 27-point grid's epochs
 * depending on the grid's order, this rule 33%); once the rung is closed, its best configuration is promoted if it was
 * not. When nothing else can run, the best configuration of the highest rung that nothing reached beyond is promoted,
 * so the top rung is always reached. A failed evaluation is never promoted.
 *
 * <p>Pure logic, no I/O. Not thread-safe: the sweep's driver loop owns it.
 */
public final class RungScheduler {
    private final int rungCount;
    private final int eta;
    private final boolean async;
    private final SweepConfig.Direction direction;
    private final List<State> configs = new ArrayList<>();

    /** What to do next. */
    public sealed interface Action permits Start, Promote, Wait, Done {}

    /** Start a new configuration at rung 0. */
    public record Start() implements Action {}

    /** Run configuration {@code config} (an index from {@link #add}) at {@code rung}. */
    public record Promote(int config, int rung) implements Action {}

    /** Wait for a running evaluation. */
    public record Wait() implements Action {}

    /** Nothing more to run. */
    public record Done() implements Action {}

    private static final class State {
        final Double[] value;
        final boolean[] started;

        State(int rungs) {
            value = new Double[rungs];
            started = new boolean[rungs];
        }
    }

    public RungScheduler(int rungCount, int eta, boolean async, SweepConfig.Direction direction) {
        if (rungCount < 1) {
            throw new IllegalArgumentException("rungCount must be >= 1, got " + rungCount);
        }
        this.rungCount = rungCount;
        this.eta = eta;
        this.async = async;
        this.direction = direction;
    }

    public int rungs() {
        return rungCount;
    }

    /** Registers a new configuration started at rung 0; returns its index. */
    public int add() {
        State s = new State(rungCount);
        s.started[0] = true;
        configs.add(s);
        return configs.size() - 1;
    }

    /** Marks a promotion as started. */
    public void started(int config, int rung) {
        configs.get(config).started[rung] = true;
    }

    /** Records the result of {@code config} at {@code rung}; NaN for a failed evaluation. */
    public void completed(int config, int rung, double value) {
        configs.get(config).value[rung] = value;
    }

    /**
     * The next action.
     *
     * @param canStartNew whether a new configuration may still start (budget left, sampler not exhausted, time left)
     * @param running evaluations in flight
     */
    public Action next(boolean canStartNew, int running) {
        if (rungCount > 1) {
            Promote p = async ? asyncPromotion(canStartNew) : syncPromotion(canStartNew);
            if (p != null) {
                return p;
            }
        }
        if (canStartNew) {
            return new Start();
        }
        if (running > 0) {
            return new Wait();
        }
        if (rungCount > 1) {
            Promote last = finalPromotion();
            if (last != null) {
                return last;
            }
        }
        return new Done();
    }

    private Promote asyncPromotion(boolean canStartNew) {
        for (int k = rungCount - 2; k >= 0; k--) {
            List<Integer> done = finishedAt(k);
            int n = done.size() / eta;
            int promoted = 0;
            for (State s : configs) {
                promoted += s.started[k + 1] ? 1 : 0;
            }
            // While rung k can still grow: no promotion before eta^2 results (the top third of three is mostly noise),
            // and at
            // most floor(n / eta) promotions out of it in all, so that an early promotion that later falls out of the
            // top does
            // not buy another one. Once nothing more can reach rung k, its best result is promoted if it was not yet.
            boolean closed = !canStartNew && closedUpTo(k);
            if (!closed && (promoted >= n || done.size() < eta * eta)) {
                continue;
            }
            int limit = closed && promoted >= n ? Math.min(n, 1) : n;
            for (int i = 0; i < limit; i++) {
                int c = done.get(i);
                if (!configs.get(c).started[k + 1]) {
                    return new Promote(c, k + 1);
                }
            }
        }
        return null;
    }

    /** Whether every rung up to and including k has finished all it started. */
    private boolean closedUpTo(int k) {
        for (int j = 0; j <= k; j++) {
            if (!complete(j)) {
                return false;
            }
        }
        return true;
    }

    private Promote syncPromotion(boolean canStartNew) {
        // Rung k is closed when nothing can join it any more and all of it has finished; only then is it promoted from.
        boolean closed = !canStartNew && complete(0);
        for (int k = 0; k < rungCount - 1; k++) {
            if (!closed) {
                return null;
            }
            List<Integer> done = finishedAt(k);
            int n = Math.min(done.size(), Math.max(1, done.size() / eta));
            for (int i = 0; i < n; i++) {
                int c = done.get(i);
                if (!configs.get(c).started[k + 1]) {
                    return new Promote(c, k + 1);
                }
            }
            closed = complete(k + 1);
        }
        return null;
    }

    private Promote finalPromotion() {
        for (int k = rungCount - 2; k >= 0; k--) {
            boolean anyAbove = false;
            for (State s : configs) {
                anyAbove |= s.started[k + 1];
            }
            if (anyAbove) {
                return null;
            }
            List<Integer> done = finishedAt(k);
            if (!done.isEmpty()) {
                return new Promote(done.get(0), k + 1);
            }
        }
        return null;
    }

    /** Whether every configuration started at rung k has finished there. */
    private boolean complete(int k) {
        for (State s : configs) {
            if (s.started[k] && s.value[k] == null) {
                return false;
            }
        }
        return true;
    }

    /** Configurations with a (non-failed) result at rung k, best first. */
    private List<Integer> finishedAt(int k) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            Double v = configs.get(i).value[k];
            if (v != null && !v.isNaN()) {
                out.add(i);
            }
        }
        out.sort(Comparator.comparing((Integer i) -> configs.get(i).value[k], direction::compareBetterFirst)
                .thenComparing(i -> i));
        return out;
    }
}
