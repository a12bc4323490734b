package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/** Independent uniform points of the unit hypercube (log-uniform for log-scale floats). Not thread-safe. */
public final class RandomSampler implements Sampler {
    private final SearchSpace space;
    private final long seed;
    private final SplittableRandom random;

    public RandomSampler(SearchSpace space, long seed) {
        this.space = space;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Optional<Candidate> next(List<Observation> history) {
        double[] u = new double[space.dimensions()];
        for (int i = 0; i < u.length; i++) {
            u[i] = random.nextDouble();
        }
        return Optional.of(new Candidate(space.fromUnit(u), u));
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "random");
        m.put("seed", seed);
        return m;
    }
}
