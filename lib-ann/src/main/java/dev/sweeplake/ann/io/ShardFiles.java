package dev.sweeplake.ann.io;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.engine.Engines;
import dev.sweeplake.ann.internal.format.BinaryReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
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

    private ShardFiles() {}

    /** Writes the shard; returns the manifest written (last). I/O errors become {@link UncheckedIOException}. */
    public static ShardManifest write(AnnIndex index, ShardStorage storage) {
        Checks.notNull("index", index);
        Checks.notNull("storage", storage);
        try {
            ContentCrc crc = new ContentCrc();
            try (OutputStream raw = storage.create(INDEX_FILE);
                    OutputStream out = new FilterOutputStream(raw) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            crc.update(b, off, len);
                            this.out.write(b, off, len);
                        }

                        @Override
                        public void write(int b) throws IOException {
                            crc.update(new byte[] {(byte) b}, 0, 1);
                            this.out.write(b);
                        }
                    }) {
                index.write(out);
            }
            int content = crc.value();
            if (content != crc.footerCrc()) {
                throw new IllegalStateException(Checks.fmt(
                        "index file footer crc32c %08x differs from its content's %08x", crc.footerCrc(), content));
            }
            ShardManifest m = new ShardManifest(
                    ShardManifest.FORMAT_VERSION,
                    index.engine(),
                    index.metric(),
                    index.dimension(),
                    index.size(),
                    index.params(),
                    List.of(new ShardManifest.ShardFile(INDEX_FILE, crc.count(), content)));
            try (OutputStream out = storage.create(ShardManifest.FILE_NAME)) {
                out.write(m.toJson().getBytes(StandardCharsets.UTF_8));
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("writing shard to " + storage.describe(), e);
        }
    }

    private static IndexFormatException sizeMismatch(String src, ShardManifest.ShardFile f, long actual) {
        return new IndexFormatException(Checks.fmt(
                "shard file %s: size must be %d bytes as in %s, actual %d",
                src, f.bytes(), ShardManifest.FILE_NAME, actual));
    }

    /** The reader's size and checksum against the manifest, once the reader has seen the whole file. */
    private static java.util.Optional<IndexFormatException> manifestMismatch(
            BinaryReader r, ShardManifest m, ShardManifest.ShardFile f, String src) {
        long bytes;
        int actual;
        try {
            bytes = r.fileBytes();
            // Manifest v1 checksummed the whole file (footer included: the same value for every intact file); v2 the
            // content before the footer, which identifies it (and equals the footer's own checksum).
            actual = m.formatVersion() == 1 ? r.fileCrc32c() : r.contentCrc32c();
        } catch (IllegalStateException notVerified) {
            return java.util.Optional.empty();
        }
        if (bytes != f.bytes()) {
            return java.util.Optional.of(sizeMismatch(src, f, bytes));
        }
        if (actual != f.crc32c()) {
            return java.util.Optional.of(new IndexFormatException(Checks.fmt(
                    "shard file %s: crc32c must be %s as in %s, actual %08x",
                    src, f.crc32cHex(), ShardManifest.FILE_NAME, actual)));
        }
        return java.util.Optional.empty();
    }

    /** The index file's footer: its CRC32C field and end magic (see {@code IndexFileFormat}). */
    static final int FOOTER_BYTES = 8;

    /**
     * CRC32C of everything written except the last {@link #FOOTER_BYTES} bytes (held back until more arrives), the byte
     * count, and the footer's own little-endian CRC field.
     */
    static final class ContentCrc {
        private final CRC32C crc = new CRC32C();
        private byte[] held = new byte[0];
        private long count;

        void update(byte[] b, int off, int len) {
            count += len;
            if (len >= FOOTER_BYTES) {
                crc.update(held, 0, held.length);
                crc.update(b, off, len - FOOTER_BYTES);
                held = java.util.Arrays.copyOfRange(b, off + len - FOOTER_BYTES, off + len);
                return;
            }
            byte[] all = new byte[held.length + len];
            System.arraycopy(held, 0, all, 0, held.length);
            System.arraycopy(b, off, all, held.length, len);
            int feed = Math.max(0, all.length - FOOTER_BYTES);
            crc.update(all, 0, feed);
            held = java.util.Arrays.copyOfRange(all, feed, all.length);
        }

        int value() {
            return (int) crc.getValue();
        }

        long count() {
            return count;
        }

        int footerCrc() {
            return held.length < 4
                    ? 0
                    : java.nio.ByteBuffer.wrap(held, 0, 4)
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .getInt();
        }
    }

    public static ShardManifest readManifest(ShardStorage storage) {
        Checks.notNull("storage", storage);
        String src = storage.describe() + "/" + ShardManifest.FILE_NAME;
        try {
            if (!storage.exists(ShardManifest.FILE_NAME)) {
                throw new IndexFormatException(Checks.fmt(
                        "shard %s: %s must exist, actual missing (incomplete or not a shard)",
                        storage.describe(), ShardManifest.FILE_NAME));
            }
            try (InputStream in = storage.open(ShardManifest.FILE_NAME)) {
                return ShardManifest.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), src);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + src, e);
        }
    }

    /** Reads and verifies a shard written by {@link #write}, streaming its index file in 1 MiB chunks. */
    public static AnnIndex read(ShardStorage storage) {
        return read(storage, BinaryReader.DEFAULT_CHUNK_BYTES);
    }

    /**
     * Reads and verifies a shard, streaming the index file through one buffer of {@code chunkBytes} (no size limit, no
     * whole-file copy): size and CRC32C are compared with the manifest while the file is parsed.
     */
    public static AnnIndex read(ShardStorage storage, int chunkBytes) {
        ShardManifest m = readManifest(storage);
        ShardManifest.ShardFile f = m.file(INDEX_FILE);
        String src = storage.describe() + "/" + INDEX_FILE;
        AnnIndex index;
        try {
            long size = storage.size(INDEX_FILE);
            if (size >= 0 && size != f.bytes()) {
                throw sizeMismatch(src, f, size);
            }
            try (ReadableByteChannel ch = storage.openChannel(INDEX_FILE)) {
                BinaryReader r = BinaryReader.open(ch, src, chunkBytes);
                try {
                    index = Engines.read(r);
                } catch (IndexFormatException e) {
                    // The footer may be intact while the file is not the one the manifest names: say so first.
                    throw manifestMismatch(r, m, f, src).orElse(e);
                }
                manifestMismatch(r, m, f, src).ifPresent(e -> {
                    throw e;
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + src, e);
        }
        if (index.engine() != m.engine()
                || index.metric() != m.metric()
                || index.dimension() != m.dimension()
                || index.size() != m.count()
                || !index.params().equals(m.params())) {
            throw new IndexFormatException(Checks.fmt(
                    "shard file %s: header must match %s (engine %s, metric %s, dimension %d, count %d, params %s), "
                            + "actual engine %s, metric %s, dimension %d, count %d, params %s",
                    src,
                    ShardManifest.FILE_NAME,
                    m.engine(),
                    m.metric(),
                    m.dimension(),
                    m.count(),
                    m.params(),
                    index.engine(),
                    index.metric(),
                    index.dimension(),
                    index.size(),
                    index.params()));
        }
        return index;
    }
}
