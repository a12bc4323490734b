package dev.sweeplake.jobs.store;

import java.util.Objects;

/** One metric value of a trial: {@code step} is the epoch/iteration for curves, 0 for final figures. */
public record MetricValue(String name, long step, double value) {
    public MetricValue {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("metric name must not be blank");
        }
    }

    public static MetricValue of(String name, double value) {
        return new MetricValue(name, 0, value);
    }
}
