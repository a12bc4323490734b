package dev.sweeplake.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The small HTML and formatting toolkit of the report: escaping, tables, number formats, and the flattening of a trial's
 * params JSON into {@code a.b=value} leaves. Stateless; thread-safe.
 */
final class Html {
    private Html() {}

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A table; cells are escaped unless they start with {@code <span} (a status pill made here). */
    static String table(List<String> header, List<List<String>> rows, Set<Integer> numeric) {
        StringBuilder b = new StringBuilder("<div class=\"tw\"><table><thead><tr>");
        for (int i = 0; i < header.size(); i++) {
            b.append(numeric.contains(i) ? "<th class=\"n\">" : "<th>")
                    .append(esc(header.get(i)))
                    .append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            b.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                b.append(numeric.contains(i) ? "<td class=\"n\">" : "<td>")
                        .append(v != null && v.startsWith("<span") ? v : esc(v))
                        .append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</tbody></table></div>\n").toString();
    }

    /** A number for people: 4 significant digits, thousands grouped above 10,000; empty for null/NaN. */
    static String num(Double v) {
        if (v == null || v.isNaN()) {
            return "";
        }
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e9 || a < 1e-4)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** Bytes as KB/MB/GB. */
    static String bytes(Double v) {
        if (v == null || v.isNaN()) {
            return "";
        }
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double x = v;
        int u = 0;
        while (x >= 1024 && u < units.length - 1) {
            x /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", x, units[u]);
    }

    /** The scalar leaves of a JSON object as {@code path -> text}, nested objects joined with dots, in document order. */
    static Map<String, String> leaves(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            out.put(prefix, node.toString());
        } else {
            out.put(prefix, node.asText());
        }
    }

    /** The last segment of a dotted path ({@code params.ef} -> {@code ef}). */
    static String leafName(String path) {
        int i = path.lastIndexOf('.');
        return i < 0 ? path : path.substring(i + 1);
    }

    /**
     * Short labels that tell configurations apart: for each, the leaves whose value differs between configurations
     * (except the excluded leaf names), as {@code name=value}; {@code always} leaves are shown first whatever they hold.
     */
    static List<String> distinguishingLabels(
            List<Map<String, String>> configs, Set<String> always, Set<String> excluded) {
        Set<String> varying = new java.util.LinkedHashSet<>();
        for (Map<String, String> c : configs) {
            for (String k : c.keySet()) {
                if (excluded.contains(leafName(k)) || always.contains(leafName(k))) {
                    continue;
                }
                String v = c.get(k);
                for (Map<String, String> d : configs) {
                    // A leaf that another configuration lacks (another model's parameter) tells nothing apart by
                    // itself.
                    if (d.containsKey(k) && !java.util.Objects.equals(v, d.get(k))) {
                        varying.add(k);
                        break;
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (Map<String, String> c : configs) {
            StringBuilder b = new StringBuilder();
            Set<String> shown = new java.util.HashSet<>();
            for (Map.Entry<String, String> e : c.entrySet()) {
                if (always.contains(leafName(e.getKey())) && shown.add(e.getValue())) {
                    b.append(b.length() == 0 ? "" : " ").append(e.getValue());
                }
            }
            for (String k : varying) {
                if (c.containsKey(k)) {
                    b.append(b.length() == 0 ? "" : " ")
                            .append(leafName(k))
                            .append('=')
                            .append(shortValue(c.get(k)));
                }
            }
            out.add(b.length() == 0 ? "default" : b.toString());
        }
        return out;
    }

    private static String shortValue(String v) {
        try {
            double d = Double.parseDouble(v);
            if (!v.matches("-?\\d+")) {
                return String.format(Locale.ROOT, "%.4g", d)
                        .replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
                        .replaceAll("\\.(e|$)", "$1");
            }
        } catch (NumberFormatException ignored) {
            // not a number: shown as it is
        }
        return v.length() > 24 ? v.substring(0, 23) + "\u2026" : v;
    }

    /** Sample mean and standard deviation (n - 1; 0 for one value). */
    static double[] meanStd(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new double[] {mean, values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : 0.0};
    }
}
