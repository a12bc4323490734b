package dev.sweeplake.ann.internal.format;

import dev.sweeplake.ann.IndexFormatException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Little-endian reader over a whole index file held in memory, created only after the footer (end magic and CRC32C)
 * and the header magic and version were verified. Not thread-safe.
 */
public final class BinaryReader {
    private final ByteBuffer buf;
    private final String source;
    private final int version;

    private BinaryReader(ByteBuffer buf, String source, int version) {
        this.buf = buf;
        this.source = source;
        this.version = version;
    }

    /** Verifies magic, version, end magic and checksum of a complete file, then positions after magic+version. */
    public static BinaryReader open(byte[] file, String source) {
        int min = 8 + IndexFileFormat.FOOTER_BYTES;
        if (file.length < min) {
            throw new IndexFormatException(String.format(Locale.ROOT,
                    "index file %s: length must be >= %d bytes, actual %d", source, min, file.length));
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != IndexFileFormat.MAGIC) {
            throw new IndexFormatException(String.format(Locale.ROOT,
                    "index file %s: magic must be 0x%08X, actual 0x%08X", source, IndexFileFormat.MAGIC, magic));
        }
        int version = b.getInt(4);
        if (version < 1 || version > IndexFileFormat.VERSION) {
            throw new IndexFormatException(String.format(Locale.ROOT,
                    "index file %s: format version must be in [1, %d], actual %d (written by a newer lib-ann?)",
                    source, IndexFileFormat.VERSION, version));
        }
        int endMagic = b.getInt(file.length - 4);
        if (endMagic != IndexFileFormat.END_MAGIC) {
            throw new IndexFormatException(String.format(Locale.ROOT,
                    "index file %s: end magic must be 0x%08X, actual 0x%08X (truncated file?)",
                    source, IndexFileFormat.END_MAGIC, endMagic));
        }
        int stored = b.getInt(file.length - 8);
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - IndexFileFormat.FOOTER_BYTES);
        int actual = (int) crc.getValue();
        if (stored != actual) {
            throw new IndexFormatException(String.format(Locale.ROOT,
                    "index file %s: checksum (crc32c) must be 0x%08X as stored in the footer, actual 0x%08X",
                    source, stored, actual));
        }
        ByteBuffer body = ByteBuffer.wrap(file, 0, file.length - IndexFileFormat.FOOTER_BYTES).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        body.position(8);
        return new BinaryReader(body, source, version);
    }

    public int version() {
        return version;
    }

    public String source() {
        return source;
    }

    private IndexFormatException truncated() {
        return new IndexFormatException(String.format(Locale.ROOT,
                "index file %s: payload ends at byte %d before all fields were read", source, buf.limit()));
    }

    public int readInt() {
        try {
            return buf.getInt();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    public long readLong() {
        try {
            return buf.getLong();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    /** Reads a count and checks it against a sane upper bound so a corrupt count cannot allocate gigabytes. */
    public int readCount(String field, long max) {
        int v = readInt();
        if (v < 0 || v > max) {
            throw new IndexFormatException(String.format(Locale.ROOT,
                    "index file %s: %s must be in [0, %d], actual %d", source, field, max, v));
        }
        return v;
    }

    public float[] readFloats(int n) {
        checkRemaining(4L * n);
        float[] out = new float[n];
        buf.asFloatBuffer().get(out);
        buf.position(buf.position() + 4 * n);
        return out;
    }

    public int[] readInts(int n) {
        checkRemaining(4L * n);
        int[] out = new int[n];
        buf.asIntBuffer().get(out);
        buf.position(buf.position() + 4 * n);
        return out;
    }

    public long[] readLongs(int n) {
        checkRemaining(8L * n);
        long[] out = new long[n];
        buf.asLongBuffer().get(out);
        buf.position(buf.position() + 8 * n);
        return out;
    }

    public byte[] readBytes(int n) {
        checkRemaining(n);
        byte[] out = new byte[n];
        buf.get(out);
        return out;
    }

    private void checkRemaining(long bytes) {
        if (bytes > buf.remaining()) {
            throw truncated();
        }
    }

    /** Refuses trailing bytes: the payload must end exactly at the footer. */
    public void expectEnd() {
        if (buf.remaining() != 0) {
            throw new IndexFormatException(String.format(Locale.ROOT,
                    "index file %s: payload must end at byte %d, actual %d bytes left", source, buf.limit(),
                    buf.remaining()));
        }
    }
}
