package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of the {@link SweepLoop}: a configuration at one rung, over all seeds of its phase; its value is the mean
 * over the seeds. Not thread-safe: the loop's thread only.
 */
final class SweepUnit {
    final int index;
    final String arm;
    final int config;
    final int rung;
    final double fidelity;
    final Sampler.Candidate candidate;
    final Map<String, Object> params;
    final String paramsJson;
    final List<Double> values = new ArrayList<>();
    int pending;
    boolean failed;

    SweepUnit(
            int index,
            String arm,
            int config,
            int rung,
            double fidelity,
            Sampler.Candidate candidate,
            Map<String, Object> params) {
        this.index = index;
        this.arm = arm;
        this.config = config;
        this.rung = rung;
        this.fidelity = fidelity;
        this.candidate = candidate;
        this.params = params;
        this.paramsJson = SearchSpace.canonicalJson(params);
    }

    double mean() {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    boolean ok() {
        return !failed && pending == 0 && !values.isEmpty();
    }
}
