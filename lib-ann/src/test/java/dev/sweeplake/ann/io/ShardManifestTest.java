package dev.sweeplake.ann.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad manifests are refused with the key, the expected type and the actual value; never an NPE or a cast error. */
class ShardManifestTest {
    private static final ShardManifest M = new ShardManifest(
            ShardManifest.FORMAT_VERSION,
            EngineKind.IVF_PQ,
            Metric.COSINE,
            8,
            64,
            IndexParams.defaults()
                    .withEngine(EngineKind.IVF_PQ)
                    .withMetric(Metric.COSINE)
                    .withSeed(-3L),
            List.of(new ShardManifest.ShardFile("index.bin", 1234L, 0xdeadbeef)));

    private static String refused(String json) {
        return assertThrows(IndexFormatException.class, () -> ShardManifest.fromJson(json, "m.json"))
                .getMessage();
    }

    @Test
    void roundTrips() {
        assertEquals(M, ShardManifest.fromJson(M.toJson(), "m.json"));
    }

    @Test
    void goldenManifestsAreWrittenByteForByte() throws Exception {
        for (String version : List.of("v1", "v2")) {
            for (String engine : GoldenIndexes.engines().keySet()) {
                Path f = Path.of(getClass()
                        .getResource("/golden/" + version + "/" + engine + "/manifest.json")
                        .toURI());
                String text = Files.readString(f);
                assertEquals(text, ShardManifest.fromJson(text, f.toString()).toJson(), f.toString());
            }
        }
    }

    @Test
    void nullRequiredKeyIsNamed() {
        assertEquals(
                "m.json: key 'engine' is required, actual null",
                refused(M.toJson().replace("\"engine\":\"IVF_PQ\"", "\"engine\":null")));
        assertEquals(
                "m.json: key 'params.nlist' is required, actual null",
                refused(M.toJson().replace("\"nlist\":64", "\"nlist\":null")));
        assertEquals(
                "m.json: key 'files' is required, actual null",
                refused(M.toJson().replaceAll("\"files\":\\[.*\\]", "\"files\":null")));
    }

    @Test
    void wrongTypedValueIsNamed() {
        assertEquals(
                "m.json: key 'dimension' must be an integer, actual string \"8\"",
                refused(M.toJson().replace("\"dimension\":8", "\"dimension\":\"8\"")));
        assertEquals(
                "m.json: key 'engine' must be a string, actual number 3",
                refused(M.toJson().replace("\"engine\":\"IVF_PQ\"", "\"engine\":3")));
        assertEquals(
                "m.json: key 'params' must be an object, actual array",
                refused(M.toJson().replaceAll("\"params\":\\{[^}]*}", "\"params\":[1]")));
        assertEquals(
                "m.json: key 'files[0]' must be an object, actual string \"x\"",
                refused(M.toJson().replaceAll("\"files\":\\[.*\\]", "\"files\":[\"x\"]")));
        assertEquals(
                "m.json: key 'params.m' must be an integer, actual number 1.5",
                refused(M.toJson().replace("\"m\":16", "\"m\":1.5")));
    }

    @Test
    void unknownEnumCodesAndBadJsonAreNamed() {
        assertEquals(
                "m.json: key 'engine' must be one of FLAT, HNSW, IVF_FLAT, IVF_PQ, GPU_FLAT, GPU_IVF_FLAT, GPU_GRAPH, actual 'GRAPH'",
                refused(M.toJson().replace("\"engine\":\"IVF_PQ\"", "\"engine\":\"GRAPH\"")));
        assertEquals(
                "m.json: key 'params.rerank_store' must be one of NONE, SQ8, FLOAT, actual 'sq8'",
                refused(M.toJson().replace("\"rerank_store\":\"SQ8\"", "\"rerank_store\":\"sq8\"")));
        String msg = refused("{\"format\":\"sweeplake-ann-shard\",");
        assertEquals(true, msg.startsWith("m.json: invalid JSON: "), msg);
        assertEquals(
                "m.json: key 'files[0].crc32c' must be 8 hex digits, actual 'xyz'",
                refused(M.toJson().replace("deadbeef", "xyz")));
    }

    @Test
    void outOfRangeParameterNamesTheManifest() {
        String msg = refused(M.toJson().replace("\"m\":16", "\"m\":1"));
        assertEquals("m.json: invalid params: m must be in [2, 256], actual 1", msg);
    }
}
