package dev.sweeplake.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    static JsonNode yaml(String text) {
        return ConfigLoader.parseYaml(text, "test");
    }

    static final String ANN = """
      engine: {type: categorical, values: [hnsw, ivfpq]}
      m: {type: int, low: 8, high: 32, grid: [8, 16], when: {engine: hnsw}}
      pq_m: {type: int, low: 4, high: 16, grid: [4, 8, 16], when: {engine: ivfpq}}
      lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
      """;

    /** The space's description is part of the sweep's settings hash: it must not change with the code's shape. */
    static final String ANN_DESCRIBED =
            "[{\"name\":\"engine\",\"type\":\"categorical\",\"values\":[\"hnsw\",\"ivfpq\"],\"grid\":[\"hnsw\",\"ivfpq\"],\"default\":\"hnsw\"},"
                    + "{\"name\":\"m\",\"type\":\"int\",\"low\":8.0,\"high\":32.0,\"log\":false,\"grid\":[8,16],\"default\":20,\"when\":{\"engine\":[\"hnsw\"]}},"
                    + "{\"name\":\"pq_m\",\"type\":\"int\",\"low\":4.0,\"high\":16.0,\"log\":false,\"grid\":[4,8,16],\"default\":10,\"when\":{\"engine\":[\"ivfpq\"]}},"
                    + "{\"name\":\"lr\",\"type\":\"float\",\"low\":1.0E-4,\"high\":0.1,\"log\":true,\"grid\":[1.0E-4,0.00316227766017,0.1],\"default\":0.00316227766017},"
                    + "{\"name\":\"x\",\"type\":\"float\",\"low\":-1.0,\"high\":1.0,\"log\":false,\"grid\":[-1.0,0.0,1.0],\"default\":0.25,\"when\":{\"engine\":[\"hnsw\",\"ivfpq\"],\"m\":[8]}}]";

    @Test
    void parametersAreOneRecordPerKindAndTheDescriptionIsPinned() {
        SearchSpace s = SearchSpace.parse(yaml(ANN + """
              x: {type: float, low: -1, high: 1, default: 0.25, when: {engine: [hnsw, ivfpq], m: 8}}
              """), 3);
        assertTrue(s.param("engine") instanceof SearchSpace.CategoricalParam);
        assertTrue(s.param("m") instanceof SearchSpace.IntParam);
        assertTrue(s.param("lr") instanceof SearchSpace.FloatParam f && f.log());
        assertEquals(ANN_DESCRIBED, ConfigLoader.toJson(s.describe()));
    }

    @Test
    void parameterRecordsRefuseBadRangesNamingTheParameter() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new SearchSpace.IntParam("layers", 4, 1, List.of(), 2L, Map.of()));
        assertTrue(e.getMessage().contains("layers") && e.getMessage().contains("[4, 1]"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new SearchSpace.FloatParam("lr", 0, 1, true, List.of(), 0.5, Map.of()));
        assertTrue(e.getMessage().contains("lr") && e.getMessage().contains("low > 0"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new SearchSpace.CategoricalParam("engine", List.of(), null, Map.of()));
        assertTrue(e.getMessage().contains("engine"), e.getMessage());
        UnsupportedOperationException u = assertThrows(
                UnsupportedOperationException.class,
                () -> new SearchSpace.CategoricalParam("engine", List.of("a"), "a", Map.of()).low());
        assertTrue(u.getMessage().contains("engine"), u.getMessage());
    }

    @Test
    void gridExpandsConditionalsOnlyWhereActive() {
        SearchSpace s = SearchSpace.parse(yaml(ANN), 3);
        List<Map<String, Object>> grid = s.grid();
        // hnsw: 2 m x 3 lr; ivfpq: 3 pq_m x 3 lr
        assertEquals(2 * 3 + 3 * 3, grid.size());
        assertEquals(grid.size(), new HashSet<>(grid).size());
        for (Map<String, Object> c : grid) {
            assertEquals(c.get("engine").equals("hnsw"), c.containsKey("m"), c.toString());
            assertEquals(c.get("engine").equals("ivfpq"), c.containsKey("pq_m"), c.toString());
        }
        // log grid: 1e-4, 1e-2.5, 1e-1
        assertTrue(grid.stream().anyMatch(c -> c.get("lr").equals(1.0e-4)));
        assertTrue(grid.stream().anyMatch(c -> c.get("lr").equals(0.1)));
    }

    @Test
    void canonicalConfigDropsInactiveAndSortsKeys() {
        SearchSpace s = SearchSpace.parse(yaml(ANN), 3);
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("pq_m", 8L);
        raw.put("m", 16L);
        raw.put("lr", 0.01);
        raw.put("engine", "hnsw");
        Map<String, Object> c = s.dropInactive(raw);
        assertFalse(c.containsKey("pq_m"));
        assertEquals("{\"engine\":\"hnsw\",\"lr\":0.01,\"m\":16}", SearchSpace.canonicalJson(c));
        // The same configuration written another way has the same canonical form (and so the same trial id).
        Map<String, Object> other = new LinkedHashMap<>(Map.of("engine", "hnsw", "m", 16L, "lr", 0.01, "pq_m", 4L));
        assertEquals(SearchSpace.canonicalJson(c), SearchSpace.canonicalJson(s.dropInactive(other)));
    }

    @Test
    void unitMappingStaysInRangeAndRoundTrips() {
        SearchSpace s = SearchSpace.parse(yaml(ANN), 3);
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 2000; i++) {
            double[] u = {r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble()};
            Map<String, Object> c = s.fromUnit(u);
            double lr = (Double) c.get("lr");
            assertTrue(lr >= 1e-4 && lr <= 0.1, "lr " + lr);
            if (c.containsKey("m")) {
                long m = (Long) c.get("m");
                assertTrue(m >= 8 && m <= 32);
            }
            assertEquals(c, s.fromUnit(s.toUnit(c)), "unit round trip of " + c);
        }
        // ints are uniform over their values, ends included
        SearchSpace one = SearchSpace.parse(yaml("k: {type: int, low: 1, high: 3}"), 3);
        assertEquals(1L, one.fromUnit(new double[] {0.0}).get("k"));
        assertEquals(3L, one.fromUnit(new double[] {1.0}).get("k"));
        assertEquals(2L, one.fromUnit(new double[] {0.5}).get("k"));
    }

    @Test
    void defaultConfigUsesDefaultsOrTheMiddle() {
        SearchSpace s = SearchSpace.parse(yaml(ANN + "x: {type: float, low: -1, high: 1, default: 0.25}\n"), 3);
        Map<String, Object> d = s.defaultConfig();
        assertEquals("hnsw", d.get("engine"));
        assertEquals(20L, d.get("m"));
        assertFalse(d.containsKey("pq_m"));
        assertEquals(0.25, d.get("x"));
        assertEquals(SearchSpace.canonicalDouble(Math.sqrt(1e-4 * 0.1)), (Double) d.get("lr"), 1e-15);
    }

    private static String error(String space) {
        return assertThrows(ConfigException.class, () -> SearchSpace.parse(yaml(space), 3))
                .getMessage();
    }

    @Test
    void emptyOrContradictorySpacesAreRefusedWithTheKeyPath() {
        assertEquals(
                "config key 'space': expected at least one parameter, got an empty mapping",
                assertThrows(ConfigException.class, () -> SearchSpace.parse(yaml("{}"), 3))
                        .getMessage());
        assertEquals(
                "config key 'space.x.low': expected at most high (1), got 2 (an empty range)",
                error("x: {type: float, low: 2, high: 1}"));
        assertEquals(
                "config key 'space.x.low': a log-scale range needs low > 0, got 0",
                error("x: {type: float, low: 0, high: 1, log: true}"));
        assertEquals(
                "config key 'space.c.values': expected a non-empty list of choices, got []",
                error("c: {type: categorical, values: []}"));
        assertEquals(
                "config key 'space.c.values': duplicated choice 'a'", error("c: {type: categorical, values: [a, a]}"));
        assertEquals(
                "config key 'space.x.type': expected one of [int, float, categorical], got 'double'",
                error("x: {type: double, low: 0, high: 1}"));
        assertEquals(
                "unknown config key 'space.x.hi' (expected one of: default, grid, high, log, low, step, type, values, when)",
                error("x: {type: float, low: 0, hi: 1}"));
        assertEquals(
                "config key 'space.pq_m.when.engine': 'pq_m' can never be active: engine never takes 'ivf' (it takes ['hnsw', 'ivfpq'])",
                error(
                        "engine: {type: categorical, values: [hnsw, ivfpq]}\npq_m: {type: int, low: 1, high: 4, when: {engine: ivf}}"));
        assertEquals(
                "config key 'space.pq_m.when.engin': unknown parameter 'engin' (parameters: engine, pq_m)",
                error(
                        "engine: {type: categorical, values: [hnsw, ivfpq]}\npq_m: {type: int, low: 1, high: 4, when: {engin: ivfpq}}"));
        assertTrue(error(
                        "a: {type: categorical, values: [x, y], when: {b: p}}\nb: {type: categorical, values: [p, q], when: {a: x}}")
                .contains("conditions form a cycle"));
        assertEquals(
                "config key 'space.x.default': expected a number in [0, 1], got 2",
                error("x: {type: float, low: 0, high: 1, default: 2}"));
        assertEquals(
                "config key 'space.x.grid[1]': expected a number in [0, 1], got 5",
                error("x: {type: float, low: 0, high: 1, grid: [0, 5]}"));
        assertEquals(
                "config key 'space.k.low': expected an integer, got 1.5", error("k: {type: int, low: 1.5, high: 3}"));
    }

    @Test
    void canonicalDoubleMakesEqualNumbersPrintTheSame() {
        assertEquals(0.3, SearchSpace.canonicalDouble(0.1 + 0.2));
        assertNotEquals(0.3, 0.1 + 0.2);
        assertEquals(0.0, SearchSpace.canonicalDouble(-0.0));
    }
}
