package dev.sweeplake.ann.gpu;

import dev.sweeplake.ann.internal.format.JsonDoc;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON row of {@link GpuBench}: engine, device, build_s, qps, recall_at_10, ratio and extra fields; absent
 * figures are JSON null. Not thread-safe (built by one thread).
 */
public final class BenchRow {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public BenchRow(String engine, String device) {
        fields.put("engine", engine);
        fields.put("device", device);
        fields.put("build_s", null);
        fields.put("qps", null);
        fields.put("recall_at_10", null);
        fields.put("ratio", null);
    }

    public BenchRow put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    /** One line of JSON; doubles with 4 significant decimals. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(JsonDoc.quote(e.getKey())).append(": ");
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null");
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append(JsonDoc.quote(String.valueOf(v)));
            }
        }
        return sb.append('}').toString();
    }
}
