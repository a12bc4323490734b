package dev.sweeplake.jobs.util;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Live-object class histograms of this JVM (HotSpot's {@code GC.class_histogram} diagnostic command, which runs a full
 * collection first), and the classes whose bytes grew most between two of them: a diagnostic for "what did this step
 * leave live". Immutable; thread-safe.
 *
 * @param bytes   per class name (as the command prints it, module suffix included): bytes of live instances
 * @param counts  per class name: live instances
 */
public record HeapHistogram(Map<String, Long> bytes, Map<String, Long> counts) {
    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(.+?)\\s*$");

    /** Takes a histogram of the live objects now (a full GC); null where the JVM offers no such command. */
    public static HeapHistogram take() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
            return parse(String.valueOf(text));
        } catch (JMException | RuntimeException e) {
            return null;
        }
    }

    /** Parses the command's text: lines {@code "  num:  instances  bytes  class"}; other lines are skipped. */
    public static HeapHistogram parse(String text) {
        Map<String, Long> bytes = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                bytes.merge(m.group(3), Long.parseLong(m.group(2)), Long::sum);
                counts.merge(m.group(3), Long.parseLong(m.group(1)), Long::sum);
            }
        }
        return new HeapHistogram(Map.copyOf(bytes), Map.copyOf(counts));
    }

    /** Bytes of all live instances. */
    public long totalBytes() {
        return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The {@code top} classes whose live bytes grew most from {@code before} to this histogram, one line each ({@code
     * +MB (instances) class}), largest growth first; classes that shrank or stayed are left out.
     */
    public List<String> grownSince(HeapHistogram before, int top) {
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        for (Map.Entry<String, Long> e : bytes.entrySet()) {
            long d = e.getValue() - before.bytes.getOrDefault(e.getKey(), 0L);
            if (d > 0) {
                grown.add(Map.entry(e.getKey(), d));
            }
        }
        grown.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : grown.subList(0, Math.min(top, grown.size()))) {
            long n = counts.getOrDefault(e.getKey(), 0L) - before.counts.getOrDefault(e.getKey(), 0L);
            out.add(String.format(Locale.ROOT, "%+.1f MB (%+d instances) %s", e.getValue() / 1e6, n, e.getKey()));
        }
        return out;
    }
}
