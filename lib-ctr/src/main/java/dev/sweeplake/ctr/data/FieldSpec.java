package dev.sweeplake.ctr.data;

import java.util.Objects;

/**
 * A named, typed input field.
 *
 * @param name field name, non-blank
 * @param type field kind
 */
public record FieldSpec(String name, FieldType type) {
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("field name must be non-blank, got '" + name + "'");
        }
    }

    public static FieldSpec categorical(String name) {
        return new FieldSpec(name, FieldType.CATEGORICAL);
    }

    public static FieldSpec numeric(String name) {
        return new FieldSpec(name, FieldType.NUMERIC);
    }

    public static FieldSpec multiCategorical(String name) {
        return new FieldSpec(name, FieldType.MULTI_CATEGORICAL);
    }
}
