package dev.sweeplake.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.Tables;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the warehouse already knows, read once when a sweep starts: every finished (COMPLETED or REUSED) trial of the
 * objective with its metric values and the studies that hold it, and the highest attempt number of every trial id. The
 * sweep loop updates it as trials finish. A trial id in the ledger is never run again: in the same study it is skipped
 * (resume), in another study its result is reused and recorded as REUSED.
 *
 * <p>Not thread-safe: owned by the sweep's driver loop.
 */
final class Ledger {
    /**
     * A finished trial. {@code runId} says which run computed or reused it; {@code earlier} whether it was read from the
     * warehouse when the sweep started (a resume skips it) rather than finished by this execution (a twin reuses it).
     */
    record Entry(String trialId, Map<String, Double> metrics, Set<String> studies, String runId, boolean earlier) {}

    private final Map<String, Entry> done = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();

    static Ledger empty() {
        return new Ledger();
    }

    /** Reads the finished trials of {@code objective} (benchmark column) and every trial's last attempt. */
    static Ledger read(MetricsStore store, String objective) {
        Ledger l = new Ledger();
        if (!store.exists(Tables.TRIALS)) {
            return l;
        }
        Dataset<Row> trials = store.read(Tables.TRIALS).where(col("benchmark").equalTo(objective));
        for (Row r : trials.groupBy("trial_id").agg(max("attempt").as("a")).collectAsList()) {
            l.attempts.put(r.getString(0), r.getInt(1));
        }
        // An attempt whose metrics were written but not its trial row (the driver died between the two inserts) is used
        // up
        // too: the retry is the next attempt, so its metrics and trial row carry the run that computed them.
        if (store.exists(Tables.METRICS)) {
            for (Row r : store.read(Tables.METRICS)
                    .groupBy("trial_id")
                    .agg(max("attempt").as("a"))
                    .collectAsList()) {
                l.attempts.merge(r.getString(0), r.getInt(1), Math::max);
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
            String id = r.getString(0);
            Entry e = l.done.computeIfAbsent(
                    id, k -> new Entry(k, new HashMap<>(), new HashSet<>(), r.getString(2), true));
            e.studies().add(r.getString(1));
            if (!r.isNullAt(3) && !r.isNullAt(4)) {
                e.metrics().put(r.getString(3), r.getDouble(4));
            }
        }
        return l;
    }

    Entry get(String trialId) {
        return done.get(trialId);
    }

    /** The attempt number a new run of this trial gets. */
    int nextAttempt(String trialId) {
        return attempts.getOrDefault(trialId, 0) + 1;
    }

    void finished(String trialId, String studyId, Map<String, Double> metrics, String runId) {
        Entry e =
                done.computeIfAbsent(trialId, k -> new Entry(k, new HashMap<>(metrics), new HashSet<>(), runId, false));
        e.studies().add(studyId);
        attempts.merge(trialId, 1, Math::max);
    }

    void attempted(String trialId, int attempt) {
        attempts.merge(trialId, attempt, Math::max);
    }

    int size() {
        return done.size();
    }
}
