package dev.sweeplake.ann.io;

import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.RerankStore;
import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.format.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
public record ShardManifest(int formatVersion, EngineKind engine, Metric metric, int dimension, int count,
                            IndexParams params, List<ShardFile> files) {
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

    public String toJson() {
        StringBuilder b = new StringBuilder();
        b.append("{\"format\":").append(Json.quote(FORMAT_NAME))
                .append(",\"format_version\":").append(formatVersion)
                .append(",\"engine\":").append(Json.quote(engine.name()))
                .append(",\"metric\":").append(Json.quote(metric.name()))
                .append(",\"dimension\":").append(dimension)
                .append(",\"count\":").append(count)
                .append(",\"params\":{\"m\":").append(params.m())
                .append(",\"ef_construction\":").append(params.efConstruction())
                .append(",\"nlist\":").append(params.nlist())
                .append(",\"pq_subspaces\":").append(params.pqSubspaces())
                .append(",\"rerank_store\":").append(Json.quote(params.rerankStore().name()))
                .append(",\"reduced_dimension\":").append(params.reducedDimension())
                .append(",\"kmeans_iterations\":").append(params.kmeansIterations())
                .append(",\"seed\":").append(params.seed())
                .append("},\"files\":[");
        for (int i = 0; i < files.size(); i++) {
            ShardFile f = files.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(Json.quote(f.name()))
                    .append(",\"bytes\":").append(f.bytes())
                    .append(",\"crc32c\":").append(Json.quote(f.crc32cHex())).append('}');
        }
        return b.append("]}\n").toString();
    }

    /** Parses and validates a manifest; refuses a newer format version naming expected and actual. */
    @SuppressWarnings("unchecked")
    public static ShardManifest fromJson(String json, String source) {
        try {
            Map<String, Object> m = (Map<String, Object>) Json.parse(json);
            String format = (String) req(m, "format", source);
            if (!FORMAT_NAME.equals(format)) {
                throw new IndexFormatException(Checks.fmt("%s: format must be '%s', actual '%s'", source,
                        FORMAT_NAME, format));
            }
            int version = ((Json.Num) req(m, "format_version", source)).asInt();
            if (version < 1 || version > FORMAT_VERSION) {
                throw new IndexFormatException(Checks.fmt(
                        "%s: format_version must be in [1, %d], actual %d (written by a newer lib-ann?)", source,
                        FORMAT_VERSION, version));
            }
            EngineKind engine = EngineKind.valueOf((String) req(m, "engine", source));
            Metric metric = Metric.valueOf((String) req(m, "metric", source));
            int dim = ((Json.Num) req(m, "dimension", source)).asInt();
            int count = ((Json.Num) req(m, "count", source)).asInt();
            Map<String, Object> p = (Map<String, Object>) req(m, "params", source);
            IndexParams params = new IndexParams(engine, metric,
                    ((Json.Num) req(p, "m", source)).asInt(),
                    ((Json.Num) req(p, "ef_construction", source)).asInt(),
                    ((Json.Num) req(p, "nlist", source)).asInt(),
                    ((Json.Num) req(p, "pq_subspaces", source)).asInt(),
                    RerankStore.valueOf((String) req(p, "rerank_store", source)),
                    ((Json.Num) req(p, "reduced_dimension", source)).asInt(),
                    ((Json.Num) req(p, "kmeans_iterations", source)).asInt(),
                    ((Json.Num) req(p, "seed", source)).asLong());
            List<ShardFile> files = new ArrayList<>();
            for (Object o : (List<Object>) req(m, "files", source)) {
                Map<String, Object> f = (Map<String, Object>) o;
                files.add(new ShardFile((String) req(f, "name", source), ((Json.Num) req(f, "bytes", source)).asLong(),
                        Integer.parseUnsignedInt((String) req(f, "crc32c", source), 16)));
            }
            return new ShardManifest(version, engine, metric, dim, count, params, files);
        } catch (ClassCastException | IllegalArgumentException e) {
            if (e instanceof IndexFormatException) {
                throw e;
            }
            throw new IndexFormatException(Checks.fmt("%s: invalid manifest: %s", source, e.getMessage()));
        }
    }

    private static Object req(Map<String, Object> m, String key, String source) {
        if (!m.containsKey(key)) {
            throw new IndexFormatException(Checks.fmt("%s: key '%s' is required, actual missing", source, key));
        }
        return m.get(key);
    }

    /** The entry of a file, or an {@link IndexFormatException} naming it. */
    public ShardFile file(String name) {
        for (ShardFile f : files) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IndexFormatException(Checks.fmt("manifest must list file '%s', actual files %s", name,
                files.stream().map(ShardFile::name).toList()));
    }
}
