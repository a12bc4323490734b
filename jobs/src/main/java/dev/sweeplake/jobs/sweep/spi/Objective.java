package dev.sweeplake.jobs.sweep.spi;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/**
 * What a sweep optimises: one trial = one call of {@link #evaluate} with a configuration, a seed, a fidelity and a
 * dataset. Objectives are registered by name in {@link Objectives} (a one-liner) and created once per sweep, on the driver,
 * from the sweep file's {@code benchmark.options}; every check of the sweep against the objective happens then, before
 * any trial runs.
 *
 * <p>Placement: a {@link Placement#TASK} objective is serialized into a Spark task and evaluated on an executor (it must
 * be {@link Serializable}, fit on one executor, and use at most {@link TrialContext#cores()} threads); a
 * {@link Placement#DRIVER} objective is evaluated on a driver thread and may start Spark jobs itself (an MLlib estimator):
 * they run in the trial's job group, so they are visible in the Spark UI and cancelled on a timeout.
 *
 * <p>Thread-safety: {@link #evaluate} is called concurrently from several threads (driver placement) or tasks (task
 * placement) and must be thread-safe. It should return promptly when its thread is interrupted (a timeout or a cancel).
 */
public interface Objective extends Serializable {

    /** Where a trial runs. */
    enum Placement {
        TASK,
        DRIVER
    }

    /** A fidelity the objective understands (epochs, data fraction, steps) with its range and its default value. */
    record Fidelity(double min, double max, double defaultValue) implements Serializable {}

    Placement placement();

    /** The metric names {@link #evaluate} reports (a sweep's {@code benchmark.metric} must be one of them). */
    Set<String> metrics();

    /** The fidelities it declares, by name; empty when it has none. */
    Map<String, Fidelity> fidelities();

    /** Values of parameters that a sweep does not search; they are part of every configuration (and of its trial id). */
    Map<String, Object> defaults();

    /** Refuses a space that it cannot evaluate (unknown parameter names, wrong types): throw {@code ConfigException}. */
    void checkSpace(SearchSpace space);

    /** The dataset used when the sweep names none. */
    String defaultDataset();

    /**
     * The version of a dataset: a content hash or a version string that changes whenever the data changes (it is part of
     * every trial id, so changed data never reuses old results). Throw {@code ConfigException} for an unknown dataset.
     */
    String datasetVersion(String dataset);

    /** Runs one trial and returns its metric values (at least the sweep's metric). Throwing marks the trial FAILED. */
    Map<String, Double> evaluate(TrialContext ctx) throws Exception;
}
