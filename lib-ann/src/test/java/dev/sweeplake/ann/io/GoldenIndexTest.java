package dev.sweeplake.ann.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.SearchResults;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every committed golden index of every format version still reads back and answers as when it was written. */
class GoldenIndexTest {

    static Stream<String> engines() {
        return GoldenIndexes.engines().keySet().stream();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> versionsAndEngines() {
        return Stream.of(1, 2).flatMap(v -> engines().map(e -> org.junit.jupiter.params.provider.Arguments.of(v, e)));
    }

    private static Path golden(String version, String engine) throws URISyntaxException {
        return Path.of(GoldenIndexTest.class
                        .getResource("/golden/" + version + "/" + engine + "/manifest.json")
                        .toURI())
                .getParent();
    }

    @ParameterizedTest(name = "v{0} {1}")
    @MethodSource("versionsAndEngines")
    void everyVersionReadsBackWithTheSameAnswers(int version, String engine) throws Exception {
        Path dir = golden("v" + version, engine);
        AnnIndex index = ShardFiles.read(new LocalShardStorage(dir));
        IndexParams expectedParams = GoldenIndexes.engines().get(engine);
        assertEquals(expectedParams, index.params());
        assertEquals(
                version, ShardFiles.readManifest(new LocalShardStorage(dir)).formatVersion());
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
        List<String> lines = Files.readAllLines(golden("v2", "flat").resolve("expected.txt"));
        SearchResults exact = dev.sweeplake.ann.ExactKnn.search(
                GoldenIndexes.base(),
                GoldenIndexes.queries(),
                GoldenIndexes.K,
                dev.sweeplake.ann.Metric.L2,
                1,
                dev.sweeplake.ann.ProgressListener.NONE);
        for (String line : lines) {
            String[] f = line.split(" ");
            assertEquals(exact.id(Integer.parseInt(f[0]), Integer.parseInt(f[1])), Long.parseLong(f[2]), line);
        }
    }

    @org.junit.jupiter.api.Test
    void version2ChecksumsIdentifyTheContentAndEqualTheFooter() throws Exception {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (String engine : GoldenIndexes.engines().keySet()) {
            Path dir = golden("v2", engine);
            int manifestCrc = ShardFiles.readManifest(new LocalShardStorage(dir))
                    .file(ShardFiles.INDEX_FILE)
                    .crc32c();
            byte[] bytes = Files.readAllBytes(dir.resolve("index.bin"));
            int footer = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            assertEquals(footer, manifestCrc, engine);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, 0, bytes.length - 8);
            assertEquals((int) crc.getValue(), manifestCrc, engine);
            seen.add(manifestCrc);
        }
        assertEquals(GoldenIndexes.engines().size(), seen.size(), "one distinct checksum per distinct file");
    }

    @ParameterizedTest(name = "v{0} {1}")
    @MethodSource("versionsAndEngines")
    void goldenFolderHoldsExactlyTheShardFiles(int version, String engine) throws IOException, URISyntaxException {
        Path dir = golden("v" + version, engine);
        assertEquals(List.of("expected.txt", "index.bin", "manifest.json"), new LocalShardStorage(dir).list());
    }
}
