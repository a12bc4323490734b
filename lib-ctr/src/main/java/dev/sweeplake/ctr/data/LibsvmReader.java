package dev.sweeplake.ctr.data;

import dev.sweeplake.ctr.features.EncodedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads already-encoded sparse files straight into {@link EncodedData}:
 * <ul>
 *   <li>libsvm / libFM: {@code label idx:value idx:value ...}: one multi-valued field (the whole row), ids = idx,
 *       weights = values (sum pooling). Suits LR; for field-aware interactions (FM, DeepFM, DCNv2 here work on
 *       fields) use the libffm form.</li>
 *   <li>libffm: {@code label field:idx:value ...}: {@code numFields} fields, each a bag of (idx, value); a row with no
 *       entry for a field gets that field's padding id 0 with weight 0.</li>
 * </ul>
 * Labels: 0/1, or -1/+1 (mapped to 0/1). Indices are 0-based ids below {@code numFeatures}. Errors name file and line.
 *
 * <p>Thread-safety: stateless.
 */
public final class LibsvmReader {
    private LibsvmReader() {}

    /** libsvm/libFM file. @param numFeatures size of the id space (every idx must be below it) */
    public static EncodedData readLibsvm(Path file, int numFeatures) {
        return read(file, 1, numFeatures, false);
    }

    /** libffm file with {@code numFields} fields. */
    public static EncodedData readLibffm(Path file, int numFields, int numFeatures) {
        return read(file, numFields, numFeatures, true);
    }

    private static EncodedData read(Path file, int numFields, int numFeatures, boolean ffm) {
        String name = file.toString();
        float[] labels = new float[1024];
        int[][] ids = new int[numFields][1024];
        float[][] w = new float[numFields][1024];
        int[][] off = new int[numFields][1025];
        int[] fill = new int[numFields];
        int rows = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] tok = line.split("\\s+");
                float y = switch (tok[0]) {
                    case "1", "+1", "1.0" -> 1f;
                    case "0", "-1", "0.0", "-1.0" -> 0f;
                    default ->
                        throw new MalformedDataException(name, no, "label must be 0/1 or -1/+1, got '" + tok[0] + "'");
                };
                if (rows == labels.length) {
                    labels = Arrays.copyOf(labels, rows * 2);
                    for (int f = 0; f < numFields; f++) {
                        off[f] = Arrays.copyOf(off[f], rows * 2 + 1);
                    }
                }
                labels[rows] = y;
                for (int t = 1; t < tok.length; t++) {
                    String[] parts = tok[t].split(":");
                    if (parts.length != (ffm ? 3 : 2)) {
                        throw new MalformedDataException(
                                name,
                                no,
                                String.format(
                                        Locale.ROOT,
                                        "token %d '%s': expected %s",
                                        t,
                                        tok[t],
                                        ffm ? "field:idx:value" : "idx:value"));
                    }
                    int field;
                    int idx;
                    float val;
                    try {
                        field = ffm ? Integer.parseInt(parts[0]) : 0;
                        idx = Integer.parseInt(parts[ffm ? 1 : 0]);
                        val = Float.parseFloat(parts[ffm ? 2 : 1]);
                    } catch (NumberFormatException e) {
                        throw new MalformedDataException(name, no, "token " + t + " '" + tok[t] + "': not a number");
                    }
                    if (field < 0 || field >= numFields) {
                        throw new MalformedDataException(
                                name,
                                no,
                                String.format(Locale.ROOT, "field must be in [0, %d), got %d", numFields, field));
                    }
                    if (idx < 0 || idx >= numFeatures) {
                        throw new MalformedDataException(
                                name,
                                no,
                                String.format(
                                        Locale.ROOT, "feature index must be in [0, %d), got %d", numFeatures, idx));
                    }
                    if (fill[field] == ids[field].length) {
                        ids[field] = Arrays.copyOf(ids[field], fill[field] * 2);
                        w[field] = Arrays.copyOf(w[field], fill[field] * 2);
                    }
                    ids[field][fill[field]] = idx;
                    w[field][fill[field]++] = val;
                }
                for (int f = 0; f < numFields; f++) {
                    if (fill[f] == off[f][rows]) { // empty bag: padding id 0, weight 0
                        if (fill[f] == ids[f].length) {
                            ids[f] = Arrays.copyOf(ids[f], fill[f] * 2);
                            w[f] = Arrays.copyOf(w[f], fill[f] * 2);
                        }
                        ids[f][fill[f]] = 0;
                        w[f][fill[f]++] = 0f;
                    }
                    off[f][rows + 1] = fill[f];
                }
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[][] outIds = new int[numFields][];
        float[][] outW = new float[numFields][];
        int[][] outOff = new int[numFields][];
        for (int f = 0; f < numFields; f++) {
            outIds[f] = Arrays.copyOf(ids[f], fill[f]);
            outW[f] = Arrays.copyOf(w[f], fill[f]);
            outOff[f] = Arrays.copyOf(off[f], rows + 1);
        }
        return EncodedData.of(numFeatures, outIds, outOff, outW, Arrays.copyOf(labels, rows));
    }
}
