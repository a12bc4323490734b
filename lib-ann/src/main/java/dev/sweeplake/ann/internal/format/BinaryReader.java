package dev.sweeplake.ann.internal.format;

import dev.sweeplake.ann.IndexFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Little-endian reader that streams an index file from a channel through one fixed-size buffer (a chunk, 1 MiB by
 * default): no file size limit and no second copy of the file, since arrays are filled straight from the chunk. The
 * CRC32C is updated as bytes are consumed and the footer is held back {@link IndexFileFormat#FOOTER_BYTES} bytes behind
 * the payload, so {@link #expectEnd()} (which engines call after their last field) verifies end magic and checksum
 * without a second pass. Magic and version are checked by {@link #open}. Fields read before the checksum is verified
 * are bounded by {@link #readCount}, so a corrupt count cannot allocate gigabytes; when parsing fails,
 * {@link #footerErrorOr} drains the rest and reports a bad footer (truncation, checksum) in preference to the parse
 * error it caused. A streaming reader's checksum is verified only by {@link #expectEnd()}: every payload reader must
 * call it after its last field ({@code Engines.read} also does). Not thread-safe.
 */
public final class BinaryReader {
    /** The default chunk: large enough to make per-chunk overhead negligible, small enough to never matter for heap. */
    public static final int DEFAULT_CHUNK_BYTES = 1 << 20;

    private static final int FOOTER = IndexFileFormat.FOOTER_BYTES;

    private final ReadableByteChannel in;
    private final ByteBuffer buf;
    private final String source;
    private final CRC32C crc = new CRC32C();
    private int version;
    private boolean eof;
    private long consumed;
    private boolean verified;
    private boolean drained;
    private int contentCrc;
    private int fileCrc;

    private BinaryReader(ReadableByteChannel in, int chunkBytes, String source) {
        this.in = in;
        this.buf = ByteBuffer.allocate(Math.max(chunkBytes, 64) + FOOTER).order(ByteOrder.LITTLE_ENDIAN);
        this.buf.flip();
        this.source = source;
    }

    /**
     * Opens a whole file held in memory (tests, small files). As before streaming existed, the footer (end magic and
     * checksum) is verified here, before any field is read; {@link #expectEnd()} checks it again at the end.
     */
    public static BinaryReader open(byte[] file, String source) {
        BinaryReader r = open(new ByteArrayInputStream(file), source);
        int min = 8 + FOOTER;
        if (file.length >= min) {
            ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            int endMagic = b.getInt(file.length - 4);
            if (endMagic != IndexFileFormat.END_MAGIC) {
                throw new IndexFormatException(String.format(
                        Locale.ROOT,
                        "index file %s: end magic must be 0x%08X, actual 0x%08X (truncated file?)",
                        source,
                        IndexFileFormat.END_MAGIC,
                        endMagic));
            }
            CRC32C crc = new CRC32C();
            crc.update(file, 0, file.length - FOOTER);
            int actual = (int) crc.getValue();
            int stored = b.getInt(file.length - FOOTER);
            if (stored != actual) {
                throw new IndexFormatException(String.format(
                        Locale.ROOT,
                        "index file %s: checksum (crc32c) must be 0x%08X as stored in the footer, actual 0x%08X",
                        source,
                        stored,
                        actual));
            }
        }
        return r;
    }

    /** Opens a stream; the caller closes it. */
    public static BinaryReader open(InputStream in, String source) {
        return open(Channels.newChannel(in), source, DEFAULT_CHUNK_BYTES);
    }

    /**
     * Opens a channel read in chunks of {@code chunkBytes} (at least 64), checks magic and version and positions after
     * them. The caller closes the channel.
     */
    public static BinaryReader open(ReadableByteChannel in, String source, int chunkBytes) {
        BinaryReader r = new BinaryReader(in, chunkBytes, source);
        r.fill();
        int min = 8 + FOOTER;
        if (r.eof && r.buf.remaining() < min) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT,
                    "index file %s: length must be >= %d bytes, actual %d",
                    source,
                    min,
                    r.buf.remaining()));
        }
        int magic = r.buf.getInt(r.buf.position());
        if (magic != IndexFileFormat.MAGIC) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT,
                    "index file %s: magic must be 0x%08X, actual 0x%08X",
                    source,
                    IndexFileFormat.MAGIC,
                    magic));
        }
        int version = r.buf.getInt(r.buf.position() + 4);
        if (version < 1 || version > IndexFileFormat.VERSION) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT,
                    "index file %s: format version must be in [1, %d], actual %d (written by a newer lib-ann?)",
                    source,
                    IndexFileFormat.VERSION,
                    version));
        }
        r.version = version;
        r.consume(8);
        return r;
    }

    public int version() {
        return version;
    }

    public String source() {
        return source;
    }

    /** Compacts the buffer and reads until it is full or the channel ends. */
    private void fill() {
        if (eof) {
            return;
        }
        buf.compact();
        try {
            while (buf.hasRemaining()) {
                int n = in.read(buf);
                if (n < 0) {
                    eof = true;
                    break;
                }
            }
        } catch (IOException e) {
            buf.flip();
            throw new UncheckedIOException("reading index file " + source, e);
        }
        buf.flip();
    }

    /** Payload bytes available in the buffer (everything but the last FOOTER bytes seen so far). */
    private int available() {
        return Math.max(0, buf.remaining() - FOOTER);
    }

    /** Makes at least {@code n} payload bytes available, or throws "truncated". */
    private void need(int n) {
        if (available() < n) {
            fill();
            if (available() < n) {
                throw truncated();
            }
        }
    }

    /** Advances over {@code n} buffered bytes, adding them to the checksum. */
    private void consume(int n) {
        int pos = buf.position();
        crc.update(buf.array(), buf.arrayOffset() + pos, n);
        buf.position(pos + n);
        consumed += n;
    }

    private IndexFormatException truncated() {
        return new IndexFormatException(String.format(
                Locale.ROOT,
                "index file %s: payload ends at byte %d before all fields were read",
                source,
                consumed + available()));
    }

    public int readInt() {
        need(4);
        int v = buf.getInt(buf.position());
        consume(4);
        return v;
    }

    public long readLong() {
        need(8);
        long v = buf.getLong(buf.position());
        consume(8);
        return v;
    }

    /** Reads a count and checks it against a sane upper bound so a corrupt count cannot allocate gigabytes. */
    public int readCount(String field, long max) {
        int v = readInt();
        if (v < 0 || v > max) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT, "index file %s: %s must be in [0, %d], actual %d", source, field, max, v));
        }
        return v;
    }

    public float[] readFloats(int n) {
        float[] out = new float[n];
        int done = 0;
        while (done < n) {
            need(4);
            int k = Math.min(n - done, available() / 4);
            buf.asFloatBuffer().get(out, done, k);
            consume(4 * k);
            done += k;
        }
        return out;
    }

    public int[] readInts(int n) {
        int[] out = new int[n];
        int done = 0;
        while (done < n) {
            need(4);
            int k = Math.min(n - done, available() / 4);
            buf.asIntBuffer().get(out, done, k);
            consume(4 * k);
            done += k;
        }
        return out;
    }

    public long[] readLongs(int n) {
        long[] out = new long[n];
        int done = 0;
        while (done < n) {
            need(8);
            int k = Math.min(n - done, available() / 8);
            buf.asLongBuffer().get(out, done, k);
            consume(8 * k);
            done += k;
        }
        return out;
    }

    public byte[] readBytes(int n) {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            need(1);
            int k = Math.min(n - done, available());
            buf.get(buf.position(), out, done, k);
            consume(k);
            done += k;
        }
        return out;
    }

    /**
     * Requires the payload to end here: reads to the end of the channel, verifies the footer (end magic, then the
     * checksum of everything before it) and refuses trailing bytes. Idempotent.
     */
    public void expectEnd() {
        long expected = consumed;
        drain();
        verifyFooter();
        if (consumed != expected) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT,
                    "index file %s: payload must end at byte %d, actual %d bytes left",
                    source,
                    consumed,
                    consumed - expected));
        }
    }

    /**
     * After a parse error {@code e}: reads the rest of the file and returns the footer's error (truncated file, checksum
     * mismatch) when the footer is bad, else {@code e}. A corrupt file is reported as corrupt rather than by the odd
     * field value the corruption produced.
     */
    public RuntimeException footerErrorOr(RuntimeException e) {
        try {
            drain();
            verifyFooter();
        } catch (IndexFormatException footer) {
            return footer;
        } catch (UncheckedIOException io) {
            e.addSuppressed(io);
        }
        return e;
    }

    /** Consumes (and checksums) every byte up to the footer, reading the channel to its end. */
    private void drain() {
        while (true) {
            fill();
            if (eof) {
                break;
            }
            consume(available());
        }
        consume(available());
    }

    private void verifyFooter() {
        if (verified) {
            return;
        }
        if (buf.remaining() < FOOTER || consumed < 8) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT,
                    "index file %s: length must be >= %d bytes, actual %d",
                    source,
                    8 + FOOTER,
                    consumed + buf.remaining()));
        }
        int footerAt = buf.position();
        if (!drained) {
            contentCrc = (int) crc.getValue();
            crc.update(buf.array(), buf.arrayOffset() + footerAt, FOOTER);
            fileCrc = (int) crc.getValue();
            drained = true;
        }
        int endMagic = buf.getInt(footerAt + 4);
        if (endMagic != IndexFileFormat.END_MAGIC) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT,
                    "index file %s: end magic must be 0x%08X, actual 0x%08X (truncated file?)",
                    source,
                    IndexFileFormat.END_MAGIC,
                    endMagic));
        }
        int stored = buf.getInt(footerAt);
        if (stored != contentCrc) {
            throw new IndexFormatException(String.format(
                    Locale.ROOT,
                    "index file %s: checksum (crc32c) must be 0x%08X as stored in the footer, actual 0x%08X",
                    source,
                    stored,
                    contentCrc));
        }
        verified = true;
    }

    /** Once the whole file was read ({@link #expectEnd()}, or a failure that drained it): its length in bytes. */
    public long fileBytes() {
        checkVerified();
        return consumed + FOOTER;
    }

    /** Once drained: CRC32C of everything before the footer (what an intact footer stores). */
    public int contentCrc32c() {
        checkVerified();
        return contentCrc;
    }

    /** Once drained: CRC32C of the whole file, footer included. */
    public int fileCrc32c() {
        checkVerified();
        return fileCrc;
    }

    private void checkVerified() {
        if (!drained) {
            throw new IllegalStateException("index file " + source + ": not read to its end yet (call expectEnd)");
        }
    }
}
