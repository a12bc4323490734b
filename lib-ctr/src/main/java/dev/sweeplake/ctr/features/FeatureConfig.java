package dev.sweeplake.ctr.features;

import java.util.Map;
import java.util.Objects;

/**
 * Encodings per field name; fields not named use the default for their type (categorical and multi-categorical:
 * {@code categoricalDefault}; numeric: {@code numericDefault}).
 */
public record FeatureConfig(
        FieldEncoding categoricalDefault, FieldEncoding numericDefault, Map<String, FieldEncoding> perField) {
    public FeatureConfig {
        Objects.requireNonNull(categoricalDefault, "categoricalDefault");
        Objects.requireNonNull(numericDefault, "numericDefault");
        perField = Map.copyOf(perField);
    }

    /** Vocabulary with min count 1 for categorical fields, normalisation for numeric ones, NaN fails. */
    public static FeatureConfig defaults() {
        return new FeatureConfig(FieldEncoding.vocabulary(1), FieldEncoding.normalize(), Map.of());
    }

    public FeatureConfig withCategoricalDefault(FieldEncoding e) {
        return new FeatureConfig(e, numericDefault, perField);
    }

    public FeatureConfig withNumericDefault(FieldEncoding e) {
        return new FeatureConfig(categoricalDefault, e, perField);
    }

    public FeatureConfig withField(String name, FieldEncoding e) {
        var m = new java.util.HashMap<>(perField);
        m.put(name, e);
        return new FeatureConfig(categoricalDefault, numericDefault, m);
    }
}
