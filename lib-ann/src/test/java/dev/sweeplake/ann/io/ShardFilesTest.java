package dev.sweeplake.ann.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.TestData;
import dev.sweeplake.ann.VectorMatrix;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardFilesTest {
    private static final VectorMatrix BASE = TestData.clustered(300, 16, 5, 1);

    private static AnnIndex index() {
        return AnnIndex.build(BASE, IndexParams.defaults().withM(8).withEfConstruction(32), 1, ProgressListener.NONE);
    }

    @Test
    void writeThenReadGivesTheSameAnswers(@TempDir Path dir) throws IOException {
        AnnIndex index = index();
        LocalShardStorage storage = new LocalShardStorage(dir.resolve("shard-0"));
        ShardManifest m = ShardFiles.write(index, storage);
        assertEquals(List.of("index.bin", "manifest.json"), storage.list());
        assertEquals(index.bytes(), m.file("index.bin").bytes());
        AnnIndex back = ShardFiles.read(storage);
        VectorMatrix q = TestData.queries(BASE, 20, 2);
        SearchResults a = index.searcher().search(q, 5, SearchParams.defaults());
        SearchResults b = back.searcher().search(q, 5, SearchParams.defaults());
        assertArrayEquals(a.ids(), b.ids());
        assertArrayEquals(a.distances(), b.distances());
        String json = Files.readString(dir.resolve("shard-0/manifest.json"));
        assertEquals(m, ShardManifest.fromJson(json, "m"));
        assertTrue(json.contains("\"engine\":\"HNSW\""), json);
    }

    @Test
    void missingManifestMeansIncompleteShard(@TempDir Path dir) throws IOException {
        LocalShardStorage storage = new LocalShardStorage(dir);
        try (OutputStream out = storage.create("index.bin")) {
            index().write(out);
        }
        assertEquals(
                "shard " + dir + ": manifest.json must exist, actual missing (incomplete or not a shard)",
                assertThrows(IndexFormatException.class, () -> ShardFiles.read(storage))
                        .getMessage());
    }

    @Test
    void checksumMismatchWithTheManifestIsRefused(@TempDir Path dir) throws IOException {
        LocalShardStorage storage = new LocalShardStorage(dir);
        ShardManifest m = ShardFiles.write(index(), storage);
        byte[] bytes = Files.readAllBytes(dir.resolve("index.bin"));
        bytes[100] ^= 1;
        Files.write(dir.resolve("index.bin"), bytes);
        String msg = assertThrows(IndexFormatException.class, () -> ShardFiles.read(storage))
                .getMessage();
        assertTrue(
                msg.startsWith("shard file " + dir + "/index.bin: crc32c must be "
                        + m.file("index.bin").crc32cHex() + " as in manifest.json, actual "),
                msg);
        Files.write(dir.resolve("index.bin"), java.util.Arrays.copyOf(bytes, 50));
        assertEquals(
                "shard file " + dir + "/index.bin: size must be "
                        + m.file("index.bin").bytes() + " bytes as in manifest.json, actual 50",
                assertThrows(IndexFormatException.class, () -> ShardFiles.read(storage))
                        .getMessage());
    }

    @Test
    void newerManifestVersionIsRefused(@TempDir Path dir) throws IOException {
        LocalShardStorage storage = new LocalShardStorage(dir);
        ShardFiles.write(index(), storage);
        Path mf = dir.resolve("manifest.json");
        Files.writeString(mf, Files.readString(mf).replace("\"format_version\":2", "\"format_version\":3"));
        assertEquals(
                dir + "/manifest.json: format_version must be in [1, 2], actual 3 (written by a newer lib-ann?)",
                assertThrows(IndexFormatException.class, () -> ShardFiles.read(storage))
                        .getMessage());
    }

    @Test
    void newerIndexFileVersionIsRefused() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        index().write(out);
        byte[] b = out.toByteArray();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);
        assertEquals(
                "index file f.bin: format version must be in [1, 1], actual 2 (written by a newer lib-ann?)",
                assertThrows(
                                IndexFormatException.class,
                                () -> AnnIndex.read(new java.io.ByteArrayInputStream(b), "f.bin"))
                        .getMessage());
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x12345678);
        assertEquals(
                "index file f.bin: magic must be 0x4E414C53, actual 0x12345678",
                assertThrows(
                                IndexFormatException.class,
                                () -> AnnIndex.read(new java.io.ByteArrayInputStream(b), "f.bin"))
                        .getMessage());
    }

    @Test
    void createIsAtomicAndInvisibleUntilClosed(@TempDir Path dir) throws IOException {
        LocalShardStorage storage = new LocalShardStorage(dir);
        OutputStream out = storage.create("index.bin");
        out.write("partial".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), storage.list(), "nothing visible before close");
        out.close();
        assertEquals(List.of("index.bin"), storage.list());
        assertEquals(
                "file name must be a plain name without slashes or leading dot, actual '../x'",
                assertThrows(IllegalArgumentException.class, () -> storage.create("../x"))
                        .getMessage());
    }
}
