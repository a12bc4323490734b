package dev.sweeplake.ann.io;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.internal.Checks;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes and reads a shard folder through a {@link ShardStorage}: {@code index.bin} (the engine's index file) first,
 * then {@code manifest.json} with its size and CRC32C. The reader refuses a shard without manifest, with a newer format
 * version, with a file whose size or checksum differs from the manifest, or whose header disagrees with it.
 * Stateless; thread-safe.
 */
public final class ShardFiles {
    public static final String INDEX_FILE = "index.bin";

    private ShardFiles() {
    }

    /** Writes the shard; returns the manifest written (last). I/O errors become {@link UncheckedIOException}. */
    public static ShardManifest write(AnnIndex index, ShardStorage storage) {
        Checks.notNull("index", index);
        Checks.notNull("storage", storage);
        try {
            CRC32C crc = new CRC32C();
            long[] count = new long[1];
            try (OutputStream raw = storage.create(INDEX_FILE);
                 OutputStream out = new FilterOutputStream(raw) {
                     @Override
                     public void write(byte[] b, int off, int len) throws IOException {
                         crc.update(b, off, len);
                         count[0] += len;
                         this.out.write(b, off, len);
                     }

                     @Override
                     public void write(int b) throws IOException {
                         crc.update(b);
                         count[0]++;
                         this.out.write(b);
                     }
                 }) {
                index.write(out);
            }
            ShardManifest m = new ShardManifest(ShardManifest.FORMAT_VERSION, index.engine(), index.metric(),
                    index.dimension(), index.size(), index.params(),
                    List.of(new ShardManifest.ShardFile(INDEX_FILE, count[0], (int) crc.getValue())));
            try (OutputStream out = storage.create(ShardManifest.FILE_NAME)) {
                out.write(m.toJson().getBytes(StandardCharsets.UTF_8));
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("writing shard to " + storage.describe(), e);
        }
    }

    public static ShardManifest readManifest(ShardStorage storage) {
        Checks.notNull("storage", storage);
        String src = storage.describe() + "/" + ShardManifest.FILE_NAME;
        try {
            if (!storage.exists(ShardManifest.FILE_NAME)) {
                throw new IndexFormatException(Checks.fmt(
                        "shard %s: %s must exist, actual missing (incomplete or not a shard)", storage.describe(),
                        ShardManifest.FILE_NAME));
            }
            try (InputStream in = storage.open(ShardManifest.FILE_NAME)) {
                return ShardManifest.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), src);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + src, e);
        }
    }

    /** Reads and verifies a shard written by {@link #write}. */
    public static AnnIndex read(ShardStorage storage) {
        ShardManifest m = readManifest(storage);
        ShardManifest.ShardFile f = m.file(INDEX_FILE);
        String src = storage.describe() + "/" + INDEX_FILE;
        byte[] bytes;
        try (InputStream in = storage.open(INDEX_FILE)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + src, e);
        }
        if (bytes.length != f.bytes()) {
            throw new IndexFormatException(Checks.fmt("shard file %s: size must be %d bytes as in %s, actual %d",
                    src, f.bytes(), ShardManifest.FILE_NAME, bytes.length));
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int actual = (int) crc.getValue();
        if (actual != f.crc32c()) {
            throw new IndexFormatException(Checks.fmt("shard file %s: crc32c must be %s as in %s, actual %08x",
                    src, f.crc32cHex(), ShardManifest.FILE_NAME, actual));
        }
        AnnIndex index = AnnIndex.read(new ByteArrayInputStream(bytes), src);
        if (index.engine() != m.engine() || index.metric() != m.metric() || index.dimension() != m.dimension()
                || index.size() != m.count() || !index.params().equals(m.params())) {
            throw new IndexFormatException(Checks.fmt(
                    "shard file %s: header must match %s (engine %s, metric %s, dimension %d, count %d, params %s), "
                            + "actual engine %s, metric %s, dimension %d, count %d, params %s", src,
                    ShardManifest.FILE_NAME, m.engine(), m.metric(), m.dimension(), m.count(), m.params(),
                    index.engine(), index.metric(), index.dimension(), index.size(), index.params()));
        }
        return index;
    }
}
