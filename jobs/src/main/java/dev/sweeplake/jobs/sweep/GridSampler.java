package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every point of the space's grid once, then nothing. The points come in a seeded random order: the order does not matter
 * to a full grid, but a grid cut short by the budget or the wall time still covers the space, and ASHA's early promotions
 * are not all made among the first corner of the grid. Not thread-safe.
 */
public final class GridSampler implements Sampler {
    private final SearchSpace space;
    private final List<Map<String, Object>> points;
    private int next;

    private final long seed;

    public GridSampler(SearchSpace space, long seed) {
        this.space = space;
        this.seed = seed;
        List<Map<String, Object>> p = new java.util.ArrayList<>(space.grid());
        java.util.Collections.shuffle(p, new java.util.Random(seed));
        this.points = List.copyOf(p);
    }

    public int size() {
        return points.size();
    }

    @Override
    public Optional<Candidate> next(List<Observation> history) {
        if (next >= points.size()) {
            return Optional.empty();
        }
        Map<String, Object> p = points.get(next++);
        return Optional.of(new Candidate(p, space.toUnit(p)));
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "grid");
        m.put("points", points.size());
        m.put("order", "shuffled");
        m.put("seed", seed);
        return m;
    }
}
