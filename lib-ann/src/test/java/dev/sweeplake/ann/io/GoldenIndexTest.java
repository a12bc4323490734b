package dev.sweeplake.ann.io;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.SearchResults;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every committed golden index of every format version still reads back and answers as when it was written. */
class GoldenIndexTest {

    static Stream<String> engines() {
        return GoldenIndexes.engines().keySet().stream();
    }

    private static Path golden(String version, String engine) throws URISyntaxException {
        return Path.of(GoldenIndexTest.class.getResource("/golden/" + version + "/" + engine + "/manifest.json")
                .toURI()).getParent();
    }

    @ParameterizedTest(name = "v1 {0}")
    @MethodSource("engines")
    void version1ReadsBackWithTheSameAnswers(String engine) throws Exception {
        Path dir = golden("v1", engine);
        AnnIndex index = ShardFiles.read(new LocalShardStorage(dir));
        IndexParams expectedParams = GoldenIndexes.engines().get(engine);
        assertEquals(expectedParams, index.params());
        assertEquals(1, ShardFiles.readManifest(new LocalShardStorage(dir)).formatVersion());
        SearchResults r = index.searcher().search(GoldenIndexes.queries(), GoldenIndexes.K, GoldenIndexes.SEARCH);
        List<String> lines = Files.readAllLines(dir.resolve("expected.txt"));
        assertEquals(r.queryCount() * GoldenIndexes.K, lines.size());
        for (String line : lines) {
            String[] f = line.split(" ");
            int q = Integer.parseInt(f[0]);
            int rank = Integer.parseInt(f[1]);
            assertEquals(Long.parseLong(f[2]), r.id(q, rank), engine + " " + line);
            float d = Float.parseFloat(f[3]);
            assertEquals(d, r.distance(q, rank), 1e-4 * (1 + Math.abs(d)), engine + " " + line);
        }
    }

    @org.junit.jupiter.api.Test
    void flatGoldenAnswersAreTheExactNeighbours() throws Exception {
        List<String> lines = Files.readAllLines(golden("v1", "flat").resolve("expected.txt"));
        SearchResults exact = dev.sweeplake.ann.ExactKnn.search(GoldenIndexes.base(), GoldenIndexes.queries(),
                GoldenIndexes.K, dev.sweeplake.ann.Metric.L2, 1, dev.sweeplake.ann.ProgressListener.NONE);
        for (String line : lines) {
            String[] f = line.split(" ");
            assertEquals(exact.id(Integer.parseInt(f[0]), Integer.parseInt(f[1])), Long.parseLong(f[2]), line);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void goldenFolderHoldsExactlyTheShardFiles(String engine) throws IOException, URISyntaxException {
        Path dir = golden("v1", engine);
        assertEquals(List.of("expected.txt", "index.bin", "manifest.json"),
                new LocalShardStorage(dir).list());
    }
}
