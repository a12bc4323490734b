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

    private final List<Param> params;
    private final Map<String, Param> byName;

    /** A space of these parameters; conditions must name parameters of the space and form no cycle. */
    SearchSpace(List<Param> params) {
        this.params = List.copyOf(params);
        Map<String, Param> m = new LinkedHashMap<>();
        for (Param p : params) {
            m.put(p.name(), p);
        }
        this.byName = Collections.unmodifiableMap(m);
        checkAcyclic();
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
     * One parameter: an {@link IntParam}, a {@link FloatParam} or a {@link CategoricalParam}. {@code grid} holds the
     * values the grid sampler uses (explicit, or {@code grid_points} spread over the range); {@code when} maps a
     * parameter name to the values that make this one active.
     */
    public sealed interface Param permits IntParam, FloatParam, CategoricalParam {
        String name();

        Type type();

        List<Object> grid();

        /** The default value; null only while the parser works the default out. */
        Object defaultValue();

        Map<String, List<Object>> when();

        /** The value of unit coordinate {@code u} in [0, 1]. */
        Object fromUnit(double u);

        /** The unit coordinate of a value (the middle of its cell for ints and categories). */
        double toUnit(Object v);

        /** This parameter, active only under {@code when}. */
        Param withWhen(Map<String, List<Object>> when);

        /** The lower end of a number's range. */
        double low();

        /** The upper end of a number's range. */
        double high();

        /** Whether a float is sampled on a log scale. */
        default boolean log() {
            return false;
        }

        /** A categorical's choices; empty for numbers. */
        default List<Object> values() {
            return List.of();
        }

        default boolean activeIn(Map<String, Object> config) {
            for (Map.Entry<String, List<Object>> c : when().entrySet()) {
                Object v = config.get(c.getKey());
                if (v == null || !c.getValue().contains(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** An integer in {@code [low, high]}; values are {@link Long}s. */
    public record IntParam(
            String name, long min, long max, List<Object> grid, Object defaultValue, Map<String, List<Object>> when)
            implements Param {
        public IntParam {
            Objects.requireNonNull(name, "name");
            if (min > max) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "parameter %s: expected low <= high, got [%d, %d]", name, min, max));
            }
            grid = List.copyOf(grid);
            when = Collections.unmodifiableMap(new TreeMap<>(when));
        }

        @Override
        public Type type() {
            return Type.INT;
        }

        @Override
        public double low() {
            return min;
        }

        @Override
        public double high() {
            return max;
        }

        @Override
        public Object fromUnit(double u) {
            double c = Math.min(Math.max(u, 0.0), 1.0);
            long n = max - min + 1;
            return Math.min(max, min + (long) Math.floor(c * n));
        }

        @Override
        public double toUnit(Object v) {
            return (((Number) v).longValue() - min + 0.5) / (max - min + 1);
        }

        @Override
        public Param withWhen(Map<String, List<Object>> w) {
            return new IntParam(name, min, max, grid, defaultValue, w);
        }
    }

    /** A float in {@code [low, high]}, linear or log scale; values are canonical {@link Double}s. */
    public record FloatParam(
            String name,
            double low,
            double high,
            boolean log,
            List<Object> grid,
            Object defaultValue,
            Map<String, List<Object>> when)
            implements Param {
        public FloatParam {
            Objects.requireNonNull(name, "name");
            if (!(low <= high) || (log && !(low > 0))) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "parameter %s: expected low <= high%s, got [%s, %s]",
                        name,
                        log ? " and low > 0 (log scale)" : "",
                        low,
                        high));
            }
            grid = List.copyOf(grid);
            when = Collections.unmodifiableMap(new TreeMap<>(when));
        }

        @Override
        public Type type() {
            return Type.FLOAT;
        }

        @Override
        public Object fromUnit(double u) {
            double c = Math.min(Math.max(u, 0.0), 1.0);
            return canonicalDouble(
                    log ? Math.exp(Math.log(low) + c * (Math.log(high) - Math.log(low))) : low + c * (high - low));
        }

        @Override
        public double toUnit(Object v) {
            double d = ((Number) v).doubleValue();
            return high == low
                    ? 0.5
                    : log ? (Math.log(d) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (d - low) / (high - low);
        }

        @Override
        public Param withWhen(Map<String, List<Object>> w) {
            return new FloatParam(name, low, high, log, grid, defaultValue, w);
        }
    }

    /** One of a list of choices (strings, numbers or booleans); the grid is the choices. */
    public record CategoricalParam(
            String name, List<Object> values, Object defaultValue, Map<String, List<Object>> when) implements Param {
        public CategoricalParam {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("parameter " + name + ": expected at least one choice");
            }
            when = Collections.unmodifiableMap(new TreeMap<>(when));
        }

        @Override
        public Type type() {
            return Type.CATEGORICAL;
        }

        @Override
        public List<Object> grid() {
            return values;
        }

        /** Not a number: throws. */
        @Override
        public double low() {
            throw new UnsupportedOperationException("categorical parameter " + name + " has no range");
        }

        /** Not a number: throws. */
        @Override
        public double high() {
            throw new UnsupportedOperationException("categorical parameter " + name + " has no range");
        }

        @Override
        public Object fromUnit(double u) {
            double c = Math.min(Math.max(u, 0.0), 1.0);
            return values.get(Math.min(values.size() - 1, (int) Math.floor(c * values.size())));
        }

        @Override
        public double toUnit(Object v) {
            return (values.indexOf(v) + 0.5) / values.size();
        }

        @Override
        public Param withWhen(Map<String, List<Object>> w) {
            return new CategoricalParam(name, values, defaultValue, w);
        }
    }

    /** Parses the {@code space} section; every problem is a {@link ConfigException} naming the key path. */
    public static SearchSpace parse(JsonNode node, int defaultGridPoints) {
        return SearchSpaceParser.parse(node, defaultGridPoints);
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

    /** A number as written in messages: integral values without a fraction. */
    public static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
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
