package dev.sweeplake.ann.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sweeplake.ann.internal.format.JsonDoc;
import dev.sweeplake.ann.internal.gpu.Gpus;
import dev.sweeplake.ann.internal.gpu.ReferenceBackend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The benchmark command and the device self-check, run on a reference device at tiny sizes. */
class GpuBenchTest {

    @AfterEach
    void uninstall() {
        Gpus.install(910, null);
        Gpus.install(911, null);
    }

    /** One flat JSON row: strings and numbers as their text, booleans, nulls. */
    private static Map<String, Object> row(String json) {
        try (JsonParser p = JsonDoc.FACTORY.createParser(json)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken(), json);
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                JsonToken t = p.nextToken();
                m.put(
                        k,
                        t == JsonToken.VALUE_NULL
                                ? null
                                : t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE
                                        ? (Object) p.getBooleanValue()
                                        : p.getText());
            }
            return m;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double num(Object o) {
        return Double.parseDouble((String) o);
    }

    @Test
    void everyGpuEngineGetsARowNextToItsCpuPeer() {
        Gpus.install(910, new ReferenceBackend(1 << 26));
        BenchOptions o = BenchOptions.parse(new String[] {
            "--n",
            "800",
            "--queries",
            "30",
            "--dim",
            "8",
            "--clusters",
            "10",
            "--threads",
            "2",
            "--device",
            "910",
            "--nlist",
            "16",
            "--nprobe",
            "4",
            "--kmeans-k",
            "16",
            "--m",
            "8",
            "--ef",
            "32",
            "--iterations",
            "3"
        });
        List<String> lines = GpuBench.runToLines(o);
        assertEquals("setup", row(lines.get(0)).get("engine"));
        String[] engines = {
            "flat",
            "gpu_flat",
            "kmeans",
            "gpu_kmeans",
            "ivf_flat",
            "gpu_ivf_flat",
            "hnsw",
            "gpu_graph",
            "gpu_graph_cpu_search"
        };
        assertEquals(engines.length + 1, lines.size(), String.join("\n", lines));
        for (int i = 0; i < engines.length; i++) {
            Map<String, Object> r = row(lines.get(i + 1));
            assertEquals(engines[i], r.get("engine"));
            assertTrue(
                    r.containsKey("build_s")
                            && r.containsKey("qps")
                            && r.containsKey("recall_at_10")
                            && r.containsKey("ratio"),
                    lines.get(i + 1));
        }
        Map<String, Object> gpuFlat = row(lines.get(2));
        assertEquals(ReferenceBackend.DEVICE_NAME, gpuFlat.get("device"));
        assertEquals(1.0, num(gpuFlat.get("recall_at_10")), 1e-9);
        assertTrue(num(row(lines.get(8)).get("recall_at_10")) > 0.9, lines.get(8));
    }

    @Test
    void withoutAGpuTheCpuRowsAreMeasuredAndTheGpuRowsSayWhy() {
        BenchOptions o = BenchOptions.parse(new String[] {
            "--n",
            "300",
            "--queries",
            "10",
            "--dim",
            "4",
            "--clusters",
            "5",
            "--threads",
            "1",
            "--device",
            "1000",
            "--parts",
            "flat,ivf",
            "--nlist",
            "8",
            "--nprobe",
            "2"
        });
        List<String> lines = GpuBench.runToLines(o);
        assertEquals(5, lines.size(), String.join("\n", lines));
        Map<String, Object> gpu = row(lines.get(2));
        assertEquals("gpu_flat", gpu.get("engine"));
        assertEquals("unavailable", gpu.get("device"));
        assertTrue(String.valueOf(gpu.get("reason")).length() > 5, lines.get(2));
        assertNull(gpu.get("qps"));
        assertTrue(num(row(lines.get(3)).get("qps")) > 0);
    }

    @Test
    void badFlagsNameTheFlag() {
        assertEquals(
                "--n must be in [10, 50000000], actual 5",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--n", "5"}))
                        .getMessage());
        assertEquals(
                "--dim must be an integer, actual x",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--dim", "x"}))
                        .getMessage());
        assertEquals(
                "--parts must be a comma list of flat, kmeans, ivf, graph, actual pq",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> BenchOptions.parse(new String[] {"--parts", "flat,pq"}))
                        .getMessage());
        assertEquals(
                "unknown flag --gpu",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--gpu", "1"}))
                        .getMessage());
        assertNull(BenchOptions.parse(new String[] {"--help"}));
    }

    @Test
    void selfCheckPassesOnAFaithfulDeviceAndReportsEachCheck() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GpuSelfCheck c = new GpuSelfCheck(
                new ReferenceBackend(1L << 30),
                new ReferenceBackend(1L << 30),
                700,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int failed = c.runAll();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, failed, text);
        assertEquals(11, text.split("\n").length, text);
    }
}
