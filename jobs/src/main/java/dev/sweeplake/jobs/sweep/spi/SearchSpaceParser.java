package dev.sweeplake.jobs.sweep.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.sweep.spi.SearchSpace.CategoricalParam;
import dev.sweeplake.jobs.sweep.spi.SearchSpace.FloatParam;
import dev.sweeplake.jobs.sweep.spi.SearchSpace.IntParam;
import dev.sweeplake.jobs.sweep.spi.SearchSpace.Param;
import dev.sweeplake.jobs.sweep.spi.SearchSpace.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses the {@code space} section of a sweep file into a {@link SearchSpace}: one of the {@link Param} records per
 * parameter, conditions resolved once every parameter is known. Every problem is a {@link ConfigException} naming the key
 * path, expected and actual value.
 *
 * <p>Stateless and thread-safe.
 */
final class SearchSpaceParser {
    private static final Set<String> KEYS =
            Set.of("type", "low", "high", "log", "values", "grid", "default", "when", "step");

    private SearchSpaceParser() {}

    /** Parses the {@code space} section; every problem is a {@link ConfigException} naming the key path. */
    static SearchSpace parse(JsonNode node, int defaultGridPoints) {
        if (node == null || node.isNull() || !node.isObject()) {
            throw new ConfigException("config key 'space': expected a mapping of parameter names to definitions, got "
                    + (node == null || node.isNull()
                            ? "nothing"
                            : node.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        if (node.isEmpty()) {
            throw new ConfigException("config key 'space': expected at least one parameter, got an empty mapping");
        }
        List<Param> params = new ArrayList<>();
        Map<String, JsonNode> whens = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String path = "space." + name;
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                throw new ConfigException(
                        "config key '" + path + "': expected a parameter name of letters, digits, '_', '.', '-'");
            }
            params.add(parseParam(name, e.getValue(), path, defaultGridPoints));
            if (e.getValue().has("when")) {
                whens.put(name, e.getValue().get("when"));
            }
        }
        // Conditions are resolved once all parameters are known.
        Map<String, Param> byName = new LinkedHashMap<>();
        params.forEach(p -> byName.put(p.name(), p));
        List<Param> resolved = new ArrayList<>();
        for (Param p : params) {
            JsonNode w = whens.get(p.name());
            resolved.add(w == null ? p : p.withWhen(parseWhen(p.name(), w, byName)));
        }
        return new SearchSpace(resolved);
    }

    private static Param parseParam(String name, JsonNode def, String path, int defaultGridPoints) {
        if (!def.isObject()) {
            throw new ConfigException(
                    "config key '" + path + "': expected a mapping with 'type' (int, float, categorical), got " + def);
        }
        for (Iterator<String> it = def.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new ConfigException("unknown config key '" + path + "." + k + "' (expected one of: "
                        + String.join(
                                ", ",
                                new TreeMap<>(KEYS.stream().collect(java.util.stream.Collectors.toMap(s -> s, s -> s)))
                                        .keySet())
                        + ")");
            }
        }
        JsonNode typeNode = def.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new ConfigException("config key '" + path + ".type': expected one of [int, float, categorical], got "
                    + (typeNode == null ? "nothing" : typeNode.toString()));
        }
        Type type;
        try {
            type = Type.valueOf(typeNode.asText().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + path + ".type': expected one of [int, float, categorical], got '"
                    + typeNode.asText() + "'");
        }
        return switch (type) {
            case CATEGORICAL -> parseCategorical(name, def, path);
            case INT, FLOAT -> parseNumeric(name, type, def, path, defaultGridPoints);
        };
    }

    private static Param parseCategorical(String name, JsonNode def, String path) {
        for (String k : List.of("low", "high", "log", "step", "grid")) {
            if (def.has(k)) {
                throw new ConfigException(
                        "config key '" + path + "." + k + "': not allowed for a categorical parameter (use 'values')");
            }
        }
        JsonNode vs = def.get("values");
        if (vs == null || !vs.isArray() || vs.isEmpty()) {
            throw new ConfigException("config key '" + path + ".values': expected a non-empty list of choices, got "
                    + (vs == null ? "nothing" : vs.toString()));
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < vs.size(); i++) {
            Object v = scalar(vs.get(i), path + ".values[" + i + "]");
            if (values.contains(v)) {
                throw new ConfigException("config key '" + path + ".values': duplicated choice " + render(v));
            }
            values.add(v);
        }
        Object dflt = values.get(0);
        if (def.has("default")) {
            dflt = scalar(def.get("default"), path + ".default");
            if (!values.contains(dflt)) {
                throw new ConfigException("config key '" + path + ".default': expected one of " + renderList(values)
                        + ", got " + render(dflt));
            }
        }
        return new CategoricalParam(name, values, dflt, Map.of());
    }

    private static Param parseNumeric(String name, Type type, JsonNode def, String path, int defaultGridPoints) {
        if (def.has("values")) {
            throw new ConfigException("config key '" + path
                    + ".values': only for categorical parameters (use 'grid' for grid values of a number)");
        }
        double low = number(def.get("low"), path + ".low", type);
        double high = number(def.get("high"), path + ".high", type);
        if (low > high) {
            throw new ConfigException(String.format(
                    Locale.ROOT,
                    "config key '%s.low': expected at most high (%s), got %s (an empty range)",
                    path,
                    SearchSpace.fmt(high),
                    SearchSpace.fmt(low)));
        }
        boolean log = false;
        if (def.has("log")) {
            if (!def.get("log").isBoolean()) {
                throw new ConfigException(
                        "config key '" + path + ".log': expected true or false, got " + def.get("log"));
            }
            log = def.get("log").booleanValue();
        }
        if (log && type == Type.INT) {
            throw new ConfigException(
                    "config key '" + path + ".log': log scale is supported for float parameters only");
        }
        if (log && low <= 0) {
            throw new ConfigException(
                    "config key '" + path + ".low': a log-scale range needs low > 0, got " + SearchSpace.fmt(low));
        }
        if (def.has("step")) {
            throw new ConfigException(
                    "config key '" + path + ".step': not supported; list the values with 'grid' instead");
        }
        List<Object> grid = new ArrayList<>();
        if (def.has("grid")) {
            JsonNode g = def.get("grid");
            if (!g.isArray() || g.isEmpty()) {
                throw new ConfigException(
                        "config key '" + path + ".grid': expected a non-empty list of numbers, got " + g);
            }
            for (int i = 0; i < g.size(); i++) {
                double v = number(g.get(i), path + ".grid[" + i + "]", type);
                if (v < low || v > high) {
                    throw new ConfigException(String.format(
                            Locale.ROOT,
                            "config key '%s.grid[%d]': expected a number in [%s, %s], got %s",
                            path,
                            i,
                            SearchSpace.fmt(low),
                            SearchSpace.fmt(high),
                            SearchSpace.fmt(v)));
                }
                Object value = type == Type.INT ? (Object) (long) v : (Object) SearchSpace.canonicalDouble(v);
                if (grid.contains(value)) {
                    throw new ConfigException("config key '" + path + ".grid': duplicated value " + SearchSpace.fmt(v));
                }
                grid.add(value);
            }
        } else {
            Param probe = numeric(name, type, low, high, log, List.of(), null);
            if (type == Type.INT && high - low + 1 <= defaultGridPoints) {
                for (long v = (long) low; v <= (long) high; v++) {
                    grid.add(v);
                }
            } else {
                int n = low == high ? 1 : defaultGridPoints;
                for (int i = 0; i < n; i++) {
                    double u = n == 1 ? 0.5 : i / (double) (n - 1);
                    Object v = type == Type.INT ? (Object) Math.round(low + u * (high - low)) : probe.fromUnit(u);
                    if (!grid.contains(v)) {
                        grid.add(v);
                    }
                }
            }
        }
        Object dflt;
        if (def.has("default")) {
            double d = number(def.get("default"), path + ".default", type);
            if (d < low || d > high) {
                throw new ConfigException(String.format(
                        Locale.ROOT,
                        "config key '%s.default': expected a number in [%s, %s], got %s",
                        path,
                        SearchSpace.fmt(low),
                        SearchSpace.fmt(high),
                        SearchSpace.fmt(d)));
            }
            dflt = type == Type.INT ? (Object) (long) d : (Object) SearchSpace.canonicalDouble(d);
        } else {
            // The middle of the range (geometric for log scale).
            Param probe = numeric(name, type, low, high, log, List.of(), null);
            dflt = type == Type.INT ? (Object) Math.round((low + high) / 2.0) : probe.fromUnit(0.5);
        }
        return numeric(name, type, low, high, log, grid, dflt);
    }

    private static Param numeric(
            String name, Type type, double low, double high, boolean log, List<Object> grid, Object dflt) {
        return type == Type.INT
                ? new IntParam(name, (long) low, (long) high, grid, dflt, Map.of())
                : new FloatParam(name, low, high, log, grid, dflt, Map.of());
    }

    private static Map<String, List<Object>> parseWhen(String name, JsonNode w, Map<String, Param> byName) {
        String path = "space." + name + ".when";
        if (!w.isObject() || w.isEmpty()) {
            throw new ConfigException(
                    "config key '" + path + "': expected a mapping of parameter names to values, got " + w);
        }
        Map<String, List<Object>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String other = e.getKey();
            Param p = byName.get(other);
            if (p == null) {
                throw new ConfigException("config key '" + path + "." + other + "': unknown parameter '" + other
                        + "' (parameters: " + String.join(", ", byName.keySet()) + ")");
            }
            if (other.equals(name)) {
                throw new ConfigException(
                        "config key '" + path + "." + other + "': a parameter cannot depend on itself");
            }
            if (p.type() == Type.FLOAT) {
                throw new ConfigException("config key '" + path + "." + other
                        + "': conditions on float parameters are not supported (use categorical or int)");
            }
            List<Object> vals = new ArrayList<>();
            JsonNode v = e.getValue();
            List<JsonNode> items = new ArrayList<>();
            if (v.isArray()) {
                v.forEach(items::add);
            } else {
                items.add(v);
            }
            if (items.isEmpty()) {
                throw new ConfigException(
                        "config key '" + path + "." + other + "': expected a value or a non-empty list of values");
            }
            for (JsonNode item : items) {
                Object val = p.type() == Type.INT
                        ? (Object) (long) number(item, path + "." + other, Type.INT)
                        : scalar(item, path + "." + other);
                boolean possible = p.type() == Type.INT
                        ? ((Long) val) >= p.low() && ((Long) val) <= p.high()
                        : p.values().contains(val);
                if (!possible) {
                    throw new ConfigException(
                            "config key '" + path + "." + other + "': '" + name + "' can never be active: " + other
                                    + " never takes " + render(val) + " (it takes "
                                    + (p.type() == Type.INT
                                            ? String.format(Locale.ROOT, "[%d, %d]", (long) p.low(), (long) p.high())
                                            : renderList(p.values()))
                                    + ")");
                }
                vals.add(val);
            }
            out.put(other, List.copyOf(vals));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object scalar(JsonNode n, String path) {
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return SearchSpace.canonicalDouble(n.doubleValue());
        }
        throw new ConfigException("config key '" + path + "': expected a string, number or boolean, got " + n);
    }

    private static double number(JsonNode n, String path, Type type) {
        if (n == null) {
            throw new ConfigException("missing required config key '" + path + "' (expected "
                    + (type == Type.INT ? "an integer" : "a number") + ")");
        }
        if (!n.isNumber()) {
            throw new ConfigException("config key '" + path + "': expected "
                    + (type == Type.INT ? "an integer" : "a number") + ", got " + n);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw new ConfigException("config key '" + path + "': expected a finite number, got " + n);
        }
        if (type == Type.INT && d != Math.rint(d)) {
            throw new ConfigException("config key '" + path + "': expected an integer, got " + n);
        }
        return d;
    }

    private static String render(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    private static String renderList(List<Object> vs) {
        return vs.stream().map(SearchSpaceParser::render).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
