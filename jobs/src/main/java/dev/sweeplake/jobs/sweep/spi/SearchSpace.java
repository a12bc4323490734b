package dev.sweeplake.jobs.sweep.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sweeplake.jobs.config.ConfigException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A search space: named parameters of type {@code int}, {@code float} (linear or log) or {@code categorical}, each
 * optionally active only {@code when} other (categorical or int) parameters take given values.
 *
 * <pre>{@code
 * space:
 *   lr:     {type: float, low: 1.0e-4, high: 0.1, log: true, default: 0.01}
 *   layers: {type: int, low: 1, high: 4}
 *   engine: {type: categorical, values: [hnsw, ivfpq]}
 *   pq_m:   {type: int, low: 4, high: 16, when: {engine: ivfpq}}
 *   x:      {type: float, low: -1, high: 1, grid: [-0.5, 0.0, 0.5]}
 * }</pre>
 *
 * <p>Every parameter maps the unit interval onto its values ({@link #fromUnit}), so samplers work in the unit hypercube:
 * one dimension per parameter, in declaration order; a point's value for an inactive parameter is ignored.
 *
 * <p>Immutable and thread-safe.
 */
public final class SearchSpace {
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final MathContext DIGITS = new MathContext(12);
    private static final Set<String> KEYS =
            Set.of("type", "low", "high", "log", "values", "grid", "default", "when", "step");

    private final List<Param> params;
    private final Map<String, Param> byName;

    private SearchSpace(List<Param> params) {
        this.params = List.copyOf(params);
        Map<String, Param> m = new LinkedHashMap<>();
        for (Param p : params) {
            m.put(p.name(), p);
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    public List<Param> params() {
        return params;
    }

    public Param param(String name) {
        return byName.get(name);
    }

    public int dimensions() {
        return params.size();
    }

    /** The kinds of parameter. */
    public enum Type {
        INT,
        FLOAT,
        CATEGORICAL
    }

    /**
     * One parameter. {@code low}/{@code high} for numbers; {@code values} for categorical choices; {@code grid} the values
     * the grid sampler uses (explicit, or {@code grid_points} spread over the range); {@code when} maps a parameter name to
     * the values that make this one active.
     */
    public record Param(
            String name,
            Type type,
            double low,
            double high,
            boolean log,
            List<Object> values,
            List<Object> grid,
            Object defaultValue,
            Map<String, List<Object>> when) {

        /** The value of unit coordinate {@code u} in [0, 1]. */
        public Object fromUnit(double u) {
            double c = Math.min(Math.max(u, 0.0), 1.0);
            return switch (type) {
                case CATEGORICAL -> values.get(Math.min(values.size() - 1, (int) Math.floor(c * values.size())));
                case INT -> {
                    long n = (long) high - (long) low + 1;
                    yield Math.min((long) high, (long) low + (long) Math.floor(c * n));
                }
                case FLOAT ->
                    canonicalDouble(
                            log
                                    ? Math.exp(Math.log(low) + c * (Math.log(high) - Math.log(low)))
                                    : low + c * (high - low));
            };
        }

        /** The unit coordinate of a value (the middle of its cell for ints and categories). */
        public double toUnit(Object v) {
            return switch (type) {
                case CATEGORICAL -> (values.indexOf(v) + 0.5) / values.size();
                case INT -> (((Number) v).longValue() - (long) low + 0.5) / ((long) high - (long) low + 1);
                case FLOAT -> {
                    double d = ((Number) v).doubleValue();
                    yield high == low
                            ? 0.5
                            : log
                                    ? (Math.log(d) - Math.log(low)) / (Math.log(high) - Math.log(low))
                                    : (d - low) / (high - low);
                }
            };
        }

        boolean activeIn(Map<String, Object> config) {
            for (Map.Entry<String, List<Object>> c : when.entrySet()) {
                Object v = config.get(c.getKey());
                if (v == null || !c.getValue().contains(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Parses the {@code space} section; every problem is a {@link ConfigException} naming the key path. */
    public static SearchSpace parse(JsonNode node, int defaultGridPoints) {
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
            resolved.add(w == null ? p : withWhen(p, parseWhen(p.name(), w, byName)));
        }
        SearchSpace space = new SearchSpace(resolved);
        space.checkAcyclic();
        return space;
    }

    private static Param withWhen(Param p, Map<String, List<Object>> when) {
        return new Param(p.name(), p.type(), p.low(), p.high(), p.log(), p.values(), p.grid(), p.defaultValue(), when);
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
        return new Param(name, Type.CATEGORICAL, 0, 0, false, List.copyOf(values), List.copyOf(values), dflt, Map.of());
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
                    fmt(high),
                    fmt(low)));
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
                    "config key '" + path + ".low': a log-scale range needs low > 0, got " + fmt(low));
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
                            fmt(low),
                            fmt(high),
                            fmt(v)));
                }
                Object value = type == Type.INT ? (Object) (long) v : (Object) canonicalDouble(v);
                if (grid.contains(value)) {
                    throw new ConfigException("config key '" + path + ".grid': duplicated value " + fmt(v));
                }
                grid.add(value);
            }
        } else {
            Param probe = new Param(name, type, low, high, log, List.of(), List.of(), null, Map.of());
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
                        fmt(low),
                        fmt(high),
                        fmt(d)));
            }
            dflt = type == Type.INT ? (Object) (long) d : (Object) canonicalDouble(d);
        } else {
            // The middle of the range (geometric for log scale).
            Param probe = new Param(name, type, low, high, log, List.of(), List.of(), null, Map.of());
            dflt = type == Type.INT ? (Object) Math.round((low + high) / 2.0) : probe.fromUnit(0.5);
        }
        return new Param(name, type, low, high, log, List.of(), List.copyOf(grid), dflt, Map.of());
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

    private void checkAcyclic() {
        Map<String, Integer> state = new HashMap<>();
        for (Param p : params) {
            visit(p.name(), state, new ArrayList<>());
        }
    }

    private void visit(String name, Map<String, Integer> state, List<String> stack) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return;
        }
        stack.add(name);
        if (s != null && s == 1) {
            throw new ConfigException(
                    "config key 'space." + name + ".when': conditions form a cycle: " + String.join(" -> ", stack));
        }
        state.put(name, 1);
        for (String dep : byName.get(name).when().keySet()) {
            visit(dep, state, stack);
        }
        state.put(name, 2);
        stack.remove(stack.size() - 1);
    }

    /** A configuration from a unit point: every parameter's value, then the inactive ones dropped. */
    public Map<String, Object> fromUnit(double[] u) {
        if (u.length != params.size()) {
            throw new IllegalArgumentException(
                    "expected a point with " + params.size() + " coordinates, got " + u.length);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        for (int i = 0; i < u.length; i++) {
            all.put(params.get(i).name(), params.get(i).fromUnit(u[i]));
        }
        return dropInactive(all);
    }

    /** The unit point of a configuration; inactive parameters sit at the middle. */
    public double[] toUnit(Map<String, Object> config) {
        double[] u = new double[params.size()];
        for (int i = 0; i < u.length; i++) {
            Object v = config.get(params.get(i).name());
            u[i] = v == null ? 0.5 : params.get(i).toUnit(v);
        }
        return u;
    }

    /** Whether parameter {@code i} is active in {@code config}. */
    public boolean active(int i, Map<String, Object> config) {
        return config.containsKey(params.get(i).name());
    }

    /**
     * Drops parameters whose conditions do not hold (repeatedly, since a dropped parameter can deactivate another) and
     * returns the rest sorted by name.
     */
    public Map<String, Object> dropInactive(Map<String, Object> config) {
        Map<String, Object> c = new TreeMap<>(config);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Param p : params) {
                if (c.containsKey(p.name()) && !p.activeIn(c)) {
                    c.remove(p.name());
                    changed = true;
                }
            }
        }
        return Collections.unmodifiableMap(c);
    }

    /** The default configuration: every parameter's {@code default} (or the middle of its range), inactive ones dropped. */
    public Map<String, Object> defaultConfig() {
        Map<String, Object> all = new LinkedHashMap<>();
        params.forEach(p -> all.put(p.name(), p.defaultValue()));
        return dropInactive(all);
    }

    /**
     * The full grid: the product of every parameter's grid values, conditional parameters expanded only where active,
     * without duplicates, in a deterministic order.
     */
    public List<Map<String, Object>> grid() {
        List<Map<String, Object>> partial = new ArrayList<>();
        partial.add(new LinkedHashMap<>());
        // Parameters in an order where conditions come before what they condition.
        for (Param p : topological()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : partial) {
                if (!p.activeIn(c)) {
                    next.add(c);
                    continue;
                }
                for (Object v : p.grid()) {
                    Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(p.name(), v);
                    next.add(m);
                }
            }
            partial = next;
            if (partial.size() > 10_000_000) {
                throw new ConfigException(
                        "config key 'space': the grid has more than 10,000,000 points; use another sampler");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        Set<Map<String, Object>> seen = new HashSet<>();
        for (Map<String, Object> c : partial) {
            Map<String, Object> d = dropInactive(c);
            if (seen.add(d)) {
                out.add(d);
            }
        }
        return out;
    }

    private List<Param> topological() {
        List<Param> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (out.size() < params.size()) {
            for (Param p : params) {
                if (!done.contains(p.name()) && done.containsAll(p.when().keySet())) {
                    out.add(p);
                    done.add(p.name());
                }
            }
        }
        return out;
    }

    /** The settings of the space as data (stored with the sweep). */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Param p : params) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("type", p.type().name().toLowerCase(Locale.ROOT));
            if (p.type() == Type.CATEGORICAL) {
                m.put("values", p.values());
            } else {
                m.put("low", p.low());
                m.put("high", p.high());
                m.put("log", p.log());
            }
            m.put("grid", p.grid());
            m.put("default", p.defaultValue());
            if (!p.when().isEmpty()) {
                m.put("when", p.when());
            }
            out.add(m);
        }
        return out;
    }

    /** Canonical JSON of a configuration: keys sorted, numbers in canonical form. */
    public static String canonicalJson(Map<String, Object> config) {
        try {
            return CANONICAL.writeValueAsString(new TreeMap<>(config));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rounds to 12 significant digits so that equal configurations computed two ways print (and hash) the same. */
    public static double canonicalDouble(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v == 0 ? 0.0 : v;
        }
        return new BigDecimal(v).round(DIGITS).doubleValue();
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
            return canonicalDouble(n.doubleValue());
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

    /** A number as written in messages: integral values without a fraction. */
    public static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String render(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    private static String renderList(List<Object> vs) {
        return vs.stream().map(SearchSpace::render).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace s && s.params.equals(params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(params);
    }
}
