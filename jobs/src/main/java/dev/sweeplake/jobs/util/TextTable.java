package dev.sweeplake.jobs.util;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for people: columns padded to their widest cell. Not thread-safe. */
public final class TextTable {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = header.clone();
    }

    public TextTable row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, got " + cells.length);
        }
        String[] s = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            s[i] = cells[i] == null ? "" : cells[i].toString();
        }
        rows.add(s);
        return this;
    }

    public String render() {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        }
        sb.append(rule).append('\n');
        for (String[] r : rows) {
            line(sb, r, w);
        }
        return sb.toString().stripTrailing();
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                l.append("  ");
            }
            l.append(cells[i]).append(" ".repeat(w[i] - cells[i].length()));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
