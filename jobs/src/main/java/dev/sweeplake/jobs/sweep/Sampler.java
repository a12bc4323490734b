package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proposes configurations. Deterministic given its seed and the history it is shown, so a resumed sweep proposes the same
 * configurations again and finds them in the ledger. Not thread-safe: the sweep's driver loop owns it.
 */
public interface Sampler {
    /** The next configuration, or empty when the sampler has nothing more to propose (a finished grid). */
    Optional<Candidate> next(List<Observation> history);

    /** The sampler's own settings, stored with the sweep. */
    Map<String, Object> settings();

    /**
     * Whether proposals depend on the history (model-based samplers). The engine then shows proposal {@code i} exactly the
     * results of proposals {@code 0 .. i - parallelism}, in proposal order, waiting for any of them still running, so that
     * what is proposed never depends on which trial happened to finish first, and a resumed sweep proposes the same
     * configurations as the run it resumes.
     */
    default boolean adaptive() {
        return false;
    }

    /** A proposed configuration (inactive parameters already dropped) and its point in the unit hypercube. */
    record Candidate(Map<String, Object> params, double[] unit) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Candidate c && c.params.equals(params) && Arrays.equals(c.unit, unit);
        }

        @Override
        public int hashCode() {
            return params.hashCode();
        }

        @Override
        public String toString() {
            return params.toString();
        }
    }

    /** A finished evaluation: where it was and its loss (smaller is better; a maximised metric is negated). */
    record Observation(double[] unit, Map<String, Object> params, double loss) {}

    /** Creates the sampler a sweep file asks for. */
    static Sampler create(SweepConfig.SamplerSpec spec, SearchSpace space, long seed) {
        return switch (spec.kind()) {
            case GRID -> new GridSampler(space, seed);
            case RANDOM -> new RandomSampler(space, seed);
            case HALTON -> new HaltonSampler(space, seed);
            case TPE -> new TpeSampler(space, seed, spec.nStartup(), spec.nCandidates(), spec.gamma());
        };
    }
}
