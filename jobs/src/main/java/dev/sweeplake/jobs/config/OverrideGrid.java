package dev.sweeplake.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code params} + {@code grid} + {@code seeds} of a bench's {@code models:} entry (ctr and reco benches): every
 * combination of the grid's values (last key fastest) applied on top of the {@code params} overrides and bound to the
 * overrides record, so that an unknown key, a wrong type or a bad range fails on the driver naming {@code params} or
 * {@code grid}. Stateless; thread-safe.
 */
public final class OverrideGrid {
    private OverrideGrid() {}

    /** Refuses an empty seed list and a grid key with no values. */
    public static void check(Optional<Map<String, List<JsonNode>>> grid, Optional<List<Long>> seeds) {
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
    }

    /** One grid point: the overrides as written (for messages) and bound. */
    public record Point<T>(JsonNode tree, T value) {}

    /** One bound overrides record per grid point, in a stable order (the grid's key order, last key fastest). */
    public static <T extends Record> List<Point<T>> points(T base, Map<String, List<JsonNode>> grid, Class<T> type) {
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
        List<Point<T>> out = new ArrayList<>(combos.size());
        for (ObjectNode c : combos) {
            try {
                out.add(new Point<>(c, ConfigBinder.bind(c, type, "")));
            } catch (ConfigException e) {
                throw new InvalidValueException(where(grid), e.getMessage());
            }
        }
        return out;
    }

    /** The key a bad point is reported under: {@code grid} when there is one, else {@code params}. */
    public static String where(Map<String, List<JsonNode>> grid) {
        return grid.isEmpty() ? "params" : "grid";
    }
}
