package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index manifest compares and prints by content and reads back what it writes (no Spark). */
class IndexManifestTest {
    private static IndexManifest manifest(float[] centroids) {
        return new IndexManifest(
                IndexManifest.FORMAT_VERSION,
                "b1",
                "0.1",
                "2026-01-01T00:00:00Z",
                EngineKind.IVF_PQ,
                Metric.COSINE,
                2,
                10,
                Sharding.KMEANS,
                1.1,
                InsertionOrder.ID,
                IndexSpec.of(dev.sweeplake.ann.IndexParams.defaults()
                        .withEngine(EngineKind.IVF_PQ)
                        .withMetric(Metric.COSINE)),
                centroids,
                1.5,
                0,
                "in",
                77L,
                List.of(
                        new IndexManifest.ShardEntry(0, "shards/b1/shard-00000", 6, 100, "0000abcd", 0.5, "cpu", "cpu"),
                        new IndexManifest.ShardEntry(
                                1, "shards/b1/shard-00001", 4, 90, "0000abce", 0.4, "gpu:0", "NVIDIA H200 #0")));
    }

    @Test
    void equalContentIsEqual() {
        IndexManifest a = manifest(new float[] {1, 2, 3, 4});
        IndexManifest b = manifest(new float[] {1, 2, 3, 4});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toString(), b.toString());
        assertTrue(a.toString().contains("centroids=[1.0, 2.0, 3.0, 4.0]"), a.toString());
        assertNotEquals(a, manifest(new float[] {1, 2, 3, 5}));
        assertNotEquals(a, manifest(null));
        assertEquals(manifest(null), manifest(null));
    }

    @Test
    void readsBackWhatItWrites() {
        IndexManifest a = manifest(new float[] {1, 2, 3, 4});
        assertEquals(a, IndexManifest.fromJson(a.toJson(), "manifest.json"));
        assertEquals(manifest(null), IndexManifest.fromJson(manifest(null).toJson(), "manifest.json"));
    }

    @Test
    void badParamsAreNamedByTheSharedCodec() {
        String json = manifest(null).toJson();
        assertEquals(
                "manifest.json: key 'params.nlist' is required, actual null",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> IndexManifest.fromJson(
                                        json.replaceFirst("\"nlist\" : [0-9]+", "\"nlist\" : null"), "manifest.json"))
                        .getMessage());
        assertEquals(
                "manifest.json: key 'engine' must be one of FLAT, HNSW, IVF_FLAT, IVF_PQ, GPU_FLAT, GPU_IVF_FLAT, GPU_GRAPH, actual 'ivf'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> IndexManifest.fromJson(json.replace("\"IVF_PQ\"", "\"ivf\""), "manifest.json"))
                        .getMessage());
        assertEquals(
                "manifest.json: key 'sharding' must be one of HASH, KMEANS, actual 'kmeans'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> IndexManifest.fromJson(json.replace("\"KMEANS\"", "\"kmeans\""), "manifest.json"))
                        .getMessage());
    }
}
