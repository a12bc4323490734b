package dev.sweeplake.ann.internal.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.internal.Checks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A JSON object read with jackson-core's streaming parser (no databind) and typed accessors that refuse a missing or
 * {@code null} key, a value of the wrong type or an unknown code with an {@link IndexFormatException} naming the source,
 * the key's path, the expected type and the actual value ({@code "m.json: key 'params.m' must be an integer, actual
 * string \"8\""}). Duplicate keys are refused. Immutable after parsing; thread-safe.
 */
public final class JsonDoc {
    /** The factory every lib-ann JSON reader and writer uses; thread-safe once configured. */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A number literal, kept as text so that longs keep every digit. */
    private record Num(String text, boolean integral) {}

    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final Map<String, Object> fields;
    private final String path;
    private final String source;

    private JsonDoc(Map<String, Object> fields, String path, String source) {
        this.fields = fields;
        this.path = path;
        this.source = source;
    }

    /** Parses a whole document whose top level must be an object. */
    /** {@code s} as a JSON string literal, quotes included (jackson-core's escaping). */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s, sb);
        return sb.append('"').toString();
    }

    public static JsonDoc parse(String text, String source) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonDoc d = read(p, source);
            if (p.nextToken() != null) {
                throw new IndexFormatException(Checks.fmt(
                        "%s: invalid JSON: expected end of document, actual %s at %s",
                        source, p.currentToken(), p.currentLocation().offsetDescription()));
            }
            return d;
        } catch (IOException e) {
            throw new IndexFormatException(Checks.fmt("%s: invalid JSON: %s", source, e.getMessage()));
        }
    }

    /**
     * Reads the object at the parser's next token (or current, if it is {@code START_OBJECT}), leaving the parser on its
     * {@code END_OBJECT}: used for an object embedded in a document that a caller reads itself.
     */
    public static JsonDoc read(JsonParser p, String source) {
        try {
            JsonToken t = p.currentToken() == JsonToken.START_OBJECT ? JsonToken.START_OBJECT : p.nextToken();
            Object v = value(p, t);
            if (!(v instanceof Map)) {
                throw new IndexFormatException(
                        Checks.fmt("%s: the document must be an object, actual %s", source, describe(v)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            return new JsonDoc(m, "", source);
        } catch (IOException e) {
            throw new IndexFormatException(Checks.fmt("%s: invalid JSON: %s", source, e.getMessage()));
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IOException("unexpected end of input");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return Collections.unmodifiableMap(m);
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e));
                }
                return Collections.unmodifiableList(l);
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return new Num(p.getText(), true);
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getText(), false);
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new IOException("unexpected token " + t);
        }
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "string \"" + s + "\"";
        } else if (v instanceof Num n) {
            return "number " + n.text();
        } else if (v instanceof Map) {
            return "object";
        } else if (v instanceof List) {
            return "array";
        } else if (v instanceof Boolean b) {
            return "boolean " + b;
        }
        return "null";
    }

    private String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    private IndexFormatException error(String key, String expected, Object actual) {
        return new IndexFormatException(
                Checks.fmt("%s: key '%s' must be %s, actual %s", source, key, expected, describe(actual)));
    }

    /** The source named in messages. */
    public String source() {
        return source;
    }

    /** This object's key path in the document ({@code ""} for the top level, {@code "files[0]"} for a nested one). */
    public String path() {
        return path;
    }

    public boolean has(String k) {
        return fields.containsKey(k) && fields.get(k) != NULL;
    }

    private Object required(String k) {
        Object v = fields.get(k);
        if (v == null || v == NULL) {
            throw new IndexFormatException(
                    Checks.fmt("%s: key '%s' is required, actual %s", source, key(k), v == null ? "missing" : "null"));
        }
        return v;
    }

    public String string(String k) {
        Object v = required(k);
        if (!(v instanceof String s)) {
            throw error(key(k), "a string", v);
        }
        return s;
    }

    public long longValue(String k) {
        Object v = required(k);
        if (v instanceof Num n && n.integral()) {
            try {
                return Long.parseLong(n.text());
            } catch (NumberFormatException e) {
                throw error(key(k), "a 64-bit integer", v);
            }
        }
        throw error(key(k), "an integer", v);
    }

    public int integer(String k) {
        long v = longValue(k);
        if (v != (int) v) {
            throw error(key(k), "a 32-bit integer", new Num(Long.toString(v), true));
        }
        return (int) v;
    }

    public double number(String k) {
        Object v = required(k);
        if (!(v instanceof Num n)) {
            throw error(key(k), "a number", v);
        }
        return Double.parseDouble(n.text());
    }

    @SuppressWarnings("unchecked")
    public JsonDoc object(String k) {
        Object v = required(k);
        if (!(v instanceof Map)) {
            throw error(key(k), "an object", v);
        }
        return new JsonDoc((Map<String, Object>) v, key(k), source);
    }

    /** An array of objects. */
    @SuppressWarnings("unchecked")
    public List<JsonDoc> objects(String k) {
        Object v = required(k);
        if (!(v instanceof List<?> l)) {
            throw error(key(k), "an array", v);
        }
        List<JsonDoc> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            String p = key(k) + "[" + i + "]";
            if (!(l.get(i) instanceof Map)) {
                throw error(p, "an object", l.get(i));
            }
            out.add(new JsonDoc((Map<String, Object>) l.get(i), p, source));
        }
        return out;
    }

    /** An array of arrays of numbers (e.g. centroids), each of {@code width} elements. */
    public float[][] floatRows(String k, int width) {
        Object v = required(k);
        if (!(v instanceof List<?> rows)) {
            throw error(key(k), "an array", v);
        }
        float[][] out = new float[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            String p = key(k) + "[" + r + "]";
            if (!(rows.get(r) instanceof List<?> row)) {
                throw error(p, "an array", rows.get(r));
            }
            if (row.size() != width) {
                throw new IndexFormatException(
                        Checks.fmt("%s: key '%s' must have %d elements, actual %d", source, p, width, row.size()));
            }
            out[r] = new float[width];
            for (int i = 0; i < width; i++) {
                if (!(row.get(i) instanceof Num n)) {
                    throw error(p + "[" + i + "]", "a number", row.get(i));
                }
                out[r][i] = Float.parseFloat(n.text());
            }
        }
        return out;
    }

    /** A string mapped to a value by {@code decode} (null when unknown), else an error listing {@code codes}. */
    public <T> T code(String k, Function<String, T> decode, List<String> codes) {
        String s = string(k);
        T t = decode.apply(s);
        if (t == null) {
            throw new IndexFormatException(Checks.fmt(
                    "%s: key '%s' must be one of %s, actual '%s'", source, key(k), String.join(", ", codes), s));
        }
        return t;
    }

    /** An IllegalArgumentException from a constructor, reworded to name this document and what was being built. */
    public IndexFormatException invalid(String what, IllegalArgumentException e) {
        return new IndexFormatException(Checks.fmt("%s: invalid %s: %s", source, what, e.getMessage()));
    }
}
