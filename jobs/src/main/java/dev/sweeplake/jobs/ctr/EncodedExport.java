package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.features.EncodedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Writes a bench's encoded splits (exactly what its lib-ctr trials train on) as raw little-endian arrays, so that an
 * outside reference (jobs/benchmarks/scale/torch_ctr_scale.py) trains on the same ids without re-implementing the
 * feature processing: per split {@code <split>.ids.i32} (int32, row-major, rows x fields: row r's global feature ids of
 * fields 0..F-1) and {@code <split>.labels.f32} (float32, one per row), then {@code meta.json} last (format, num_features,
 * num_fields, fields, rows per split, the prepared splits' folder and the processor's id). A folder whose meta.json names
 * the same splits folder and processor is kept as it is. Only single-valued, unweighted fields can be exported
 * (vocabulary, hashing and bucketized numerics; not normalised numerics or multi-valued bags): anything else is refused
 * with the field's name. Rows are written in chunks (no second copy of a split). Local paths only.
 *
 * <p>Thread-safety: stateless; two writers of one folder at once are not supported.
 */
public final class EncodedExport {
    static final String FORMAT = "sweeplake-encoded-v1";
    private static final int CHUNK_ROWS = 16_384;

    private EncodedExport() {}

    /**
     * Exports {@code train}, {@code valid} and {@code test} to {@code dir} unless it already holds this export.
     *
     * @return true when written, false when the folder already held the same export
     */
    public static boolean write(
            Path dir,
            List<String> fieldNames,
            String splitsFolder,
            String processorId,
            EncodedData train,
            EncodedData valid,
            EncodedData test) {
        EncodedData[] splits = {train, valid, test};
        for (EncodedData d : splits) {
            check(d, fieldNames);
        }
        String meta = meta(fieldNames, splitsFolder, processorId, splits);
        Path metaFile = dir.resolve("meta.json");
        try {
            if (Files.isRegularFile(metaFile)
                    && Files.readString(metaFile, StandardCharsets.UTF_8).equals(meta)) {
                return false;
            }
            Files.createDirectories(dir);
            Files.deleteIfExists(metaFile);
            for (int s = 0; s < 3; s++) {
                String name = SplitStore.SPLITS.get(s);
                writeIds(dir.resolve(name + ".ids.i32"), splits[s]);
                writeLabels(dir.resolve(name + ".labels.f32"), splits[s]);
            }
            Path tmp = dir.resolve("meta.json.tmp");
            Files.writeString(tmp, meta, StandardCharsets.UTF_8);
            Files.move(tmp, metaFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "export_encoded: cannot write the encoded splits to " + dir + ": " + e.getMessage(), e);
        }
    }

    static void check(EncodedData d, List<String> fieldNames) {
        if (d.numFields() != fieldNames.size()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "export_encoded: expected %d fields, the encoded data has %d",
                    fieldNames.size(),
                    d.numFields()));
        }
        for (int f = 0; f < d.numFields(); f++) {
            if (d.offsets(f) != null || d.weights(f) != null) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "export_encoded: field '%s' is %s; only single-valued, unweighted fields (vocabulary, hashing,"
                                + " bucketize) can be exported",
                        fieldNames.get(f),
                        d.offsets(f) != null ? "multi-valued" : "weighted (normalize or mean pooling)"));
            }
        }
    }

    private static String meta(List<String> fieldNames, String folder, String processorId, EncodedData[] splits) {
        StringBuilder b = new StringBuilder();
        b.append("{\"format\": \"")
                .append(FORMAT)
                .append("\", \"num_features\": ")
                .append(splits[0].numFeatures());
        b.append(", \"num_fields\": ").append(fieldNames.size()).append(", \"fields\": [");
        for (int f = 0; f < fieldNames.size(); f++) {
            b.append(f == 0 ? "" : ", ").append(quote(fieldNames.get(f)));
        }
        b.append("], \"rows\": {");
        for (int s = 0; s < 3; s++) {
            b.append(s == 0 ? "" : ", ")
                    .append(quote(SplitStore.SPLITS.get(s)))
                    .append(": ")
                    .append(splits[s].rows());
        }
        b.append("}, \"splits_folder\": ").append(quote(folder));
        b.append(", \"processor\": ").append(quote(processorId)).append("}\n");
        return b.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void writeIds(Path file, EncodedData d) throws IOException {
        int nf = d.numFields();
        int[][] cols = new int[nf][];
        for (int f = 0; f < nf; f++) {
            cols[f] = d.ids(f);
        }
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_ROWS * nf * 4).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int from = 0; from < d.rows(); from += CHUNK_ROWS) {
                int to = Math.min(d.rows(), from + CHUNK_ROWS);
                buf.clear();
                for (int r = from; r < to; r++) {
                    for (int f = 0; f < nf; f++) {
                        buf.putInt(cols[f][r]);
                    }
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }

    private static void writeLabels(Path file, EncodedData d) throws IOException {
        float[] labels = d.labels();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_ROWS * 4).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int from = 0; from < labels.length; from += CHUNK_ROWS) {
                int to = Math.min(labels.length, from + CHUNK_ROWS);
                buf.clear();
                for (int r = from; r < to; r++) {
                    buf.putFloat(labels[r]);
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }
}
