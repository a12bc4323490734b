package dev.sweeplake.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.store.TrialRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@link TrialLedger} on the Delta warehouse: reads the {@code trials} and {@code metrics} tables, records through a
 * batching {@link TrialRecorder} under the run it was opened for.
 *
 * <p>Thread-safe as far as {@link TrialRecorder} is; {@link #read} runs Spark jobs on the calling thread.
 */
final class DeltaTrialLedger implements TrialLedger {
    private final MetricsStore store;
    private final RunHandle run;
    private final TrialRecorder recorder;

    DeltaTrialLedger(MetricsStore store, RunHandle run, double flushIntervalS, int flushEveryTrials) {
        this.store = store;
        this.run = run;
        this.recorder = new TrialRecorder(store, run, flushIntervalS, flushEveryTrials);
    }

    @Override
    public Ledger read(String objective) {
        Ledger l = Ledger.empty();
        if (!store.exists(Tables.TRIALS)) {
            return l;
        }
        Dataset<Row> trials = store.read(Tables.TRIALS).where(col("benchmark").equalTo(objective));
        for (Row r : trials.groupBy("trial_id").agg(max("attempt").as("a")).collectAsList()) {
            l.attempted(r.getString(0), r.getInt(1));
        }
        // An attempt whose metrics were written but not its trial row (the driver died between the two inserts) is used
        // up too: the retry is the next attempt, so its metrics and trial row carry the run that computed them.
        if (store.exists(Tables.METRICS)) {
            for (Row r : store.read(Tables.METRICS)
                    .groupBy("trial_id")
                    .agg(max("attempt").as("a"))
                    .collectAsList()) {
                l.attempted(r.getString(0), r.getInt(1));
            }
        }
        Dataset<Row> finished = trials.where(col("state").isin("COMPLETED", "REUSED"))
                .select("trial_id", "attempt", "study_id", "run_id");
        Dataset<Row> metrics =
                store.read(Tables.METRICS).where(col("step").equalTo(0)).select("trial_id", "attempt", "name", "value");
        List<Row> rows = finished.as("t")
                .join(
                        metrics.as("m"),
                        col("t.trial_id")
                                .equalTo(col("m.trial_id"))
                                .and(col("t.attempt").equalTo(col("m.attempt"))),
                        "left")
                .select("t.trial_id", "t.study_id", "t.run_id", "m.name", "m.value")
                .collectAsList();
        for (Row r : rows) {
            HashMap<String, Double> m = new HashMap<>();
            if (!r.isNullAt(3) && !r.isNullAt(4)) {
                m.put(r.getString(3), r.getDouble(4));
            }
            l.earlierFinished(r.getString(0), r.getString(1), r.getString(2), m);
        }
        return l;
    }

    @Override
    public void record(TrialRecord trial, String runId) {
        if (!run.runId().equals(runId)) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT, "ledger opened for run %s asked to record a trial of run %s", run.runId(), runId));
        }
        recorder.add(trial);
    }

    long batches() {
        return recorder.batches();
    }

    double writeSeconds() {
        return recorder.writeSeconds();
    }

    @Override
    public void close() {
        recorder.close();
    }
}
