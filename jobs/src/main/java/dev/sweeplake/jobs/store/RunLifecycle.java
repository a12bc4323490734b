package dev.sweeplake.jobs.store;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.errors.SweeplakeErrors;
import dev.sweeplake.jobs.store.MetricsStore.RunStatus;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code runs} rows of one store: start (or resume by run key), heartbeat, end, and marking runs whose driver died.
 *
 * <ul>
 *   <li>Heartbeat: a running run refreshes {@code last_seen_at} every {@link #heartbeatSeconds()} (system property
 *       {@code sweeplake.run.heartbeat.s}, default 30). A RUNNING run not seen for {@link #abandonedAfterSeconds()}
 *       ({@code sweeplake.run.abandoned.after.s}, default 180) is marked ABANDONED by the next run that starts, by
 *       {@code sweep status} and by {@code tables}; its {@code ended_at} is its last heartbeat. A run marked by mistake (a
 *       driver that was only paused) turns RUNNING again at its next heartbeat and ends normally.</li>
 *   <li>Run key ({@code --run-key}): the first run with a key inserts a row carrying it; a later run of the same command with
 *       the same key and the same resolved configuration takes over that row (same run id, status RUNNING again) instead of
 *       inserting another, so the work it redoes lands under the same keys; another configuration is refused (exit 3), and
 *       a key whose run is still alive is refused (exit 1) until it ends or is marked ABANDONED.</li>
 *   <li>Every update is retried on a concurrent-write conflict ({@link DeltaRetry}).</li>
 * </ul>
 *
 * <p>Thread-safety: called under the owning {@link MetricsStore}'s lock or its own.
 */
final class RunLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetricsStore store;

    RunLifecycle(MetricsStore store) {
        this.store = store;
    }

    /** Seconds between heartbeats (system property {@code sweeplake.run.heartbeat.s}, default 30). */
    static double heartbeatSeconds() {
        return positive("sweeplake.run.heartbeat.s", 30);
    }

    /** Seconds without a heartbeat after which a RUNNING run counts as abandoned ({@code sweeplake.run.abandoned.after.s}). */
    static double abandonedAfterSeconds() {
        return positive("sweeplake.run.abandoned.after.s", 180);
    }

    private static double positive(String property, double fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d > 0 && d < 1e7) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw new ConfigException(
                String.format(Locale.ROOT, "system property %s: expected seconds in (0, 1e7), got '%s'", property, v));
    }

    private String path() {
        return store.path(Tables.RUNS);
    }

    RunHandle start(String command, String configJson) {
        store.ensure(Tables.RUNS);
        store.markAbandonedRuns();
        Instant now = Instant.now();
        if (store.runKey() != null) {
            RunHandle resumed = resumeByKey(command, configJson, now);
            if (resumed != null) {
                return resumed;
            }
        }
        String runId = MetricsStore.newRunId(now);
        store.insertIfAbsent(Tables.RUNS, List.of(store.runRow(runId, command, configJson, now)));
        LOG.info("run {} started ({}{})", runId, command, store.runKey() == null ? "" : ", run key " + store.runKey());
        return new RunHandle(runId, command, now);
    }

    private RunHandle resumeByKey(String command, String configJson, Instant now) {
        List<Row> held = store.spark()
                .read()
                .format("delta")
                .load(path())
                .where(col("run_key").equalTo(store.runKey()).and(col("command").equalTo(command)))
                .orderBy(col("started_at").desc())
                .collectAsList();
        if (held.isEmpty()) {
            return null;
        }
        Row r = held.get(0);
        String runId = r.getString(r.fieldIndex("run_id"));
        String stored = r.getString(r.fieldIndex("config_json"));
        if (!configJson.equals(stored)) {
            throw new ConfigException(String.format(
                    Locale.ROOT,
                    "--run-key %s: run %s (%s) holds this key with another "
                            + "configuration (differs in: %s); a retry must use the same configuration, a new configuration a new key",
                    store.runKey(),
                    runId,
                    command,
                    differences(stored, configJson)));
        }
        String status = r.getString(r.fieldIndex("status"));
        if (RunStatus.RUNNING.name().equals(status)) {
            Object seen = r.get(r.fieldIndex("last_seen_at"));
            throw SweeplakeErrors.job(
                    null,
                    "--run-key %s: run %s is still running (last seen %s on host %s); retry after it "
                            + "ends, or after %.0f s without a heartbeat, when it is marked ABANDONED",
                    store.runKey(),
                    runId,
                    seen,
                    r.getString(r.fieldIndex("host")),
                    abandonedAfterSeconds());
        }
        Map<String, Column> set = new HashMap<>();
        set.put("status", lit(RunStatus.RUNNING.name()));
        set.put("ended_at", lit(null).cast("timestamp"));
        set.put("duration_s", lit(null).cast("double"));
        set.put("error", lit(null).cast("string"));
        set.put("summary_json", lit(null).cast("string"));
        set.put("last_seen_at", lit(store.ts(now)));
        set.put("master", lit(store.spark().sparkContext().master()));
        set.put("app_id", lit(store.spark().sparkContext().applicationId()));
        update(col("run_id").equalTo(runId), set, "resume run " + runId);
        LOG.info("run {} resumed under run key {} (it was {})", runId, store.runKey(), status);
        return new RunHandle(runId, command, now);
    }

    /** The top-level keys whose values differ between two JSON objects. */
    static String differences(String a, String b) {
        try {
            JsonNode x = JSON.readTree(a == null ? "{}" : a);
            JsonNode y = JSON.readTree(b);
            TreeSet<String> keys = new TreeSet<>();
            for (Iterator<String> it = x.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            for (Iterator<String> it = y.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            List<String> diff = new ArrayList<>();
            for (String k : keys) {
                if (!String.valueOf(x.get(k)).equals(String.valueOf(y.get(k)))) {
                    diff.add(k);
                }
            }
            return diff.isEmpty() ? "formatting only" : String.join(", ", diff);
        } catch (Exception e) {
            return "unreadable stored configuration";
        }
    }

    void end(RunHandle run, RunStatus status, String error, String summaryJson) {
        store.ensure(Tables.RUNS);
        Instant now = Instant.now();
        Map<String, Column> set = new HashMap<>();
        set.put("status", lit(status.name()));
        set.put("ended_at", lit(store.ts(now)));
        set.put("last_seen_at", lit(store.ts(now)));
        set.put("duration_s", lit((now.toEpochMilli() - run.startedAt().toEpochMilli()) / 1000.0));
        set.put("error", error == null ? lit(null).cast("string") : lit(error));
        set.put("summary_json", summaryJson == null ? lit(null).cast("string") : lit(summaryJson));
        update(col("run_id").equalTo(run.runId()), set, "end run " + run.runId());
    }

    void touch(RunHandle run) {
        Map<String, Column> set = new HashMap<>();
        set.put("last_seen_at", lit(store.ts(Instant.now())));
        set.put("status", lit(RunStatus.RUNNING.name()));
        set.put("ended_at", lit(null).cast("timestamp"));
        set.put("error", lit(null).cast("string"));
        update(
                col("run_id")
                        .equalTo(run.runId())
                        .and(col("status").isin(RunStatus.RUNNING.name(), RunStatus.ABANDONED.name())),
                set,
                "heartbeat of run " + run.runId());
    }

    int markAbandoned() {
        if (!store.exists(Tables.RUNS)) {
            return 0;
        }
        store.ensure(Tables.RUNS);
        Instant limit = Instant.now().minusMillis((long) (abandonedAfterSeconds() * 1000));
        Column lastSeen = coalesce(col("last_seen_at"), col("started_at"));
        Column stale = col("status").equalTo(RunStatus.RUNNING.name()).and(lastSeen.lt(lit(store.ts(limit))));
        long n = store.spark().read().format("delta").load(path()).where(stale).count();
        if (n == 0) {
            return 0;
        }
        Map<String, Column> set = new HashMap<>();
        set.put("status", lit(RunStatus.ABANDONED.name()));
        set.put("ended_at", lastSeen);
        String why = String.format(
                Locale.ROOT,
                "abandoned: the driver stopped reporting (no heartbeat for %.0f s; last seen ",
                abandonedAfterSeconds());
        set.put("error", concat(lit(why), lastSeen.cast("string"), lit(")")));
        update(stale, set, "mark abandoned runs");
        LOG.warn("marked {} run(s) ABANDONED (no heartbeat for {} s)", n, abandonedAfterSeconds());
        return (int) n;
    }

    private void update(Column where, Map<String, Column> set, String what) {
        DeltaRetry.retrying(what, () -> {
            DeltaTable.forPath(store.spark(), path()).update(where, set);
            return null;
        });
    }
}
