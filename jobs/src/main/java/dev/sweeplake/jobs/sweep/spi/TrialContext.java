package dev.sweeplake.jobs.sweep.spi;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * What one trial gets: its configuration, seed, fidelity, dataset and cores; a driver-placed trial also gets the
 * SparkSession (null inside a task). Immutable.
 *
 * @param params the canonical configuration (objective defaults filled in, inactive parameters dropped)
 * @param seed the trial's seed (a tune seed in the tune phase, a test seed in the test phase)
 * @param fidelityName the declared fidelity the sweep schedules over, or null
 * @param fidelity its value for this trial (NaN when the objective has none)
 * @param dataset the dataset name
 * @param cores CPU cores this trial may use
 * @param trialId the trial's id (for logging; the job group is {@code sweeplake-trial-<id>})
 */
public final class TrialContext implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Object> params;
    private final long seed;
    private final String fidelityName;
    private final double fidelity;
    private final String dataset;
    private final int cores;
    private final String trialId;
    private final transient SparkSession spark;

    public TrialContext(
            Map<String, Object> params,
            long seed,
            String fidelityName,
            double fidelity,
            String dataset,
            int cores,
            String trialId,
            SparkSession spark) {
        this.params = Map.copyOf(Objects.requireNonNull(params, "params"));
        this.seed = seed;
        this.fidelityName = fidelityName;
        this.fidelity = fidelity;
        this.dataset = dataset;
        this.cores = cores;
        this.trialId = trialId;
        this.spark = spark;
    }

    public Map<String, Object> params() {
        return params;
    }

    public long seed() {
        return seed;
    }

    public String fidelityName() {
        return fidelityName;
    }

    public double fidelity() {
        return fidelity;
    }

    public String dataset() {
        return dataset;
    }

    public int cores() {
        return cores;
    }

    public String trialId() {
        return trialId;
    }

    /** The session, for driver-placed objectives; null inside a Spark task. */
    public SparkSession spark() {
        return spark;
    }

    /** A parameter as a double (ints and floats). */
    public double doubleParam(String name) {
        Object v = params.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("parameter '" + name + "': expected a number, got " + v);
        }
        return n.doubleValue();
    }

    /** A parameter as a long. */
    public long longParam(String name) {
        Object v = params.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("parameter '" + name + "': expected an integer, got " + v);
        }
        return n.longValue();
    }

    /** A parameter as text (categorical choices). */
    public String stringParam(String name) {
        Object v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is missing");
        }
        return v.toString();
    }

    /** The fidelity, or {@code fallback} when the sweep schedules none. */
    public double fidelityOr(double fallback) {
        return Double.isNaN(fidelity) ? fallback : fidelity;
    }

    /** Throws if the trial's thread was interrupted (a timeout or a cancelled sweep); call it between units of work. */
    public static void checkInterrupted() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("trial cancelled");
        }
    }
}
