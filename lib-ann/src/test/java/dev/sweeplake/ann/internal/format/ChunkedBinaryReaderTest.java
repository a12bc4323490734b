package dev.sweeplake.ann.internal.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.TestData;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.io.LocalShardStorage;
import dev.sweeplake.ann.io.ShardFiles;
import dev.sweeplake.ann.io.ShardManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming reader with chunks far smaller than the file: arrays and fields straddle chunk boundaries. */
class ChunkedBinaryReaderTest {
    private static final int CHUNK = 64;

    private static byte[] file(int[] ints, long[] longs, float[] floats, byte[] bytes, int trailing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryWriter w = new BinaryWriter(out);
        w.writeInt(IndexFileFormat.MAGIC);
        w.writeInt(IndexFileFormat.VERSION);
        w.writeInt(7); // an odd offset so every array is misaligned with the chunk
        w.writeInts(ints, 0, ints.length);
        w.writeLong(Long.MIN_VALUE + 3);
        w.writeLongs(longs, 0, longs.length);
        w.writeBytes(bytes, 0, bytes.length);
        w.writeFloats(floats, 0, floats.length);
        for (int i = 0; i < trailing; i++) {
            w.writeInt(i);
        }
        w.finish();
        return out.toByteArray();
    }

    @Test
    void arraysAcrossManyChunksReadBackExactlyWithTheChecksumOfTheStream() {
        Random rnd = new Random(5);
        int[] ints = rnd.ints(1001).toArray();
        long[] longs = rnd.longs(333).toArray();
        float[] floats = new float[2049];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = rnd.nextFloat() - 0.5f;
        }
        byte[] bytes = new byte[517];
        rnd.nextBytes(bytes);
        byte[] f = file(ints, longs, floats, bytes, 0);
        for (int chunk : new int[] {CHUNK, 100, 4096, f.length + 100}) {
            BinaryReader r = BinaryReader.open(Channels.newChannel(new ByteArrayInputStream(f)), "t.bin", chunk);
            assertEquals(7, r.readInt());
            assertArrayEquals(ints, r.readInts(ints.length));
            assertEquals(Long.MIN_VALUE + 3, r.readLong());
            assertArrayEquals(longs, r.readLongs(longs.length));
            assertArrayEquals(bytes, r.readBytes(bytes.length));
            assertArrayEquals(floats, r.readFloats(floats.length));
            r.expectEnd();
            r.expectEnd(); // idempotent
            CRC32C content = new CRC32C();
            content.update(f, 0, f.length - 8);
            assertEquals((int) content.getValue(), r.contentCrc32c(), "chunk " + chunk);
            CRC32C whole = new CRC32C();
            whole.update(f);
            assertEquals((int) whole.getValue(), r.fileCrc32c());
            assertEquals(f.length, r.fileBytes());
        }
    }

    @Test
    void footerAndTrailingBytesAreCheckedAtTheEndOfTheStream() {
        byte[] f = file(new int[300], new long[0], new float[0], new byte[0], 2);
        BinaryReader r = BinaryReader.open(Channels.newChannel(new ByteArrayInputStream(f)), "t.bin", CHUNK);
        r.readInt();
        r.readInts(300);
        r.readLong();
        assertEquals(
                "index file t.bin: payload must end at byte " + (f.length - 8) + ", actual 8 bytes left",
                assertThrows(IndexFormatException.class, r::expectEnd).getMessage());

        byte[] flipped = f.clone();
        flipped[500] ^= 4;
        BinaryReader c = BinaryReader.open(Channels.newChannel(new ByteArrayInputStream(flipped)), "t.bin", CHUNK);
        c.readInt();
        c.readInts(300);
        c.readLong();
        c.readInts(2);
        assertTrue(assertThrows(IndexFormatException.class, c::expectEnd)
                .getMessage()
                .startsWith("index file t.bin: checksum (crc32c) must be 0x"));

        byte[] truncated = Arrays.copyOf(f, f.length - 3);
        BinaryReader t = BinaryReader.open(Channels.newChannel(new ByteArrayInputStream(truncated)), "t.bin", CHUNK);
        t.readInt();
        t.readInts(300);
        t.readLong();
        IndexFormatException parse = assertThrows(IndexFormatException.class, () -> t.readInts(3));
        assertTrue(t.footerErrorOr(parse).getMessage().startsWith("index file t.bin: end magic must be 0x444E4541"));
    }

    @Test
    void shardsReadInSmallChunksGiveTheSameIndexAndManifestChecks(@TempDir Path dir) throws IOException {
        VectorMatrix base = TestData.clustered(400, 24, 5, 3);
        VectorMatrix q = TestData.queries(base, 15, 4);
        for (EngineKind kind : new EngineKind[] {EngineKind.HNSW, EngineKind.FLAT, EngineKind.IVF_PQ}) {
            IndexParams p = IndexParams.defaults().withEngine(kind).withM(8).withEfConstruction(32);
            if (kind == EngineKind.IVF_PQ) {
                p = p.withNlist(8).withPqSubspaces(4);
            }
            AnnIndex index = AnnIndex.build(base, p, 1, ProgressListener.NONE);
            LocalShardStorage storage = new LocalShardStorage(dir.resolve(kind.name()));
            ShardManifest m = ShardFiles.write(index, storage);
            assertTrue(m.file(ShardFiles.INDEX_FILE).bytes() > 20 * CHUNK, "multi-chunk file");
            AnnIndex back = ShardFiles.read(storage, CHUNK);
            SearchResults a = index.searcher().search(q, 5, SearchParams.defaults());
            SearchResults b = back.searcher().search(q, 5, SearchParams.defaults());
            assertArrayEquals(a.ids(), b.ids(), kind.name());
            assertArrayEquals(a.distances(), b.distances(), kind.name());
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            back.write(again);
            assertArrayEquals(
                    Files.readAllBytes(storage.directory().resolve(ShardFiles.INDEX_FILE)),
                    again.toByteArray(),
                    "re-written file is byte-identical");

            Path bin = storage.directory().resolve(ShardFiles.INDEX_FILE);
            byte[] bytes = Files.readAllBytes(bin);
            byte[] flipped = bytes.clone();
            flipped[bytes.length / 3] ^= 1;
            Files.write(bin, flipped);
            String msg = assertThrows(IndexFormatException.class, () -> ShardFiles.read(storage, CHUNK))
                    .getMessage();
            assertTrue(
                    msg.startsWith("shard file " + storage.directory() + "/index.bin: crc32c must be "
                            + m.file(ShardFiles.INDEX_FILE).crc32cHex() + " as in manifest.json, actual "),
                    msg);
            Files.write(bin, bytes);
        }
    }
}
