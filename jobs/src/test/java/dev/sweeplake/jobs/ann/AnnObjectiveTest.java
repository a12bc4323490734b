package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.sweep.Objectives;
import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import dev.sweeplake.jobs.sweep.spi.TrialContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ann sweep objective on the bundled digits, without Spark (the engine runs it inside a task). */
class AnnObjectiveTest {
    private static TrialContext trial(Map<String, Object> overrides) {
        AnnObjective o = new AnnObjective(null);
        Map<String, Object> p = new HashMap<>(o.defaults());
        p.putAll(overrides);
        return new TrialContext(p, 1, null, Double.NaN, "digits", 1, "t", null);
    }

    @Test
    void hnswAndExactScoreAgainstTheExactGroundTruth() {
        AnnObjective o = new AnnObjective(null);
        Map<String, Double> flat = o.evaluate(trial(Map.of("engine", "flat")));
        assertEquals(1.0, flat.get("recall_at_10"), 1e-12);
        assertEquals(flat.get("qps"), flat.get("score"), 1e-9);
        Map<String, Double> hnsw = o.evaluate(trial(Map.of("engine", "hnsw", "ef", 40)));
        assertTrue(hnsw.get("recall_at_10") > 0.95 && hnsw.get("recall_at_10") <= 1.0, hnsw.toString());
        assertTrue(hnsw.get("bytes") > 1597 * 64 * 4, hnsw.toString());
        // A sweep drops inactive conditional parameters: the objective's defaults stand in for them.
        Map<String, Double> dropped = o.evaluate(
                new TrialContext(Map.of("engine", "hnsw", "ef", 40), 1, null, Double.NaN, "digits", 1, "t", null));
        assertTrue(dropped.get("recall_at_10") > 0.95, dropped.toString());
        Map<String, Double> poor = o.evaluate(trial(Map.of("engine", "ivf-flat", "nlist", 64, "nprobe", 1)));
        assertTrue(poor.get("recall_at_10") < 0.95, poor.toString());
        assertEquals(
                poor.get("recall_at_10") - 1, poor.get("score"), 1e-12, "below the recall bar the score is recall - 1");
    }

    @Test
    void refusesUnknownParametersDatasetsAndOptions() throws Exception {
        AnnObjective o = (AnnObjective) Objectives.create("ann", null);
        ObjectMapper json = new ObjectMapper();
        SearchSpace bad =
                SearchSpace.parse(json.readTree("{\"lr\": {\"type\": \"float\", \"low\": 0.1, \"high\": 1}}"), 3);
        String m = assertThrows(ConfigException.class, () -> o.checkSpace(bad)).getMessage();
        assertTrue(m.contains("config key 'space.lr': the ann objective takes parameters"), m);
        SearchSpace badEngine = SearchSpace.parse(
                json.readTree("{\"engine\": {\"type\": \"categorical\", \"values\": [\"annoy\"]}}"), 3);
        m = assertThrows(ConfigException.class, () -> o.checkSpace(badEngine)).getMessage();
        assertTrue(m.contains("values from [flat, hnsw, ivf-flat, ivf-pq]"), m);
        m = assertThrows(ConfigException.class, () -> o.datasetVersion("sift1m"))
                .getMessage();
        assertTrue(m.contains("datasets [digits, mnist-t10k], got 'sift1m'"), m);
        m = assertThrows(ConfigException.class, () -> new AnnObjective(json.readTree("{\"min_recall\": 2}")))
                .getMessage();
        assertTrue(m.contains("benchmark.options.min_recall"), m);
    }
}
