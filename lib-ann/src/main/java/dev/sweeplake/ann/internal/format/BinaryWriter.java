package dev.sweeplake.ann.internal.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Little-endian writer that keeps a CRC32C of everything written and appends the footer in {@link #finish()}.
 * Does not close the underlying stream. Not thread-safe.
 */
public final class BinaryWriter {
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long written;

    public BinaryWriter(OutputStream out) {
        this.out = out;
    }

    private void ensure(int bytes) {
        if (buf.remaining() < bytes) {
            flushBuffer();
        }
    }

    private void flushBuffer() {
        try {
            crc.update(buf.array(), 0, buf.position());
            out.write(buf.array(), 0, buf.position());
            written += buf.position();
            buf.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeInt(int v) {
        ensure(4);
        buf.putInt(v);
    }

    public void writeLong(long v) {
        ensure(8);
        buf.putLong(v);
    }

    public void writeFloat(float v) {
        ensure(4);
        buf.putFloat(v);
    }

    public void writeInts(int[] v, int off, int len) {
        for (int i = 0; i < len; i++) {
            ensure(4);
            buf.putInt(v[off + i]);
        }
    }

    public void writeLongs(long[] v, int off, int len) {
        for (int i = 0; i < len; i++) {
            ensure(8);
            buf.putLong(v[off + i]);
        }
    }

    public void writeFloats(float[] v, int off, int len) {
        int i = 0;
        while (i < len) {
            ensure(4);
            int n = Math.min(len - i, buf.remaining() / 4);
            buf.asFloatBuffer().put(v, off + i, n);
            buf.position(buf.position() + 4 * n);
            i += n;
        }
    }

    public void writeBytes(byte[] v, int off, int len) {
        int i = 0;
        while (i < len) {
            ensure(1);
            int n = Math.min(len - i, buf.remaining());
            buf.put(v, off + i, n);
            i += n;
        }
    }

    /** Writes the checksum footer and flushes; returns the total file length. */
    public long finish() {
        flushBuffer();
        int c = (int) crc.getValue();
        buf.putInt(c);
        buf.putInt(IndexFileFormat.END_MAGIC);
        try {
            out.write(buf.array(), 0, buf.position());
            written += buf.position();
            buf.clear();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }
}
