package dev.sweeplake.jobs.store;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.types.StructType;

/**
 * One Delta table of the metrics store: its name (the folder under the warehouse and the catalog table name), its fixed
 * schema and the key columns that make a row unique. Writes insert only rows whose key is absent, so a retried or resumed
 * write never duplicates a row.
 */
public record TableSpec(String name, StructType schema, List<String> key) {
    public TableSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        key = List.copyOf(key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("table " + name + ": key columns must not be empty");
        }
        for (String k : key) {
            if (!List.of(schema.fieldNames()).contains(k)) {
                throw new IllegalArgumentException("table " + name + ": key column " + k + " is not in the schema");
            }
        }
    }
}
