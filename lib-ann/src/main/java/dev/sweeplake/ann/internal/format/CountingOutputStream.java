package dev.sweeplake.ann.internal.format;

import java.io.OutputStream;

/** An output stream that only counts the bytes written to it (the size of a serialised index). Not thread-safe. */
public final class CountingOutputStream extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        count += len;
    }

    /** Bytes written so far. */
    public long count() {
        return count;
    }
}
