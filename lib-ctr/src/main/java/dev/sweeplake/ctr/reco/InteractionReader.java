package dev.sweeplake.ctr.reco;

import dev.sweeplake.ctr.data.MalformedDataException;
import dev.sweeplake.ctr.internal.CsvSplitter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads interaction files: the MovieLens layouts ({@link MovieLensLayout}) and delimited text with a header and named
 * columns. Rules, the same for every layout: user and item ids are integers (64-bit); a rating, where present, is a
 * finite number; a timestamp, where present, is an integer (seconds); every line has exactly the layout's column count;
 * empty lines are skipped. Any other line is a {@link MalformedDataException} naming file, 1-based line and the
 * offending value, thrown before anything else happens to the data.
 *
 * <p>Thread-safety: stateless.
 */
public final class InteractionReader {
    private InteractionReader() {}

    /** Reads a MovieLens distribution folder (layout detected by {@link MovieLensLayout#detect}). */
    public static Interactions readMovieLens(Path dir) {
        return readMovieLens(dir, MovieLensLayout.detect(dir));
    }

    /** Reads the rating file of {@code layout} inside {@code dir}. */
    public static Interactions readMovieLens(Path dir, MovieLensLayout layout) {
        Path file = dir.resolve(layout.fileName());
        String name = file.toString();
        Interactions.Builder b = new Interactions.Builder();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long no = 0;
            if (layout.header() != null) {
                line = r.readLine();
                no++;
                String h = line == null ? null : stripBom(line).trim();
                if (h == null || !h.equals(layout.header())) {
                    throw new MalformedDataException(
                            name,
                            1,
                            String.format(
                                    Locale.ROOT,
                                    "expected header '%s' (%s layout), got %s",
                                    layout.header(),
                                    layout.id(),
                                    h == null ? "an empty file" : "'" + h + "'"));
                }
            }
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] c = split(line, layout.delimiter());
                if (c.length != 4) {
                    throw new MalformedDataException(
                            name,
                            no,
                            String.format(
                                    Locale.ROOT,
                                    "expected 4 columns separated by '%s' (user, item, rating, timestamp), got %d: '%s'",
                                    printable(layout.delimiter()),
                                    c.length,
                                    abbreviate(line)));
                }
                b.add(
                        parseId(c[0], "user", name, no),
                        parseId(c[1], "item", name, no),
                        parseRating(c[2], name, no),
                        parseTime(c[3], name, no));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("interaction file not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return b.build(name);
    }

    /**
     * Columns of a delimited file with a header.
     *
     * @param user user id column (required)
     * @param item item id column (required)
     * @param rating rating column, empty = none
     * @param timestamp timestamp column (integer seconds), empty = none
     * @param delimiter one character
     */
    public record Columns(
            String user, String item, Optional<String> rating, Optional<String> timestamp, char delimiter) {
        public Columns {
            if (user == null || user.isBlank() || item == null || item.isBlank()) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "columns: user and item column names are required, got user '%s', item '%s'",
                        user,
                        item));
            }
            rating = rating == null ? Optional.empty() : rating;
            timestamp = timestamp == null ? Optional.empty() : timestamp;
        }
    }

    /** Reads a delimited file with a header row; columns are found by name (extra columns are ignored). */
    public static Interactions readDelimited(Path file, Columns cols) {
        String name = file.toString();
        Interactions.Builder b = new Interactions.Builder();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new MalformedDataException(name, 1, "empty file: expected a header row naming the columns");
            }
            List<String> h = CsvSplitter.split(stripBom(header), cols.delimiter());
            Map<String, Integer> pos = new HashMap<>();
            for (int i = 0; i < h.size(); i++) {
                pos.put(h.get(i).trim(), i);
            }
            int uc = column(pos, cols.user(), name, h);
            int ic = column(pos, cols.item(), name, h);
            int rc = cols.rating().map(c -> column(pos, c, name, h)).orElse(-1);
            int tc = cols.timestamp().map(c -> column(pos, c, name, h)).orElse(-1);
            String line;
            long no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> c;
                try {
                    c = CsvSplitter.split(line, cols.delimiter());
                } catch (IllegalArgumentException e) {
                    throw new MalformedDataException(name, no, e.getMessage());
                }
                if (c.size() != h.size()) {
                    throw new MalformedDataException(
                            name,
                            no,
                            String.format(
                                    Locale.ROOT,
                                    "expected %d columns (as the header), got %d: '%s'",
                                    h.size(),
                                    c.size(),
                                    abbreviate(line)));
                }
                b.add(
                        parseId(c.get(uc), "user", name, no),
                        parseId(c.get(ic), "item", name, no),
                        rc < 0 ? Float.NaN : parseRating(c.get(rc), name, no),
                        tc < 0 ? Interactions.NO_TIME : parseTime(c.get(tc), name, no));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("interaction file not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return b.build(name);
    }

    private static int column(Map<String, Integer> pos, String col, String file, List<String> header) {
        Integer i = pos.get(col);
        if (i == null) {
            throw new MalformedDataException(
                    file, 1, String.format(Locale.ROOT, "column '%s' not in the header %s", col, header));
        }
        return i;
    }

    static String[] split(String line, String delimiter) {
        if (delimiter.length() == 1) {
            return line.split(java.util.regex.Pattern.quote(delimiter), -1);
        }
        return line.split(java.util.regex.Pattern.quote(delimiter), -1);
    }

    static long parseId(String s, String what, String file, long line) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new MalformedDataException(
                    file, line, String.format(Locale.ROOT, "%s id must be an integer, got '%s'", what, s));
        }
    }

    static float parseRating(String s, String file, long line) {
        float v;
        try {
            v = Float.parseFloat(s.trim());
        } catch (NumberFormatException e) {
            throw new MalformedDataException(
                    file, line, String.format(Locale.ROOT, "rating must be a number, got '%s'", s));
        }
        if (!Float.isFinite(v)) {
            throw new MalformedDataException(
                    file, line, String.format(Locale.ROOT, "rating must be finite, got '%s'", s));
        }
        return v;
    }

    static long parseTime(String s, String file, long line) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new MalformedDataException(
                    file, line, String.format(Locale.ROOT, "timestamp must be integer seconds, got '%s'", s));
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static String printable(String d) {
        return d.equals("\t") ? "\\t" : d;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
