package dev.sweeplake.jobs.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every point of the space's grid, in a fixed order; then nothing. Not thread-safe. */
public final class GridSampler implements Sampler {
  private final SearchSpace space;
  private final List<Map<String, Object>> points;
  private int next;

  public GridSampler(SearchSpace space) {
    this.space = space;
    this.points = space.grid();
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
    return m;
  }
}
