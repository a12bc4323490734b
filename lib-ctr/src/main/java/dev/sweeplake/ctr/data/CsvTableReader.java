package dev.sweeplake.ctr.data;

import dev.sweeplake.ctr.internal.CsvSplitter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CSV file with a header row into a {@link RawTable} of a declared {@link Schema}. Columns are matched by
 * header name (extra columns are ignored; a schema field or the label missing from the header is an error). Labels
 * must parse to 0 or 1 ("0", "1", "0.0", "1.0"). Numeric cells: empty = missing (NaN), anything else must parse as a
 * double. Multi-categorical cells are split on {@code multiSeparator}; an empty cell is an empty bag. Every parse
 * error is a {@link MalformedDataException} naming file and line.
 *
 * <p>Thread-safety: immutable; {@link #read} may be called concurrently.
 *
 * @param delimiter column delimiter (',' or '\t' ...)
 * @param multiSeparator separator inside multi-categorical cells (e.g. '|' or '^')
 */
public record CsvTableReader(char delimiter, char multiSeparator) {
    public static CsvTableReader defaults() {
        return new CsvTableReader(',', '|');
    }

    public RawTable read(Path file, Schema schema) {
        String name = file.toString();
        RawTable.Builder b = RawTable.builder(schema);
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new MalformedDataException(name, 1, "empty file: expected a header row");
            }
            List<String> cols = CsvSplitter.split(header, delimiter);
            Map<String, Integer> pos = new HashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                pos.put(cols.get(i).trim(), i);
            }
            int labelCol = column(pos, schema.label(), name, cols);
            int[] fieldCol = new int[schema.size()];
            for (int f = 0; f < schema.size(); f++) {
                fieldCol[f] = column(pos, schema.field(f).name(), name, cols);
            }
            String line;
            long no = 1;
            Object[] vals = new Object[schema.size()];
            String sep = java.util.regex.Pattern.quote(String.valueOf(multiSeparator));
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isEmpty()) {
                    continue;
                }
                List<String> c;
                try {
                    c = CsvSplitter.split(line, delimiter);
                } catch (IllegalArgumentException e) {
                    throw new MalformedDataException(name, no, e.getMessage());
                }
                if (c.size() != cols.size()) {
                    throw new MalformedDataException(
                            name,
                            no,
                            String.format(
                                    Locale.ROOT, "expected %d columns (as the header), got %d", cols.size(), c.size()));
                }
                float label = parseLabel(c.get(labelCol).trim(), name, no);
                for (int f = 0; f < schema.size(); f++) {
                    String cell = c.get(fieldCol[f]);
                    FieldSpec spec = schema.field(f);
                    switch (spec.type()) {
                        case CATEGORICAL -> vals[f] = cell;
                        case NUMERIC -> {
                            String t = cell.trim();
                            if (t.isEmpty()) {
                                vals[f] = null;
                            } else {
                                try {
                                    vals[f] = Double.parseDouble(t);
                                } catch (NumberFormatException e) {
                                    throw new MalformedDataException(
                                            name,
                                            no,
                                            String.format(
                                                    Locale.ROOT,
                                                    "numeric field '%s' is not a number: '%s'",
                                                    spec.name(),
                                                    t));
                                }
                            }
                        }
                        case MULTI_CATEGORICAL -> vals[f] = cell.isEmpty() ? new String[0] : cell.split(sep, -1);
                        default -> throw new AssertionError();
                    }
                }
                b.addRow(label, vals);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.build();
    }

    private static int column(Map<String, Integer> pos, String field, String file, List<String> header) {
        Integer i = pos.get(field);
        if (i == null) {
            throw new MalformedDataException(
                    file,
                    1,
                    String.format(Locale.ROOT, "schema field '%s' is missing from the header %s", field, header));
        }
        return i;
    }

    static float parseLabel(String s, String file, long line) {
        double y;
        try {
            y = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new MalformedDataException(file, line, "label is not a number: '" + s + "'");
        }
        if (y != 0 && y != 1) {
            throw new MalformedDataException(file, line, "label must be 0 or 1, got " + s);
        }
        return (float) y;
    }
}
