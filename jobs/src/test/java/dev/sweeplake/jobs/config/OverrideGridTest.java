package dev.sweeplake.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sweeplake.jobs.ctr.ModelOverrides;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ctr and reco benches' one grid expansion: order, binding, and bad input naming the key. */
class OverrideGridTest {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void crossesTheGridOverTheBaseLastKeyFastest() {
        ModelOverrides base = ModelOverrides.none();
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        grid.put("embedding_dim", List.of(F.numberNode(8), F.numberNode(16)));
        grid.put("learning_rate", List.of(F.numberNode(0.1), F.numberNode(0.01), F.numberNode(0.001)));
        List<OverrideGrid.Point<ModelOverrides>> points = OverrideGrid.points(base, grid, ModelOverrides.class);
        assertEquals(6, points.size());
        assertEquals(Optional.of(8), points.get(0).value().embeddingDim());
        assertEquals(Optional.of(0.01), points.get(1).value().learningRate());
        assertEquals(Optional.of(16), points.get(3).value().embeddingDim());
        assertEquals(Optional.of(0.1), points.get(3).value().learningRate());
        assertEquals(
                1, OverrideGrid.points(base, Map.of(), ModelOverrides.class).size());
    }

    @Test
    void badInputNamesTheKey() {
        InvalidValueException e = assertThrows(
                InvalidValueException.class,
                () -> OverrideGrid.points(
                        ModelOverrides.none(),
                        Map.of("embedding_dim", List.of(F.textNode("eight"))),
                        ModelOverrides.class));
        assertEquals("grid", e.key());
        assertTrue(e.getMessage().contains("embedding_dim"), e.getMessage());
        e = assertThrows(
                InvalidValueException.class,
                () -> OverrideGrid.points(
                        ModelOverrides.none(), Map.of("no_such_key", List.of(F.numberNode(1))), ModelOverrides.class));
        assertTrue(e.getMessage().contains("no_such_key"), e.getMessage());
        e = assertThrows(
                InvalidValueException.class,
                () -> OverrideGrid.check(Optional.of(Map.of("dropout", List.of())), Optional.empty()));
        assertEquals("grid.dropout", e.key());
        e = assertThrows(
                InvalidValueException.class, () -> OverrideGrid.check(Optional.empty(), Optional.of(List.of())));
        assertEquals("seeds", e.key());
    }
}
