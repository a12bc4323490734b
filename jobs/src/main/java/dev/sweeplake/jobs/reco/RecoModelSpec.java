package dev.sweeplake.jobs.reco;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.InvalidValueException;
import dev.sweeplake.jobs.config.OverrideGrid;
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
        OverrideGrid.check(grid, seeds);
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
        return OverrideGrid.points(base, grid, RecoParams.class).stream()
                .map(p -> p.value().resolve(model))
                .toList();
    }
}
