package dev.sweeplake.ann.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.RerankStore;
import dev.sweeplake.ann.internal.format.JsonDoc;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The one JSON codec of {@link IndexParams} and of the engine, metric and re-rank store codes, shared by the shard
 * manifest ({@link ShardManifest}) and the sharded index's manifest in the jobs module. The codes written to disk are
 * the strings below, fixed here rather than taken from {@code Enum.name()}, so renaming a constant cannot change a
 * format (the switches are exhaustive: a new constant does not compile until it has a code). Layout of the params
 * object:
 *
 * <pre>
 * {"m":16,"ef_construction":100,"nlist":64,"pq_subspaces":16,"rerank_store":"SQ8","reduced_dimension":0,
 *  "kmeans_iterations":10,"seed":42}
 * </pre>
 *
 * Stateless; thread-safe.
 */
public final class IndexParamsCodec {
    private IndexParamsCodec() {}

    public static String code(EngineKind e) {
        return switch (e) {
            case FLAT -> "FLAT";
            case HNSW -> "HNSW";
            case IVF_FLAT -> "IVF_FLAT";
            case IVF_PQ -> "IVF_PQ";
            case GPU_FLAT -> "GPU_FLAT";
            case GPU_IVF_FLAT -> "GPU_IVF_FLAT";
            case GPU_GRAPH -> "GPU_GRAPH";
        };
    }

    public static String code(Metric m) {
        return switch (m) {
            case L2 -> "L2";
            case INNER_PRODUCT -> "INNER_PRODUCT";
            case COSINE -> "COSINE";
        };
    }

    public static String code(RerankStore r) {
        return switch (r) {
            case NONE -> "NONE";
            case SQ8 -> "SQ8";
            case FLOAT -> "FLOAT";
        };
    }

    private static <E extends Enum<E>> E decode(E[] values, java.util.function.Function<E, String> code, String s) {
        for (E e : values) {
            if (code.apply(e).equals(s)) {
                return e;
            }
        }
        return null;
    }

    private static <E extends Enum<E>> List<String> codes(E[] values, java.util.function.Function<E, String> code) {
        return Arrays.stream(values).map(code).toList();
    }

    /** Writes the engine and metric codes as fields {@code engine} and {@code metric} of the current object. */
    public static void writeEngineAndMetric(JsonGenerator g, EngineKind engine, Metric metric) throws IOException {
        g.writeStringField("engine", code(engine));
        g.writeStringField("metric", code(metric));
    }

    /** Writes the field {@code params} (an object) of the current object. */
    public static void writeParams(JsonGenerator g, IndexParams p) throws IOException {
        g.writeObjectFieldStart("params");
        g.writeNumberField("m", p.m());
        g.writeNumberField("ef_construction", p.efConstruction());
        g.writeNumberField("nlist", p.nlist());
        g.writeNumberField("pq_subspaces", p.pqSubspaces());
        g.writeStringField("rerank_store", code(p.rerankStore()));
        g.writeNumberField("reduced_dimension", p.reducedDimension());
        g.writeNumberField("kmeans_iterations", p.kmeansIterations());
        g.writeNumberField("seed", p.seed());
        g.writeEndObject();
    }

    static EngineKind engine(JsonDoc d) {
        return d.code(
                "engine",
                s -> decode(EngineKind.values(), IndexParamsCodec::code, s),
                codes(EngineKind.values(), IndexParamsCodec::code));
    }

    static Metric metric(JsonDoc d) {
        return d.code(
                "metric",
                s -> decode(Metric.values(), IndexParamsCodec::code, s),
                codes(Metric.values(), IndexParamsCodec::code));
    }

    /** Reads key {@code params} of a manifest object (engine and metric come from its own keys). */
    static IndexParams params(JsonDoc doc, EngineKind engine, Metric metric) {
        JsonDoc p = doc.object("params");
        IndexParams params;
        RerankStore rerank = p.code(
                "rerank_store",
                s -> decode(RerankStore.values(), IndexParamsCodec::code, s),
                codes(RerankStore.values(), IndexParamsCodec::code));
        int m = p.integer("m");
        int ef = p.integer("ef_construction");
        int nlist = p.integer("nlist");
        int pq = p.integer("pq_subspaces");
        int reduced = p.integer("reduced_dimension");
        int iterations = p.integer("kmeans_iterations");
        long seed = p.longValue("seed");
        try {
            params = new IndexParams(engine, metric, m, ef, nlist, pq, rerank, reduced, iterations, seed);
        } catch (IllegalArgumentException e) {
            throw p.invalid("params", e);
        }
        return params;
    }

    /**
     * Reads the engine, metric and params of a manifest object from a parser positioned on (or before) that object's
     * {@code START_OBJECT}: for readers that hold the document in another form (the jobs module's tree).
     *
     * @throws dev.sweeplake.ann.IndexFormatException naming {@code source}, the key and the expected and actual values
     */
    public static IndexParams read(JsonParser objectWithEngineMetricAndParams, String source) {
        JsonDoc d = JsonDoc.read(objectWithEngineMetricAndParams, source);
        return params(d, engine(d), metric(d));
    }
}
