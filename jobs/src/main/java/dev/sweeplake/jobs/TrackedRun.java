package dev.sweeplake.jobs;

import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.Tables;
import dev.sweeplake.jobs.util.Errors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job body as one row of the {@code runs} table: the warehouse is checked first (fail fast, nothing written), the
 * resolved config is logged once and stored, and the run ends SUCCEEDED with the result's JSON or FAILED with the error.
 */
public final class TrackedRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrackedRun.class);

  private TrackedRun() {}

  public static <R extends JobResult> R run(JobContext ctx, String command, Object config, Function<RunHandle, R> body) {
    String configJson = ConfigLoader.toJson(config);
    LOG.info("resolved configuration for {}: {}", command, configJson);
    ctx.store().checkWritable();
    for (var t : Tables.CORE) {
      ctx.store().ensure(t);
    }
    RunHandle run = ctx.store().startRun(command, configJson);
    R result;
    try {
      result = body.apply(run);
    } catch (RuntimeException | Error e) {
      try {
        ctx.store().failRun(run, Errors.oneLine(e));
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    var json = result.toJson();
    if (!json.has("run_id")) {
      json.put("run_id", run.runId());
    }
    ctx.store().finishRun(run, json.toString());
    return result;
  }
}
