package dev.sweeplake.ann.bench;

import dev.sweeplake.ann.internal.format.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The --json line has exactly the shape the scripts expect (issue 3). */
class AnnMicroBenchJsonTest {

    @Test
    @SuppressWarnings("unchecked")
    void jsonLineHasTheAgreedShape() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("m", 16);
        params.put("rerank_store", "SQ8");
        params.put("ef", 20);
        List<AnnMicroBench.Row> rows = List.of(
                new AnnMicroBench.Row("hnsw", params, 0.98765, 12345.678, 1.2345, 29_560_000L, 20, "ef"),
                new AnnMicroBench.Row("voyager", Map.of("ef", 20), 0.5, 10.0, 2.0, 7L, 20, "ef"));
        String line = AnnMicroBench.toJson("mnist-t10k", 27.3456, rows);
        Map<String, Object> doc = (Map<String, Object>) Json.parse(line);
        assertEquals(List.of("dataset", "exact_gflops", "rows"), List.copyOf(doc.keySet()));
        assertEquals("mnist-t10k", doc.get("dataset"));
        assertEquals("27.346", ((Json.Num) doc.get("exact_gflops")).text());
        List<Object> r = (List<Object>) doc.get("rows");
        assertEquals(2, r.size());
        Map<String, Object> first = (Map<String, Object>) r.get(0);
        assertEquals(List.of("engine", "params", "recall_at_10", "qps", "build_s", "bytes"),
                List.copyOf(first.keySet()));
        assertEquals("hnsw", first.get("engine"));
        Map<String, Object> p = (Map<String, Object>) first.get("params");
        assertEquals("16", ((Json.Num) p.get("m")).text());
        assertEquals("SQ8", p.get("rerank_store"));
        assertEquals("0.9877", ((Json.Num) first.get("recall_at_10")).text());
        assertEquals("12345.7", ((Json.Num) first.get("qps")).text());
        assertEquals("1.235", ((Json.Num) first.get("build_s")).text());
        assertEquals(29_560_000L, ((Json.Num) first.get("bytes")).asLong());
        assertEquals("voyager", ((Map<String, Object>) r.get(1)).get("engine"));
    }
}
