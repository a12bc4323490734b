package dev.sweeplake.ann.io;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.format.JsonDoc;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code manifest.json} of a shard folder: format version, engine, metric, dimension, count, build parameters and
 * the size and CRC32C of every file. Written last, so a shard without a manifest is incomplete. Immutable.
 *
 * <pre>
 * {"format":"sweeplake-ann-shard","format_version":2,"engine":"HNSW","metric":"L2","dimension":784,"count":9000,
 *  "params":{"m":16,"ef_construction":100,"nlist":64,"pq_subspaces":16,"rerank_store":"SQ8","reduced_dimension":0,
 *            "kmeans_iterations":10,"seed":42},
 *  "files":[{"name":"index.bin","bytes":29561216,"crc32c":"1a2b3c4d"}]}
 * </pre>
 */
public record ShardManifest(
        int formatVersion,
        EngineKind engine,
        Metric metric,
        int dimension,
        int count,
        IndexParams params,
        List<ShardFile> files) {
    /**
     * Manifest format written by this version of lib-ann. 2: a file's {@code crc32c} is the CRC32C of its bytes before
     * the 8-byte footer (which identifies the content); 1 (still read): of the whole file, footer included, which is
     * the same constant for every intact index file.
     */
    public static final int FORMAT_VERSION = 2;

    public static final String FORMAT_NAME = "sweeplake-ann-shard";
    public static final String FILE_NAME = "manifest.json";

    public ShardManifest {
        files = List.copyOf(files);
    }

    /** One file of the shard. */
    public record ShardFile(String name, long bytes, int crc32c) {
        public String crc32cHex() {
            return String.format(Locale.ROOT, "%08x", crc32c);
        }
    }

    /** The manifest as one line of JSON (keys in the order of the class javadoc) and a newline. */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonDoc.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT_NAME);
            g.writeNumberField("format_version", formatVersion);
            IndexParamsCodec.writeEngineAndMetric(g, engine, metric);
            g.writeNumberField("dimension", dimension);
            g.writeNumberField("count", count);
            IndexParamsCodec.writeParams(g, params);
            g.writeArrayFieldStart("files");
            for (ShardFile f : files) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                g.writeNumberField("bytes", f.bytes());
                g.writeStringField("crc32c", f.crc32cHex());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    /**
     * Parses and validates a manifest; refuses a newer format version naming expected and actual, and a missing,
     * {@code null} or wrong-typed key naming the key, the expected type and the actual value.
     */
    public static ShardManifest fromJson(String json, String source) {
        JsonDoc m = JsonDoc.parse(json, source);
        String format = m.string("format");
        if (!FORMAT_NAME.equals(format)) {
            throw new IndexFormatException(
                    Checks.fmt("%s: format must be '%s', actual '%s'", source, FORMAT_NAME, format));
        }
        int version = m.integer("format_version");
        if (version < 1 || version > FORMAT_VERSION) {
            throw new IndexFormatException(Checks.fmt(
                    "%s: format_version must be in [1, %d], actual %d (written by a newer lib-ann?)",
                    source, FORMAT_VERSION, version));
        }
        EngineKind engine = IndexParamsCodec.engine(m);
        Metric metric = IndexParamsCodec.metric(m);
        int dim = m.integer("dimension");
        int count = m.integer("count");
        IndexParams params = IndexParamsCodec.params(m, engine, metric);
        List<ShardFile> files = new ArrayList<>();
        for (JsonDoc f : m.objects("files")) {
            String crc = f.string("crc32c");
            if (!crc.matches("[0-9a-fA-F]{8}")) {
                throw new IndexFormatException(Checks.fmt(
                        "%s: key '%s' must be 8 hex digits, actual '%s'", source, f.path() + ".crc32c", crc));
            }
            files.add(new ShardFile(f.string("name"), f.longValue("bytes"), Integer.parseUnsignedInt(crc, 16)));
        }
        try {
            return new ShardManifest(version, engine, metric, dim, count, params, files);
        } catch (IllegalArgumentException e) {
            throw m.invalid("manifest", e);
        }
    }

    /** The entry of a file, or an {@link IndexFormatException} naming it. */
    public ShardFile file(String name) {
        for (ShardFile f : files) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IndexFormatException(Checks.fmt(
                "manifest must list file '%s', actual files %s",
                name, files.stream().map(ShardFile::name).toList()));
    }
}
