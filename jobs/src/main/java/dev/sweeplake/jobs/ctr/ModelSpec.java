package dev.sweeplake.jobs.ctr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.InvalidValueException;
import dev.sweeplake.jobs.config.OverrideGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One lib-ctr model entry of a bench ({@code models:} list item): the model, its parameter overrides, an optional grid
 * (every combination of the listed values, applied on top of {@code params}) and the seeds each point trains with.
 *
 * @param model lr, fm, deepfm, dcnv2 or wide_deep
 * @param params overrides of lib-ctr's reference hyperparameters
 * @param grid parameter name -> values to cross (keys as in {@code params})
 * @param seeds training seeds (default [2019], FuxiCTR's)
 */
public record ModelSpec(
        ModelKind model,
        Optional<ModelOverrides> params,
        Optional<Map<String, List<JsonNode>>> grid,
        Optional<List<Long>> seeds) {

    public ModelSpec {
        if (model == null) {
            throw new InvalidValueException(
                    "model", "expected one of " + ConfigBinder.enumChoices(ModelKind.class) + ", got null");
        }
        OverrideGrid.check(grid, seeds);
        // Validate every point now (unknown keys, wrong types, lib-ctr's ranges), so a bad grid fails before Spark
        // starts.
        expand(model, params.orElse(ModelOverrides.none()), grid.orElse(Map.of()));
    }

    public List<Long> seedList() {
        return seeds.orElse(List.of(2019L));
    }

    /** The model parameters of every grid point, in a stable order (the grid's key order, last key fastest). */
    public List<ModelParams> points() {
        return expand(model, params.orElse(ModelOverrides.none()), grid.orElse(Map.of()));
    }

    private static List<ModelParams> expand(ModelKind kind, ModelOverrides base, Map<String, List<JsonNode>> grid) {
        List<ModelParams> out = new ArrayList<>();
        for (OverrideGrid.Point<ModelOverrides> o : OverrideGrid.points(base, grid, ModelOverrides.class)) {
            try {
                out.add(o.value().apply(ModelParams.defaults(kind)));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException(
                        OverrideGrid.where(grid),
                        String.format(
                                Locale.ROOT, "invalid %s parameters %s: %s", kind.id(), o.tree(), e.getMessage()));
            }
        }
        return out;
    }
}
