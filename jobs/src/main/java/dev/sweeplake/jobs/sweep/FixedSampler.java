package dev.sweeplake.jobs.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A given list of configurations, in order (the default configuration; the test phase's top-N). Not thread-safe. */
final class FixedSampler implements Sampler {
    private final List<Candidate> list;
    private final String what;
    private int next;

    FixedSampler(List<Candidate> list, String what) {
        this.list = List.copyOf(list);
        this.what = what;
    }

    @Override
    public Optional<Candidate> next(List<Observation> history) {
        return next < list.size() ? Optional.of(list.get(next++)) : Optional.empty();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", what);
        m.put("points", list.size());
        return m;
    }
}
