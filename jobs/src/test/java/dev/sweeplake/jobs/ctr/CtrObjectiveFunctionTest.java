package dev.sweeplake.jobs.ctr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.train.TrainingListener;
import dev.sweeplake.jobs.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep-facing objective (params, seed, epochs) -> metrics on a small synthetic task; no Spark. */
class CtrObjectiveFunctionTest {
    static final String OPTIONS = """
      dataset:
        kind: synthetic
        synthetic: {fields: 4, cardinality: 15, rank: 2, train_rows: 3000, valid_rows: 800, test_rows: 800, seed: 3}
      """;

    @Test
    void epochsFidelityDeterminismAndParameterChecks() {
        CtrObjectiveFunction f = new CtrObjectiveFunction(ConfigLoader.parseYaml(OPTIONS, "test"));
        Map<String, Object> fm = Map.of("model", "fm", "embedding_dim", 4, "learning_rate", 0.01, "batch_size", 256);
        Map<String, Double> one = f.evaluate(fm, 5L, 1, 1, TrainingListener.NONE);
        Map<String, Double> three = f.evaluate(fm, 5L, 3, 1, TrainingListener.NONE);
        assertEquals(CtrObjectiveFunction.METRICS, List.copyOf(one.keySet()));
        assertEquals(1.0, one.get("epochs_run"));
        assertTrue(three.get("epochs_run") >= 2 && three.get("epochs_run") <= 3, three.toString());
        assertTrue(three.get("valid_auc") > one.get("valid_auc"), one + " vs " + three);
        assertEquals(
                three.get("test_auc"),
                f.evaluate(fm, 5L, 3, 1, TrainingListener.NONE).get("test_auc"),
                0.0);
        assertTrue(f.datasetVersion().matches("[0-9a-f]{16}-[0-9a-f]{8}"), f.datasetVersion());

        assertEquals(
                List.of(64, 64),
                CtrObjectiveFunction.modelParams(Map.of("model", "deepfm", "mlp_width", 64, "mlp_layers", 2))
                        .hiddenUnits());
        assertEquals(
                ModelKind.DCNV2,
                CtrObjectiveFunction.modelParams(Map.of("model", "dcnv2")).kind());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> f.evaluate(Map.of("model", "fm", "embeding_dim", 4), 1L, 1, 1, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("unknown parameter 'embeding_dim'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> CtrObjectiveFunction.modelParams(Map.of("model", "fm", "l2_embedding", 5.0)));
        assertTrue(e.getMessage().contains("l2Embedding"), e.getMessage());
    }
}
