package dev.sweeplake.jobs.reco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code models:} entry of a reco bench: the model, parameter overrides, an optional grid (every combination,
 * last key fastest, applied on top of {@code params}) and the seeds (ALS initialisation; the lib-ctr models are
 * deterministic, so they run once per point whatever the seeds).
 *
 * @param model popularity, itemknn, ease, als or als-implicit
 * @param params overrides ({@link RecoParams})
 * @param grid parameter name -> values
 * @param seeds seeds (default [42])
 */
public record RecoModelSpec(
        RecoModel model,
        Optional<RecoParams> params,
        Optional<Map<String, List<JsonNode>>> grid,
        Optional<List<Long>> seeds) {

    public RecoModelSpec {
        if (model == null) {
            throw new InvalidValueException(
                    "model", "expected one of " + ConfigBinder.enumChoices(RecoModel.class) + ", got null");
        }
        if (seeds.isPresent() && seeds.get().isEmpty()) {
            throw new InvalidValueException("seeds", "expected a non-empty list of seeds, got []");
        }
        if (grid.isPresent()) {
            for (var e : grid.get().entrySet()) {
                if (e.getValue().isEmpty()) {
                    throw new InvalidValueException(
                            "grid." + e.getKey(), "expected a non-empty list of values, got []");
                }
            }
        }
        points(model, params.orElse(RecoParams.none()), grid.orElse(Map.of()));
    }

    /** Seeds a point runs with: the configured ones for ALS, the first only for the deterministic models. */
    public List<Long> seedList() {
        List<Long> s = seeds.orElse(List.of(42L));
        return model.isSpark() ? s : List.of(s.get(0));
    }

    public List<RecoParams.Point> points() {
        return points(model, params.orElse(RecoParams.none()), grid.orElse(Map.of()));
    }

    private static List<RecoParams.Point> points(RecoModel model, RecoParams base, Map<String, List<JsonNode>> grid) {
        List<ObjectNode> combos = new ArrayList<>();
        combos.add((ObjectNode) ConfigBinder.toTree(base));
        for (var e : grid.entrySet()) {
            List<ObjectNode> next = new ArrayList<>();
            for (ObjectNode c : combos) {
                for (JsonNode v : e.getValue()) {
                    ObjectNode n = c.deepCopy();
                    n.set(e.getKey(), v);
                    next.add(n);
                }
            }
            combos = next;
        }
        List<RecoParams.Point> out = new ArrayList<>();
        for (ObjectNode c : combos) {
            RecoParams p;
            try {
                p = ConfigBinder.bind(c, RecoParams.class, "");
            } catch (ConfigException e) {
                throw new InvalidValueException(grid.isEmpty() ? "params" : "grid", e.getMessage());
            }
            out.add(p.resolve(model));
        }
        return out;
    }
}
