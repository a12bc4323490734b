package dev.sweeplake.ann.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sweeplake.ann.internal.format.JsonDoc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The --json line has exactly the shape the scripts expect (issue 3). */
class AnnMicroBenchJsonTest {

    /** Every scalar of a document as "path=literal", in document order (numbers keep their literal text). */
    private static List<String> scalars(String json) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JsonDoc.FACTORY.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isScalarValue()) {
                    out.add(p.getParsingContext().pathAsPointer() + "=" + p.getText());
                }
            }
        }
        return out;
    }

    @Test
    void jsonLineHasTheAgreedShape() throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("m", 16);
        params.put("rerank_store", "SQ8");
        params.put("ef", 20);
        List<AnnMicroBench.Row> rows = List.of(
                new AnnMicroBench.Row("hnsw", params, 0.98765, 12345.678, 1.2345, 29_560_000L, 20, "ef"),
                new AnnMicroBench.Row("voyager", Map.of("ef", 20), 0.5, 10.0, 2.0, 7L, 20, "ef"));
        String line = AnnMicroBench.toJson("mnist-t10k", 27.3456, rows);
        assertEquals(
                List.of(
                        "/dataset=mnist-t10k",
                        "/exact_gflops=27.346",
                        "/rows/0/engine=hnsw",
                        "/rows/0/params/m=16",
                        "/rows/0/params/rerank_store=SQ8",
                        "/rows/0/params/ef=20",
                        "/rows/0/recall_at_10=0.9877",
                        "/rows/0/qps=12345.7",
                        "/rows/0/build_s=1.235",
                        "/rows/0/bytes=29560000",
                        "/rows/1/engine=voyager",
                        "/rows/1/params/ef=20",
                        "/rows/1/recall_at_10=0.5000",
                        "/rows/1/qps=10.0",
                        "/rows/1/build_s=2.000",
                        "/rows/1/bytes=7"),
                scalars(line));
    }
}
