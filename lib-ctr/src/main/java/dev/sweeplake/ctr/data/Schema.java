package dev.sweeplake.ctr.data;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The declared input schema: a 0/1 label column and the feature fields, in order.
 *
 * @param label name of the label column
 * @param fields feature fields (at least one, unique names, none named like the label)
 */
public record Schema(String label, List<FieldSpec> fields) {
    public Schema {
        Objects.requireNonNull(label, "label");
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("schema needs at least one feature field, got 0");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            String n = fields.get(i).name();
            if (n.equals(label) || seen.put(n, i) != null) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "field names must be unique and differ from the label '%s', got duplicate '%s'",
                        label,
                        n));
            }
        }
    }

    public static Schema of(String label, FieldSpec... fields) {
        return new Schema(label, List.of(fields));
    }

    public int size() {
        return fields.size();
    }

    public FieldSpec field(int i) {
        return fields.get(i);
    }

    /** Index of the named field. @throws IllegalArgumentException naming the known fields if absent */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(String.format(
                Locale.ROOT,
                "field '%s' is not in the schema; fields are %s",
                name,
                fields.stream().map(FieldSpec::name).toList()));
    }
}
