package dev.sweeplake.ctr.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * lib-ctr's JSON text through jackson-core's streaming generator (no hand-written quoting or number formatting): one
 * compact object per call, doubles as {@link Double#toString} writes them, non-finite numbers as {@code null}. The bytes
 * of {@code ModelParams.toJson} feed trial ids; {@code ParamsJsonGoldenTest} pins them. Stateless; thread-safe.
 */
public final class JsonText {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonText() {}

    /** Writes an object's fields. */
    @FunctionalInterface
    public interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** One compact JSON object whose fields {@code fields} writes. */
    public static String object(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e);
        }
        return out.toString();
    }

    /** A number field, or null for NaN and infinities (JSON has no literal for them). */
    public static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }
}
