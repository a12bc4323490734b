package dev.sweeplake.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Maps a YAML/JSON tree onto a typed config {@code record}, strictly.
 *
 * <p>Rules: keys are the record components' names in snake_case; an unknown key is an error that lists the known ones; a
 * missing key takes its value from the enclosing record's static {@code defaults()} when it has one (or, for a nested
 * record, from that record's own {@code defaults()}), is empty when the component is an {@link Optional}, and is an error
 * otherwise; a value of the wrong type is an error naming the expected type and the
 * actual value; range checks in compact constructors ({@link Checks}) are reported with the full key path. Supported
 * component types: int, long, double, boolean and their boxes, String, enums (case-insensitive, '-' for '_'; an enum with
 * an OFF or ON constant also takes YAML's unquoted off/on, which YAML 1.1 reads as booleans), nested
 * records, {@code List<T>}, {@code Map<String, T>}, {@code Optional<T>} and raw {@link JsonNode} (for free-form sections
 * that another binder interprets).
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigBinder {
    private ConfigBinder() {}

    /** Binds {@code node} (an object, or null/missing for "all defaults") to {@code type}; {@code path} prefixes messages. */
    public static <T extends Record> T bind(JsonNode node, Class<T> type, String path) {
        return type.cast(bindRecord(node, type, path, null));
    }

    private static Object bindRecord(JsonNode node, Class<?> type, String path, Object fallback) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw new ConfigException(String.format(
                    Locale.ROOT,
                    "config key '%s': expected a mapping (%s), got %s",
                    displayPath(path),
                    describe(type),
                    actual(node)));
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            byKey.put(snake(c.getName()), c);
        }
        if (node != null && node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!byKey.containsKey(key)) {
                    throw new ConfigException(String.format(
                            Locale.ROOT,
                            "unknown config key '%s' (expected one of: %s)",
                            join(path, key),
                            String.join(", ", byKey.keySet())));
                }
            }
        }
        Object defaults = fallback != null ? fallback : defaultsOf(type);
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String key = snake(c.getName());
            String childPath = join(path, key);
            JsonNode child = node == null ? null : node.get(key);
            Object defaultValue = defaults == null ? null : componentValue(defaults, c);
            if (child == null || child.isMissingNode()) {
                if (c.isAnnotationPresent(Required.class) && path.isEmpty()) {
                    throw new ConfigException(String.format(
                            Locale.ROOT,
                            "missing required config key '%s' (expected %s)",
                            childPath,
                            describe(c.getGenericType())));
                }
                if (defaults != null) {
                    args[i] = defaultValue;
                } else if (c.getType().isRecord() && defaultsOf(c.getType()) != null) {
                    args[i] = defaultsOf(c.getType());
                } else if (c.getType() == Optional.class) {
                    args[i] = Optional.empty();
                } else {
                    throw new ConfigException(String.format(
                            Locale.ROOT,
                            "missing required config key '%s' (expected %s)",
                            childPath,
                            describe(c.getGenericType())));
                }
            } else {
                args[i] = bindValue(child, c.getGenericType(), childPath, defaultValue);
            }
        }
        return construct(type, components, args, path);
    }

    private static Object construct(Class<?> type, RecordComponent[] components, Object[] args, String path) {
        try {
            Class<?>[] types =
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                throw ce;
            }
            if (cause instanceof InvalidValueException ive) {
                throw new ConfigException(
                        String.format(Locale.ROOT, "config key '%s': %s", join(path, ive.key()), ive.getMessage()),
                        ive);
            }
            if (cause instanceof IllegalArgumentException iae) {
                throw new ConfigException(
                        String.format(Locale.ROOT, "config key '%s': %s", displayPath(path), iae.getMessage()), iae);
            }
            throw new IllegalStateException("cannot construct " + type.getSimpleName(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
        }
    }

    private static Object bindValue(JsonNode node, Type type, String path, Object defaultValue) {
        Class<?> raw = rawClass(type);
        if (raw == JsonNode.class) {
            return node;
        }
        if (raw == Optional.class) {
            Type inner = typeArg(type, 0);
            if (node.isNull()) {
                return Optional.empty();
            }
            Object innerDefault = defaultValue instanceof Optional<?> o ? o.orElse(null) : null;
            return Optional.of(bindValue(node, inner, path, innerDefault));
        }
        if (node.isNull()) {
            throw new ConfigException(
                    String.format(Locale.ROOT, "config key '%s': expected %s, got null", path, describe(type)));
        }
        if (raw == int.class || raw == Integer.class) {
            long v = integral(node, path, type);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new ConfigException(String.format(
                        Locale.ROOT, "config key '%s': expected a 32-bit integer, got %s", path, actual(node)));
            }
            return (int) v;
        }
        if (raw == long.class || raw == Long.class) {
            return integral(node, path, type);
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            if (!node.isNumber()) {
                throw mismatch(path, type, node);
            }
            double d = node.doubleValue();
            return raw == float.class || raw == Float.class ? (Object) (float) d : (Object) d;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (!node.isBoolean()) {
                throw mismatch(path, type, node);
            }
            return node.booleanValue();
        }
        if (raw == String.class) {
            if (!node.isValueNode()) {
                throw mismatch(path, type, node);
            }
            return node.asText();
        }
        if (raw.isEnum()) {
            return bindEnum(node, raw, path);
        }
        if (raw.isRecord()) {
            return bindRecord(node, raw, path, defaultValue);
        }
        if (raw == List.class) {
            if (!node.isArray()) {
                throw mismatch(path, type, node);
            }
            Type inner = typeArg(type, 0);
            List<Object> out = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                out.add(bindValue(node.get(i), inner, path + "[" + i + "]", null));
            }
            return Collections.unmodifiableList(out);
        }
        if (raw == Map.class) {
            if (!node.isObject()) {
                throw mismatch(path, type, node);
            }
            Type inner = typeArg(type, 1);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), bindValue(e.getValue(), inner, join(path, e.getKey()), null));
            }
            return Collections.unmodifiableMap(out);
        }
        throw new IllegalStateException("unsupported config type " + type + " at " + path);
    }

    private static long integral(JsonNode node, String path, Type type) {
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()
                && node.doubleValue() == Math.rint(node.doubleValue())
                && Math.abs(node.doubleValue()) < 9e15) {
            return (long) node.doubleValue();
        }
        throw mismatch(path, type, node);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object bindEnum(JsonNode node, Class<?> raw, String path) {
        if (node.isBoolean()) {
            // YAML 1.1 reads an unquoted off/no (on/yes) as a boolean: an enum with an OFF (ON) constant takes it as
            // that.
            String name = node.booleanValue() ? "ON" : "OFF";
            for (Object constant : raw.getEnumConstants()) {
                if (((Enum) constant).name().equals(name)) {
                    return constant;
                }
            }
        }
        if (!node.isTextual()) {
            throw mismatch(path, raw, node);
        }
        String wanted = node.asText().trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (Object constant : raw.getEnumConstants()) {
            if (((Enum) constant).name().equals(wanted)) {
                return constant;
            }
        }
        throw new ConfigException(String.format(
                Locale.ROOT, "config key '%s': expected one of %s, got '%s'", path, enumChoices(raw), node.asText()));
    }

    /** The names a user writes for an enum's constants, e.g. {@code [ivf-pq, hnsw]}. */
    public static String enumChoices(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static ConfigException mismatch(String path, Type type, JsonNode node) {
        return new ConfigException(
                String.format(Locale.ROOT, "config key '%s': expected %s, got %s", path, describe(type), actual(node)));
    }

    /** The inverse of {@link #bind}: a record as a JSON tree with snake_case keys (for logging and the runs table). */
    public static JsonNode toTree(Object value) {
        com.fasterxml.jackson.databind.node.JsonNodeFactory f =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof Optional<?> o) {
            return o.isPresent() ? toTree(o.get()) : f.nullNode();
        }
        if (value instanceof Integer || value instanceof Long) {
            return f.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return f.numberNode(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Enum<?> e) {
            return f.textNode(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (value instanceof List<?> list) {
            com.fasterxml.jackson.databind.node.ArrayNode a = f.arrayNode();
            list.forEach(v -> a.add(toTree(v)));
            return a;
        }
        if (value instanceof Map<?, ?> map) {
            com.fasterxml.jackson.databind.node.ObjectNode o = f.objectNode();
            map.forEach((k, v) -> o.set(String.valueOf(k), toTree(v)));
            return o;
        }
        if (value.getClass().isRecord()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = f.objectNode();
            for (RecordComponent c : value.getClass().getRecordComponents()) {
                o.set(snake(c.getName()), toTree(componentValue(value, c)));
            }
            return o;
        }
        return f.textNode(value.toString());
    }

    private static Object defaultsOf(Class<?> type) {
        try {
            Method m = type.getDeclaredMethod("defaults");
            if (!Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getReturnType() != type) {
                return null;
            }
            m.setAccessible(true);
            return m.invoke(null);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("defaults() of " + type.getSimpleName() + " failed", e);
        }
    }

    private static Object componentValue(Object record, RecordComponent c) {
        try {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Describes a type the way a user reads it in an error message. */
    static String describe(Type type) {
        Class<?> raw = rawClass(type);
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "an integer";
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class) {
            return "a string";
        }
        if (raw.isEnum()) {
            return "one of " + enumChoices(raw);
        }
        if (raw == List.class) {
            return "a list of " + plural(describe(typeArg(type, 0)));
        }
        if (raw == Map.class) {
            return "a mapping of names to " + plural(describe(typeArg(type, 1)));
        }
        if (raw == Optional.class) {
            return describe(typeArg(type, 0));
        }
        if (raw.isRecord()) {
            Set<String> keys = new TreeSet<>();
            for (RecordComponent c : raw.getRecordComponents()) {
                keys.add(snake(c.getName()));
            }
            return "a mapping with keys " + keys;
        }
        return "a value";
    }

    private static String plural(String description) {
        return description.replaceFirst("^an? ", "");
    }

    static String actual(JsonNode node) {
        JsonNodeType t = node.getNodeType();
        return switch (t) {
            case STRING -> "'" + node.asText() + "' (a string)";
            case NUMBER -> node.asText() + " (a number)";
            case BOOLEAN -> node.asText() + " (a boolean)";
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            case NULL -> "null";
            default -> node.toString();
        };
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported config type " + type);
    }

    private static Type typeArg(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("raw collection type in a config record: " + type);
    }

    /** camelCase to snake_case. */
    public static String snake(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch)) {
                sb.append('_').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static String join(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    private static String displayPath(String path) {
        return path == null || path.isEmpty() ? "<root>" : path;
    }
}
