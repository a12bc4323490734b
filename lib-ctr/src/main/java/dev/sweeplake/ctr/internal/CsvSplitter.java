package dev.sweeplake.ctr.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line (RFC 4180 quoting: "a, b" and doubled quotes; no line breaks inside quotes).
 * Thread-safety: stateless.
 */
public final class CsvSplitter {
    private CsvSplitter() {}

    /** Cells of {@code line}; throws IllegalArgumentException with a reason for an unterminated quote. */
    public static List<String> split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
            } else if (c == delimiter) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted cell");
        }
        out.add(cell.toString());
        return out;
    }
}
