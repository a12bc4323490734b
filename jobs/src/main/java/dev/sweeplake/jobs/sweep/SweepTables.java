package dev.sweeplake.jobs.sweep;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.sweeplake.jobs.store.TableSpec;
import java.util.List;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The sweep engine's own table beside runs/trials/metrics. Key: sweep_id. One row per sweep, written once by its first
 * run: the settings that define what is searched (a later run with other settings is refused) including the sampler's and
 * scheduler's parameters.
 *
 * <p>Study ids in {@code trials}/{@code metrics}: {@code <sweep_id>/tune/default}, {@code <sweep_id>/tune/main},
 * {@code <sweep_id>/tune/random} and {@code <sweep_id>/test}.
 */
public final class SweepTables {
  private SweepTables() {}

  public static final TableSpec SWEEPS = new TableSpec("sweeps", new StructType(new StructField[] {
      new StructField("sweep_id", StringType, false, Metadata.empty()),
      new StructField("settings_hash", StringType, false, Metadata.empty()),
      new StructField("objective", StringType, false, Metadata.empty()),
      new StructField("metric", StringType, false, Metadata.empty()),
      new StructField("direction", StringType, false, Metadata.empty()),
      new StructField("fidelity", StringType, true, Metadata.empty()),
      new StructField("max_fidelity", DoubleType, true, Metadata.empty()),
      new StructField("sampler_json", StringType, true, Metadata.empty()),
      new StructField("scheduler_json", StringType, true, Metadata.empty()),
      new StructField("settings_json", StringType, false, Metadata.empty()),
      new StructField("config_json", StringType, false, Metadata.empty()),
      new StructField("created_run_id", StringType, false, Metadata.empty()),
      new StructField("created_at", TimestampType, false, Metadata.empty()),
  }), List.of("sweep_id"));

  public static String study(String sweepId, String arm) {
    return arm.equals("test") ? sweepId + "/test" : sweepId + "/tune/" + arm;
  }
}
