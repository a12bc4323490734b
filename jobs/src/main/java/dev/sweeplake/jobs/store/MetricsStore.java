package dev.sweeplake.jobs.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.sweeplake.jobs.Versions;
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
 * <p>Only the driver writes. Every write of trials and metrics inserts only the rows whose key is not yet in the table
 * ({@link #insertIfAbsent}), so writing the same batch twice (a retry, a resumed sweep) never duplicates a row. Tables are created on first use with their fixed
 * schema; an existing table with another schema is refused with a message naming the differing columns.
 *
 * <p>Thread-safety: methods are {@code synchronized}; sweep threads may share one store.
 */
public final class MetricsStore {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsStore.class);
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Set<String> ensured = new HashSet<>();

  public MetricsStore(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
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

  /** Creates the table if it is missing; refuses an existing table whose schema differs. Idempotent. */
  public synchronized void ensure(TableSpec table) {
    if (ensured.contains(table.name())) {
      return;
    }
    String path = path(table);
    if (DeltaTable.isDeltaTable(spark, path)) {
      StructType existing = spark.read().format("delta").load(path).schema();
      checkSchema(table, existing, path);
    } else {
      DeltaTable.createIfNotExists(spark).location(path).addColumns(table.schema()).execute();
      LOG.info("created Delta table {} at {}", table.name(), path);
    }
    warehouse.catalogSchema().ifPresent(schema -> {
      spark.sql("CREATE SCHEMA IF NOT EXISTS " + schema);
      spark.sql(String.format(Locale.ROOT, "CREATE TABLE IF NOT EXISTS %s.%s USING DELTA LOCATION '%s'", schema,
          table.name(), path.replace("'", "\\'")));
    });
    ensured.add(table.name());
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
      throw new IllegalStateException(String.format(Locale.ROOT, "table %s at %s has an incompatible schema: %s",
          table.name(), path, String.join("; ", diffs)));
    }
  }

  /**
   * Inserts the rows whose key is not yet in the table; rows whose key is already present are left as they are, and
   * duplicate keys within {@code rows} keep the first. Returns the number of rows inserted.
   *
   * <p>How: the existing keys among the batch's are read with a filter on the first key column (data skipping keeps this
   * cheap), the batch is reduced to the missing ones and appended in one Delta commit. This is exact because only the
   * driver writes (calls are serialized here) and a Delta append is atomic: a crash leaves either no rows or all of them,
   * and a retry or a resumed run inserts only what is missing. It costs far less than a MERGE, which rewrites files.
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
    String first = table.key().get(0);
    Object[] firstValues = unique.keySet().stream().map(k -> k.get(0)).distinct().toArray();
    Set<List<Object>> existing = new HashSet<>();
    for (Row r : spark.read().format("delta").load(path(table)).filter(col(first).isin(firstValues))
        .select(table.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new)).collectAsList()) {
      List<Object> k = new ArrayList<>(keyIdx.length);
      for (int i = 0; i < keyIdx.length; i++) {
        k.add(r.get(i));
      }
      existing.add(k);
    }
    List<Row> missing = new ArrayList<>();
    unique.forEach((k, r) -> {
      if (!existing.contains(k)) {
        missing.add(r);
      }
    });
    if (!missing.isEmpty()) {
      spark.createDataFrame(missing, schema).coalesce(1).write().format("delta").mode("append").save(path(table));
    }
    return missing.size();
  }

  private static List<Object> keyOf(Row r, int[] keyIdx) {
    List<Object> k = new ArrayList<>(keyIdx.length);
    for (int i : keyIdx) {
      k.add(r.get(i));
    }
    return k;
  }

  /** Starts a run: inserts its row with status RUNNING and returns its handle. */
  public synchronized RunHandle startRun(String command, String configJson) {
    Instant now = Instant.now();
    String runId = RUN_ID_TIME.format(now) + "-" + String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    Row row = RowFactory.create(runId, command, RunStatus.RUNNING.name(), configJson, Versions.code(),
        spark.version(), spark.sparkContext().master(), spark.sparkContext().applicationId(),
        System.getProperty("user.name"), hostName(), ts(now), null, null, null, null);
    insertIfAbsent(Tables.RUNS, List.of(row));
    LOG.info("run {} started ({})", runId, command);
    return new RunHandle(runId, command, now);
  }

  /** Marks the run SUCCEEDED and stores its JSON summary. */
  public void finishRun(RunHandle run, String summaryJson) {
    endRun(run, RunStatus.SUCCEEDED, null, summaryJson);
  }

  /** Marks the run FAILED with the error's one-line message. */
  public void failRun(RunHandle run, String error) {
    endRun(run, RunStatus.FAILED, error, null);
  }

  private synchronized void endRun(RunHandle run, RunStatus status, String error, String summaryJson) {
    ensure(Tables.RUNS);
    Instant now = Instant.now();
    Map<String, Column> set = new HashMap<>();
    set.put("status", lit(status.name()));
    set.put("ended_at", lit(ts(now)));
    set.put("duration_s", lit((now.toEpochMilli() - run.startedAt().toEpochMilli()) / 1000.0));
    set.put("error", error == null ? lit(null).cast("string") : lit(error));
    set.put("summary_json", summaryJson == null ? lit(null).cast("string") : lit(summaryJson));
    DeltaTable.forPath(spark, path(Tables.RUNS)).update(col("run_id").equalTo(run.runId()), set);
  }

  /** Records trial attempts and their metric values (two idempotent inserts: metrics first, then trials). */
  public synchronized void recordTrials(RunHandle run, List<TrialRecord> trials) {
    List<Row> trialRows = new ArrayList<>(trials.size());
    List<Row> metricRows = new ArrayList<>();
    Object now = ts(Instant.now());
    for (TrialRecord t : trials) {
      trialRows.add(RowFactory.create(t.studyId(), t.trialId(), t.attempt(), run.runId(), t.benchmark(), t.paramsJson(),
          t.seed(), t.seedRole().name().toLowerCase(Locale.ROOT), t.fidelity(), t.datasetVersion(), t.state().name(),
          t.reusedFrom(), ts(t.startedAt()), ts(t.endedAt()), t.durationSeconds(), t.error(), t.executor()));
      for (MetricValue m : t.metrics()) {
        metricRows.add(RowFactory.create(run.runId(), t.studyId(), t.trialId(), t.attempt(), m.name(), m.step(),
            Double.isFinite(m.value()) ? m.value() : null, now));
      }
    }
    // Metrics first: a trial row is the marker that the attempt is complete (resume reads trials).
    insertIfAbsent(Tables.METRICS, metricRows);
    insertIfAbsent(Tables.TRIALS, trialRows);
  }

  /** Rows in a table (0 when it does not exist yet). */
  public synchronized long count(TableSpec table) {
    String path = path(table);
    return DeltaTable.isDeltaTable(spark, path) ? spark.read().format("delta").load(path).count() : 0L;
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

  private Object ts(Instant instant) {
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

  /** A run's lifecycle state. */
  public enum RunStatus { RUNNING, SUCCEEDED, FAILED }
}
