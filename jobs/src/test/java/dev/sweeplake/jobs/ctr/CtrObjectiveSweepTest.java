package dev.sweeplake.jobs.ctr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.sweep.Objectives;
import dev.sweeplake.jobs.sweep.SweepConfig;
import dev.sweeplake.jobs.sweep.SweepJob;
import dev.sweeplake.jobs.sweep.SweepResult;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The registered {@code ctr} objective runs inside the sweep engine (trials as Spark tasks, epochs fidelity). */
@ExtendWith(SparkExtension.class)
class CtrObjectiveSweepTest {
    static final String SWEEP = """
      name: ctr-small
      benchmark:
        objective: ctr
        metric: valid_auc
        direction: maximize
        options:
          dataset:
            kind: synthetic
            synthetic: {fields: 4, cardinality: 15, rank: 3, interaction_scale: 0.9, train_rows: 3000,
                        valid_rows: 800, test_rows: 800, seed: 5}
      space:
        model: {type: categorical, values: [lr, fm]}
        learning_rate: {type: categorical, values: [0.01]}
        batch_size: {type: categorical, values: [256]}
      sampler: {kind: grid}
      scheduler: {kind: none, fidelity: epochs, max_resource: 3}
      seeds: {tune: [1], test: [11]}
      execution: {parallelism: 2, flush_interval_s: 60}
      phases: {top_n: 1, default_trial: false, random_arm: false}
      """;

    @Test
    void sweepPicksFmOnPlantedInteractions(SparkSession spark, @TempDir Path wh) {
        SweepConfig c = ConfigBinder.bind(ConfigLoader.parseYaml(SWEEP, "test"), SweepConfig.class, "");
        SweepResult r = SweepJob.run(JobContext.of(spark, wh.toString()), c);
        assertEquals(0, r.failed() + r.timedOut(), r.toJson().toString());
        assertEquals(
                3, r.computed(), r.toJson().toString()); // 2 grid points on the tune seed + the best on one test seed
        JsonNode best = r.toJson().get("best");
        assertEquals("fm", best.get("params").get("model").asText(), best.toString());
    }

    @Test
    void badSpaceAndDatasetAreConfigErrors() {
        JsonNode options = ConfigLoader.parseYaml("dataset: {kind: synthetic}", "test");
        var objective = Objectives.create("ctr", options);
        assertEquals("synthetic-fm", objective.defaultDataset());
        ConfigException e = assertThrows(ConfigException.class, () -> objective.datasetVersion("movielens-ctr"));
        assertTrue(e.getMessage().contains("configured for dataset 'synthetic-fm'"), e.getMessage());
        e = assertThrows(
                ConfigException.class,
                () -> Objectives.create(
                        "ctr", ConfigLoader.parseYaml("dataset: {kind: synthetic}\nepochs: 3", "test")));
        assertTrue(e.getMessage().contains("benchmark.options.epochs"), e.getMessage());
    }
}
