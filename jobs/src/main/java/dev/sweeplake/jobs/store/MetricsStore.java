package dev.sweeplake.jobs.store;

import static org.apache.spark.sql.functions.col;

import dev.sweeplake.jobs.util.Errors;
import dev.sweeplake.jobs.util.Versions;
import io.delta.tables.DeltaTable;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Delta Lake metrics store: {@code runs}, {@code trials} and {@code metrics} under one warehouse.
 *
 * <p>Several drivers may write one warehouse at once (two sweeps, an Airflow retry beside a late original). Every insert
 * is an insert-only Delta {@code MERGE} on the table's key ({@link #insertIfAbsent}): Delta detects a concurrent writer
 * at commit and the loser re-runs its MERGE ({@link DeltaRetry}), which then inserts only the keys still missing, so no
 * row is lost or duplicated. Tables are created on first use with their fixed schema, tolerating a concurrent creator;
 * an existing table with another schema is refused with a message naming the differing columns (columns added in a
 * later release, {@link Tables#ADDED_LATER}, are added instead). The run lifecycle (start, heartbeat, end, abandoned
 * runs, {@code --run-key}) is in {@link RunLifecycle}.
 *
 * <p>Thread-safety: methods are {@code synchronized}; sweep threads may share one store. Separate stores (threads, JVMs,
 * hosts) may write the same warehouse concurrently.
 */
public final class MetricsStore {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsStore.class);
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final SparkSession spark;
    private final Warehouse warehouse;
    private final String runKey;
    private final Set<String> ensured = new HashSet<>();
    private final RunLifecycle runs = new RunLifecycle(this);

    public MetricsStore(SparkSession spark, Warehouse warehouse) {
        this(spark, warehouse, null);
    }

    /**
     * A store whose runs carry {@code runKey} ({@code --run-key}): {@link #startRun} resumes the run that holds the key
     * instead of starting another one (see {@link RunLifecycle}). Null: no key.
     */
    public MetricsStore(SparkSession spark, Warehouse warehouse, String runKey) {
        this.spark = spark;
        this.warehouse = warehouse;
        if (runKey != null && (runKey.isBlank() || runKey.length() > 256)) {
            throw dev.sweeplake.jobs.errors.SweeplakeErrors.usage(
                    "--run-key: expected 1 to 256 characters, got '%s'", runKey);
        }
        this.runKey = runKey;
    }

    /** The run key of this invocation, or null. */
    public String runKey() {
        return runKey;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public SparkSession spark() {
        return spark;
    }

    private Configuration hadoopConf() {
        return spark.sparkContext().hadoopConfiguration();
    }

    /** The qualified folder of a table. */
    public String path(TableSpec table) {
        return warehouse.tablePath(hadoopConf(), table.name());
    }

    /** Checks that the warehouse is writable; call before any work so that a bad warehouse fails fast. */
    public void checkWritable() {
        warehouse.checkWritable(hadoopConf());
    }

    /**
     * Creates the table if it is missing; refuses an existing table whose schema differs (after adding the columns of
     * {@link Tables#ADDED_LATER} it lacks) and a table folder that is a plain file. Idempotent, and safe against a
     * concurrent creator: losing the creation race means finding the winner's table on the next look.
     */
    public synchronized void ensure(TableSpec table) {
        if (ensured.contains(table.name())) {
            return;
        }
        String path = path(table);
        checkLocation(table, path);
        for (int attempt = 1; ; attempt++) {
            if (DeltaTable.isDeltaTable(spark, path)) {
                StructType existing = spark.read().format("delta").load(path).schema();
                existing = addLaterColumns(table, existing, path);
                checkSchema(table, existing, path);
                break;
            }
            try {
                DeltaTable.createIfNotExists(spark)
                        .location(path)
                        .addColumns(table.schema())
                        .execute();
                LOG.info("created Delta table {} at {}", table.name(), path);
                break;
            } catch (Exception e) { // a concurrent creator: a commit conflict or
                // DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION
                if (attempt >= 8) {
                    throw DeltaRetry.<RuntimeException>sneaky(e);
                }
                LOG.info("creating {} raced with another writer (attempt {}): {}", path, attempt, Errors.oneLine(e));
                DeltaRetry.backoff(attempt);
            }
        }
        warehouse
                .catalogSchema()
                .ifPresent(schema -> DeltaRetry.retrying("register " + table.name(), () -> {
                    spark.sql("CREATE SCHEMA IF NOT EXISTS " + schema);
                    spark.sql(String.format(
                            Locale.ROOT,
                            "CREATE TABLE IF NOT EXISTS %s.%s USING DELTA LOCATION '%s'",
                            schema,
                            table.name(),
                            path.replace("'", "\\'")));
                    return null;
                }));
        ensured.add(table.name());
    }

    /** A table folder that exists as a plain file (or a non-Delta folder with files) is a warehouse error. */
    private void checkLocation(TableSpec table, String path) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        try {
            org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(hadoopConf());
            if (fs.exists(p) && !fs.getFileStatus(p).isDirectory()) {
                throw new Warehouse.WarehouseException(String.format(
                        Locale.ROOT,
                        "warehouse '%s': table '%s' must be a Delta table folder, actual a plain file (%s); move it away or use "
                                + "another --warehouse",
                        warehouse.location(),
                        table.name(),
                        path));
            }
        } catch (java.io.IOException e) {
            throw new Warehouse.WarehouseException(
                    String.format(
                            Locale.ROOT,
                            "warehouse '%s': cannot read table '%s' at %s: %s",
                            warehouse.location(),
                            table.name(),
                            path,
                            Errors.oneLine(e)),
                    e);
        }
    }

    private StructType addLaterColumns(TableSpec table, StructType existing, String path) {
        List<String> have = List.of(existing.fieldNames());
        List<String> missing = Tables.ADDED_LATER.getOrDefault(table.name(), List.of()).stream()
                .filter(c -> !have.contains(c))
                .toList();
        if (missing.isEmpty()) {
            return existing;
        }
        String cols = String.join(
                ", ",
                missing.stream()
                        .map(c -> "`" + c + "` "
                                + table.schema().apply(c).dataType().sql())
                        .toList());
        DeltaRetry.retrying("add columns to " + table.name(), () -> {
            List<String> now =
                    List.of(spark.read().format("delta").load(path).schema().fieldNames());
            if (!now.containsAll(missing)) {
                spark.sql(String.format(
                        Locale.ROOT, "ALTER TABLE delta.`%s` ADD COLUMNS (%s)", path.replace("`", "``"), cols));
            }
            return null;
        });
        LOG.info("added columns {} to table {} at {}", missing, table.name(), path);
        return spark.read().format("delta").load(path).schema();
    }

    private static void checkSchema(TableSpec table, StructType existing, String path) {
        Map<String, String> want = new HashMap<>();
        for (StructField f : table.schema().fields()) {
            want.put(f.name(), f.dataType().simpleString());
        }
        Map<String, String> have = new HashMap<>();
        for (StructField f : existing.fields()) {
            have.put(f.name(), f.dataType().simpleString());
        }
        if (!want.equals(have)) {
            List<String> diffs = new ArrayList<>();
            want.forEach((k, v) -> {
                if (!v.equals(have.get(k))) {
                    diffs.add(k + " expected " + v + ", found " + (have.containsKey(k) ? have.get(k) : "nothing"));
                }
            });
            have.keySet().stream().filter(k -> !want.containsKey(k)).forEach(k -> diffs.add(k + " is not expected"));
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "table %s at %s has an incompatible schema: %s",
                    table.name(),
                    path,
                    String.join("; ", diffs)));
        }
    }

    /**
     * Inserts the rows whose key is not yet in the table; rows whose key is already present are left as they are, and
     * duplicate keys within {@code rows} keep the first. Returns the number of rows this call inserted.
     *
     * <p>How: one insert-only Delta {@code MERGE} on the key columns (Delta appends the source rows that match no target
     * row, without rewriting files). Safe with concurrent writers: a MERGE that commits after another writer's commit on
     * the same table fails with a concurrent-modification error and is re-run ({@link DeltaRetry}), then finds the keys
     * the winner inserted. A crash leaves either no rows of the batch or all of them.
     */
    public synchronized int insertIfAbsent(TableSpec table, List<Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        ensure(table);
        StructType schema = table.schema();
        int[] keyIdx = table.key().stream().mapToInt(schema::fieldIndex).toArray();
        Map<List<Object>, Row> unique = new LinkedHashMap<>();
        for (Row r : rows) {
            unique.putIfAbsent(keyOf(r, keyIdx), r);
        }
        List<Row> batch = new ArrayList<>(unique.values());
        String first = table.key().get(0);
        Object[] firstValues =
                unique.keySet().stream().map(k -> k.get(0)).distinct().toArray();
        Column on = null;
        for (String k : table.key()) {
            Column eq = col("t." + k).equalTo(col("s." + k));
            on = on == null ? eq : on.and(eq);
        }
        // The target-only IN lets Delta skip the files that cannot hold one of the batch's keys.
        Column condition = firstValues.length <= 1000 ? on.and(col("t." + first).isin(firstValues)) : on;
        long inserted = DeltaRetry.retrying("insert into " + table.name(), () -> {
            Dataset<Row> source = spark.createDataFrame(batch, schema).coalesce(1);
            Row metrics = DeltaTable.forPath(spark, path(table))
                    .as("t")
                    .merge(source.as("s"), condition)
                    .whenNotMatched()
                    .insertAll()
                    .execute()
                    .first();
            return metrics.getLong(metrics.fieldIndex("num_inserted_rows"));
        });
        return (int) inserted;
    }

    private static List<Object> keyOf(Row r, int[] keyIdx) {
        List<Object> k = new ArrayList<>(keyIdx.length);
        for (int i : keyIdx) {
            k.add(r.get(i));
        }
        return k;
    }

    /**
     * Starts a run: marks abandoned runs first, then inserts the run's row with status RUNNING and returns its handle; with
     * a run key, resumes the run that holds the key instead (see {@link RunLifecycle#start}).
     */
    public synchronized RunHandle startRun(String command, String configJson) {
        return runs.start(command, configJson);
    }

    /** Marks the run SUCCEEDED and stores its JSON summary (retried on a concurrent write). */
    public void finishRun(RunHandle run, String summaryJson) {
        runs.end(run, RunStatus.SUCCEEDED, null, summaryJson);
    }

    /** Marks the run FAILED with the error's one-line message (retried on a concurrent write). */
    public void failRun(RunHandle run, String error) {
        runs.end(run, RunStatus.FAILED, error, null);
    }

    /** Heartbeat: records that the run's driver is alive ({@code runs.last_seen_at}). */
    public void touchRun(RunHandle run) {
        runs.touch(run);
    }

    /**
     * Marks every RUNNING run whose driver has not reported for {@link RunLifecycle#abandonedAfterSeconds()} as ABANDONED.
     * Returns how many were marked. No-op when there is no {@code runs} table yet; best effort (a failure is logged).
     */
    public int markAbandonedRuns() {
        try {
            return runs.markAbandoned();
        } catch (Exception e) { // best effort: a read-only warehouse still lists its tables (Delta throws undeclared)
            LOG.warn("could not mark abandoned runs in {}: {}", warehouse.location(), Errors.oneLine(e));
            return 0;
        }
    }

    /** Row values for the runs table, in its schema's order. */
    Row runRow(String runId, String command, String configJson, Instant now) {
        return RowFactory.create(
                runId,
                command,
                RunStatus.RUNNING.name(),
                configJson,
                Versions.code(),
                spark.version(),
                spark.sparkContext().master(),
                spark.sparkContext().applicationId(),
                System.getProperty("user.name"),
                hostName(),
                ts(now),
                null,
                null,
                null,
                null,
                ts(now),
                runKey);
    }

    static String newRunId(Instant now) {
        return RUN_ID_TIME.format(now) + "-"
                + String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** Records trial attempts and their metric values (two idempotent inserts: metrics first, then trials). */
    public synchronized void recordTrials(RunHandle run, List<TrialRecord> trials) {
        List<Row> trialRows = new ArrayList<>(trials.size());
        List<Row> metricRows = new ArrayList<>();
        Object now = ts(Instant.now());
        for (TrialRecord t : trials) {
            trialRows.add(RowFactory.create(
                    t.studyId(),
                    t.trialId(),
                    t.attempt(),
                    run.runId(),
                    t.benchmark(),
                    t.paramsJson(),
                    t.seed(),
                    t.seedRole().name().toLowerCase(Locale.ROOT),
                    t.fidelity(),
                    t.datasetVersion(),
                    t.state().name(),
                    t.reusedFrom(),
                    ts(t.startedAt()),
                    ts(t.endedAt()),
                    t.durationSeconds(),
                    t.error(),
                    t.executor()));
            for (MetricValue m : t.metrics()) {
                metricRows.add(RowFactory.create(
                        run.runId(),
                        t.studyId(),
                        t.trialId(),
                        t.attempt(),
                        m.name(),
                        m.step(),
                        Double.isFinite(m.value()) ? m.value() : null,
                        now));
            }
        }
        // Metrics first: a trial row is the marker that the attempt is complete (resume reads trials). A concurrent
        // writer
        // may have recorded the same attempt first: then its metrics won, and its trial row (not ours) must go with
        // them.
        int inserted = insertIfAbsent(Tables.METRICS, metricRows);
        if (inserted < metricRows.size()) {
            trialRows = ownedTrials(run, trialRows);
        }
        insertIfAbsent(Tables.TRIALS, trialRows);
    }

    /** The trial rows whose metrics (if any) were written by {@code run}: another run's metrics keep their own trial row. */
    private List<Row> ownedTrials(RunHandle run, List<Row> trialRows) {
        Object[] ids = trialRows.stream().map(r -> r.get(1)).distinct().toArray();
        Set<List<Object>> others = new HashSet<>();
        for (Row r : spark.read()
                .format("delta")
                .load(path(Tables.METRICS))
                .where(col("trial_id").isin(ids).and(col("run_id").notEqual(run.runId())))
                .select("trial_id", "attempt")
                .distinct()
                .collectAsList()) {
            others.add(List.of(r.get(0), r.get(1)));
        }
        if (others.isEmpty()) {
            return trialRows;
        }
        LOG.info("{} trial attempts were recorded by another run first; keeping its rows", others.size());
        return trialRows.stream()
                .filter(r -> !others.contains(List.of(r.get(1), r.get(2))))
                .toList();
    }

    /** Rows in a table (0 when it does not exist yet). */
    public synchronized long count(TableSpec table) {
        String path = path(table);
        return DeltaTable.isDeltaTable(spark, path)
                ? spark.read().format("delta").load(path).count()
                : 0L;
    }

    /** Reads a table, creating it first if needed. */
    public Dataset<Row> read(TableSpec table) {
        ensure(table);
        return spark.read().format("delta").load(path(table));
    }

    /** Whether the table exists already. */
    public boolean exists(TableSpec table) {
        return DeltaTable.isDeltaTable(spark, path(table));
    }

    Object ts(Instant instant) {
        if (instant == null) {
            return null;
        }
        boolean java8 = Boolean.parseBoolean(spark.conf().get("spark.sql.datetime.java8API.enabled", "false"));
        return java8 ? instant : Timestamp.from(instant);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return null;
        }
    }

    /** A run's lifecycle state. ABANDONED: its driver stopped reporting while RUNNING (killed, lost host). */
    public enum RunStatus {
        RUNNING,
        SUCCEEDED,
        FAILED,
        ABANDONED
    }
}
