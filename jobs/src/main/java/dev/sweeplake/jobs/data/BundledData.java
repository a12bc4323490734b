package dev.sweeplake.jobs.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Data sets shipped inside the jar, so that the demo runs with no network and no ../shared. */
public final class BundledData {
    private BundledData() {}

    /** A labelled vector set: row i has id i. */
    public record LabelledVectors(String name, float[][] vectors, int[] labels) {
        public int dim() {
            return vectors.length == 0 ? 0 : vectors[0].length;
        }
    }

    /** UCI digits (CC BY 4.0): 1,797 rows of 64 features and a label. */
    public static LabelledVectors digits() {
        String resource = "/sweeplake/data/digits.csv.gz";
        try (InputStream raw = BundledData.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("bundled data set missing from the jar: " + resource);
            }
            return parseDigits(new GZIPInputStream(raw), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * Reads a user's labelled vectors: a local CSV file (gzip when the name ends in .gz), numbers separated by commas, the
     * integer label last. Every row must have the same width; a bad row is named by file and line.
     */
    public static LabelledVectors labelledCsv(java.nio.file.Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException("input file not found: " + file);
        }
        try (InputStream raw = java.nio.file.Files.newInputStream(file)) {
            InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            LabelledVectors v = parse(in, file.toString(), -1);
            if (v.vectors().length == 0) {
                throw new IllegalArgumentException(file + ": expected at least one row, got none");
            }
            return new LabelledVectors(file.getFileName().toString(), v.vectors(), v.labels());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static LabelledVectors parseDigits(InputStream in, String source) throws IOException {
        return parse(in, source, 65);
    }

    /** {@code width} is the values per row including the label, or -1 to take it from the first row. */
    static LabelledVectors parse(InputStream in, String source, int width) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",");
                if (width < 0) {
                    width = parts.length;
                    if (width < 2) {
                        throw new IllegalArgumentException(String.format(
                                Locale.ROOT,
                                "%s line %d: expected at least 2 values (features, then the label), got %d",
                                source,
                                lineNo,
                                width));
                    }
                }
                if (parts.length != width) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "%s line %d: expected %d values, got %d",
                            source,
                            lineNo,
                            width,
                            parts.length));
                }
                float[] v = new float[width - 1];
                for (int i = 0; i < width; i++) {
                    float x;
                    try {
                        x = Float.parseFloat(parts[i].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(String.format(
                                Locale.ROOT,
                                "%s line %d, column %d: expected a number, got '%s'",
                                source,
                                lineNo,
                                i + 1,
                                parts[i]));
                    }
                    if (!Float.isFinite(x)) {
                        throw new IllegalArgumentException(String.format(
                                Locale.ROOT,
                                "%s line %d, column %d: expected a finite number, got %s",
                                source,
                                lineNo,
                                i + 1,
                                parts[i]));
                    }
                    if (i < width - 1) {
                        v[i] = x;
                    } else if (x != Math.rint(x) || x < 0 || x > 9) {
                        throw new IllegalArgumentException(String.format(
                                Locale.ROOT,
                                "%s line %d: expected an integer label in [0, 9] last, got %s",
                                source,
                                lineNo,
                                parts[i]));
                    } else {
                        labels.add((int) x);
                    }
                }
                rows.add(v);
            }
        }
        return new LabelledVectors(
                "digits",
                rows.toArray(new float[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }
}
