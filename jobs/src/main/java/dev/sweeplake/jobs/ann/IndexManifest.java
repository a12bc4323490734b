package dev.sweeplake.jobs.ann;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.io.IndexParamsCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code manifest.json} of a sharded index folder, written by the driver after every shard is in place and before
 * {@code _SUCCESS}. Layout:
 *
 * <pre>
 * index/
 *   _SUCCESS                              written last: the index is complete
 *   manifest.json                         this record (format, version, params, centroids, counts, checksums)
 *   shards/&lt;build_id&gt;/shard-00000/        one lib-ann shard folder per shard: index.bin + its own manifest.json
 *   _temporary/&lt;build_id&gt;/...              task attempts while building (removed at commit)
 * </pre>
 *
 * Immutable; serializable so that executors get it with the search closure.
 */
public record IndexManifest(
        int formatVersion,
        String buildId,
        String codeVersion,
        String createdAt,
        EngineKind engine,
        Metric metric,
        int dimension,
        long count,
        Sharding sharding,
        double balanceFactor,
        InsertionOrder insertionOrder,
        IndexSpec spec,
        float[] centroids,
        double buildSeconds,
        long skippedRows,
        String input,
        long inputFingerprint,
        List<ShardEntry> shards)
        implements Serializable {

    public static final String FORMAT = "sweeplake-ann-index";
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
    public static final String SUCCESS = "_SUCCESS";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One shard: its folder relative to the index, vector count, index file size and CRC32C, build seconds, the device its
     * task was given ({@code gpu:<address>} or {@code cpu}, see {@link GpuTasks}) and the device lib-ann built it on
     * ({@code cpu} or the GPU's name). Manifests written before these two fields read as {@code cpu}.
     * {@code taskHeapBytes}: an upper bound of the heap the build task held for this shard (see
     * {@link AnnBuildJob#buildShard}); -1 where not recorded (older manifests, multi-threaded shard builds).
     */
    public record ShardEntry(
            int shard,
            String dir,
            long count,
            long bytes,
            String crc32c,
            double buildSeconds,
            String device,
            String builtOn,
            long taskHeapBytes)
            implements Serializable {
        /** Without the build task's heap figure (-1: not recorded, e.g. a manifest written before it existed). */
        public ShardEntry(
                int shard,
                String dir,
                long count,
                long bytes,
                String crc32c,
                double buildSeconds,
                String device,
                String builtOn) {
            this(shard, dir, count, bytes, crc32c, buildSeconds, device, builtOn, -1);
        }
    }

    public IndexManifest {
        shards = List.copyOf(shards);
    }

    /** The shards' lib-ann build parameters. */
    public IndexParams params() {
        return spec.toParams();
    }

    public int shardCount() {
        return shards.size();
    }

    public long bytes() {
        return shards.stream().mapToLong(ShardEntry::bytes).sum();
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("format_version", formatVersion);
        o.put("build_id", buildId);
        o.put("code_version", codeVersion);
        o.put("created_at", createdAt);
        o.put("engine", IndexParamsCodec.code(engine));
        o.put("metric", IndexParamsCodec.code(metric));
        o.put("dimension", dimension);
        o.put("count", count);
        o.put("sharding", code(sharding));
        o.put("balance_factor", balanceFactor);
        o.put("insertion_order", code(insertionOrder));
        o.set("params", paramsNode(spec.toParams()));
        if (centroids != null) {
            ArrayNode c = o.putArray("centroids");
            for (int s = 0; s < centroids.length / dimension; s++) {
                ArrayNode row = c.addArray();
                for (int i = 0; i < dimension; i++) {
                    row.add(centroids[s * dimension + i]);
                }
            }
        }
        o.put("build_seconds", buildSeconds);
        o.put("skipped_rows", skippedRows);
        o.put("input", input);
        o.put("input_fingerprint", Long.toHexString(inputFingerprint));
        ArrayNode a = o.putArray("shards");
        for (ShardEntry s : shards) {
            ObjectNode e = a.addObject();
            e.put("shard", s.shard());
            e.put("dir", s.dir());
            e.put("count", s.count());
            e.put("bytes", s.bytes());
            e.put("crc32c", s.crc32c());
            e.put("build_seconds", s.buildSeconds());
            e.put("device", s.device());
            e.put("built_on", s.builtOn());
            e.put("task_heap_bytes", s.taskHeapBytes());
        }
        return o.toPrettyString() + "\n";
    }

    static IndexManifest fromJson(String text, String source) {
        try {
            JsonNode o = JSON.readTree(text);
            String format = req(o, "format", source).asText();
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "%s: format must be '%s', actual '%s'", source, FORMAT, format));
            }
            int version = req(o, "format_version", source).asInt();
            if (version < 1 || version > FORMAT_VERSION) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "%s: format_version must be in [1, %d], actual %d (written by a newer sweeplake?)",
                        source,
                        FORMAT_VERSION,
                        version));
            }
            IndexParams params;
            try {
                params = IndexParamsCodec.read(JSON.treeAsTokens(o), source);
            } catch (IndexFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            EngineKind engine = params.engine();
            Metric metric = params.metric();
            int dim = req(o, "dimension", source).asInt();
            float[] centroids = null;
            if (o.has("centroids")) {
                JsonNode c = o.get("centroids");
                centroids = new float[c.size() * dim];
                for (int s = 0; s < c.size(); s++) {
                    if (c.get(s).size() != dim) {
                        throw new IllegalArgumentException(String.format(
                                Locale.ROOT,
                                "%s: centroid %d must have dimension %d, actual %d",
                                source,
                                s,
                                dim,
                                c.get(s).size()));
                    }
                    for (int i = 0; i < dim; i++) {
                        centroids[s * dim + i] = (float) c.get(s).get(i).asDouble();
                    }
                }
            }
            List<ShardEntry> shards = new ArrayList<>();
            for (JsonNode e : req(o, "shards", source)) {
                shards.add(new ShardEntry(
                        req(e, "shard", source).asInt(),
                        req(e, "dir", source).asText(),
                        req(e, "count", source).asLong(),
                        req(e, "bytes", source).asLong(),
                        req(e, "crc32c", source).asText(),
                        e.path("build_seconds").asDouble(),
                        e.path("device").asText(GpuTasks.CPU),
                        e.path("built_on").asText(GpuTasks.CPU),
                        e.path("task_heap_bytes").asLong(-1)));
            }
            return new IndexManifest(
                    version,
                    req(o, "build_id", source).asText(),
                    o.path("code_version").asText(),
                    o.path("created_at").asText(),
                    engine,
                    metric,
                    dim,
                    req(o, "count", source).asLong(),
                    sharding(req(o, "sharding", source).asText(), source),
                    o.path("balance_factor").asDouble(),
                    insertionOrder(o.path("insertion_order").asText("ID"), source),
                    IndexSpec.of(params),
                    centroids,
                    o.path("build_seconds").asDouble(),
                    o.path("skipped_rows").asLong(),
                    o.path("input").asText(),
                    Long.parseUnsignedLong(o.path("input_fingerprint").asText("0"), 16),
                    shards);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": invalid JSON: " + e.getMessage(), e);
        }
    }

    // The codes stored on disk, fixed here rather than taken from Enum.name() (exhaustive: a new constant needs a
    // code).
    static String code(Sharding s) {
        return switch (s) {
            case HASH -> "HASH";
            case KMEANS -> "KMEANS";
        };
    }

    static String code(InsertionOrder o) {
        return switch (o) {
            case ID -> "ID";
            case SHUFFLED -> "SHUFFLED";
        };
    }

    private static Sharding sharding(String code, String source) {
        for (Sharding s : Sharding.values()) {
            if (code(s).equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException(String.format(
                Locale.ROOT, "%s: key 'sharding' must be one of HASH, KMEANS, " + "actual '%s'", source, code));
    }

    private static InsertionOrder insertionOrder(String code, String source) {
        for (InsertionOrder o : InsertionOrder.values()) {
            if (code(o).equals(code)) {
                return o;
            }
        }
        throw new IllegalArgumentException(String.format(
                Locale.ROOT, "%s: key 'insertion_order' must be one of ID, " + "SHUFFLED, actual '%s'", source, code));
    }

    /** The params object written by lib-ann's codec (the same layout as a shard's manifest). */
    private static JsonNode paramsNode(IndexParams params) {
        try {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
                g.writeStartObject();
                IndexParamsCodec.writeParams(g, params);
                g.writeEndObject();
            }
            return JSON.readTree(w.toString()).get("params");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** By content: the generated equals would compare {@code centroids} by identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IndexManifest m
                && formatVersion == m.formatVersion
                && Objects.equals(buildId, m.buildId)
                && Objects.equals(codeVersion, m.codeVersion)
                && Objects.equals(createdAt, m.createdAt)
                && engine == m.engine
                && metric == m.metric
                && dimension == m.dimension
                && count == m.count
                && sharding == m.sharding
                && Double.compare(balanceFactor, m.balanceFactor) == 0
                && insertionOrder == m.insertionOrder
                && Objects.equals(spec, m.spec)
                && Arrays.equals(centroids, m.centroids)
                && Double.compare(buildSeconds, m.buildSeconds) == 0
                && skippedRows == m.skippedRows
                && Objects.equals(input, m.input)
                && inputFingerprint == m.inputFingerprint
                && shards.equals(m.shards);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                formatVersion,
                buildId,
                codeVersion,
                createdAt,
                engine,
                metric,
                dimension,
                count,
                sharding,
                balanceFactor,
                insertionOrder,
                spec,
                Arrays.hashCode(centroids),
                buildSeconds,
                skippedRows,
                input,
                inputFingerprint,
                shards);
    }

    @Override
    public String toString() {
        return "IndexManifest[formatVersion=" + formatVersion + ", buildId=" + buildId + ", codeVersion=" + codeVersion
                + ", createdAt=" + createdAt + ", engine=" + engine + ", metric=" + metric + ", dimension=" + dimension
                + ", count=" + count + ", sharding=" + sharding + ", balanceFactor=" + balanceFactor
                + ", insertionOrder="
                + insertionOrder + ", spec=" + spec + ", centroids=" + Arrays.toString(centroids) + ", buildSeconds="
                + buildSeconds + ", skippedRows=" + skippedRows + ", input=" + input + ", inputFingerprint="
                + inputFingerprint
                + ", shards=" + shards + "]";
    }

    private static JsonNode req(JsonNode o, String key, String source) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s: key '%s' is required, actual missing", source, key));
        }
        return v;
    }

    /**
     * Reads the manifest of a complete index. Refuses a missing folder, a folder without {@code _SUCCESS} (a build that did
     * not finish) and a manifest without a shard folder.
     */
    public static IndexManifest read(String indexPath, Configuration conf) {
        Path dir = new Path(indexPath);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                throw new IllegalArgumentException(
                        "index " + indexPath + " must exist, actual missing (run 'sweeplake ann build')");
            }
            if (!fs.exists(new Path(dir, SUCCESS))) {
                throw new IllegalArgumentException("index " + indexPath + " is incomplete: " + SUCCESS
                        + " must exist, actual missing (the build did not finish; run 'sweeplake ann build' again)");
            }
            Path mf = new Path(dir, FILE_NAME);
            if (!fs.exists(mf)) {
                throw new IllegalArgumentException(
                        "index " + indexPath + " is incomplete: " + FILE_NAME + " must exist, actual missing");
            }
            IndexManifest m;
            try (InputStream in = fs.open(mf)) {
                m = fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), mf.toString());
            }
            for (ShardEntry s : m.shards()) {
                if (s.count() == 0) {
                    continue;
                }
                Path f = new Path(new Path(dir, s.dir()), dev.sweeplake.ann.io.ShardFiles.INDEX_FILE);
                if (!fs.exists(f)) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "index %s: shard %d file %s must exist, " + "actual missing",
                            indexPath,
                            s.shard(),
                            f));
                }
                long len = fs.getFileStatus(f).getLen();
                if (len != s.bytes()) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "index %s: shard %d file %s must be %d bytes " + "as in %s, actual %d",
                            indexPath,
                            s.shard(),
                            f,
                            s.bytes(),
                            FILE_NAME,
                            len));
                }
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("reading index " + indexPath, e);
        }
    }

    /** Writes the manifest under a temporary name and renames it (readers ignore it until {@code _SUCCESS} exists). */
    void write(FileSystem fs, Path indexDir) throws IOException {
        Path tmp = new Path(indexDir, "." + FILE_NAME + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(toJson().getBytes(StandardCharsets.UTF_8));
        }
        Path target = new Path(indexDir, FILE_NAME);
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
    }
}
