package dev.sweeplake.ann.io;

import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.Checks;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The layout of an uncompressed vector file whose rows all have the same size (fvecs, bvecs, IDX), taken from its header
 * and length, so that any range of rows can be read on its own: {@link #offset} gives where row {@code r} starts and
 * {@link #read} reads a range from a stream positioned there (one Spark task per range). The same checks and messages
 * as {@link VectorReaders}: a bad row is named by its row number in the whole file. Immutable; thread-safe.
 *
 * @param format      {@code fvecs}, {@code bvecs} or {@code idx}
 * @param dimension   values per row
 * @param headerBytes bytes before row 0
 * @param recordBytes bytes per row (with fvecs/bvecs, the 4-byte dimension prefix included)
 * @param rows        rows in the file
 * @param floatIdx    IDX only: float data (else unsigned bytes)
 */
public record FixedRecordFile(
        String format, int dimension, long headerBytes, long recordBytes, long rows, boolean floatIdx)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Whether {@code format} has fixed-size rows that this class can split. */
    public static boolean supports(String format) {
        return format.equals("fvecs") || format.equals("bvecs") || format.equals("idx");
    }

    /**
     * Reads the header of an uncompressed file.
     *
     * @param head       the file from its first byte
     * @param fileLength the file's length in bytes
     * @param source     the file, for messages
     */
    public static FixedRecordFile of(String format, InputStream head, long fileLength, String source)
            throws IOException {
        DataInputStream in = new DataInputStream(head);
        switch (format) {
            case "fvecs", "bvecs" -> {
                int valueBytes = format.equals("fvecs") ? 4 : 1;
                if (fileLength < 4) {
                    throw new IndexFormatException(Checks.fmt("%s: vector count must be >= 1, actual 0", source));
                }
                byte[] b = new byte[4];
                in.readFully(b);
                int d = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (d < 1 || d > 1 << 20) {
                    throw new IndexFormatException(
                            Checks.fmt("%s row 0: dimension must be in [1, %d], actual %d", source, 1 << 20, d));
                }
                long record = 4L + (long) d * valueBytes;
                long rows = fileLength / record;
                if (fileLength % record != 0) {
                    throw new IndexFormatException(
                            Checks.fmt("%s row %d: file ends inside the row (truncated)", source, rows));
                }
                return new FixedRecordFile(format, d, 0, record, rows, false);
            }
            case "idx" -> {
                int magic = in.readInt();
                int type = (magic >>> 8) & 0xFF;
                int axes = magic & 0xFF;
                if ((magic >>> 16) != 0 || (type != 0x08 && type != 0x0D) || axes < 1 || axes > 8) {
                    throw new IndexFormatException(Checks.fmt(
                            "%s: IDX magic must be 0x000008NN (ubyte) or 0x00000DNN (float) with 1..8 axes, actual "
                                    + "0x%08X",
                            source, magic));
                }
                int rows = in.readInt();
                long dim = 1;
                for (int a = 1; a < axes; a++) {
                    dim *= in.readInt();
                }
                if (rows < 1 || dim < 1 || dim > Integer.MAX_VALUE) {
                    throw new IndexFormatException(
                            Checks.fmt("%s: IDX rows and row size must be >= 1, actual %d x %d", source, rows, dim));
                }
                long header = 4L + 4L * axes;
                long record = dim * (type == 0x08 ? 1 : 4);
                if (fileLength < header + rows * record) {
                    throw new IndexFormatException(Checks.fmt(
                            "%s row %d: file ends inside the row (truncated)",
                            source, Math.max(0, fileLength - header) / record));
                }
                return new FixedRecordFile(format, (int) dim, header, record, rows, type == 0x0D);
            }
            default ->
                throw new IllegalArgumentException("format must be one of [fvecs, bvecs, idx], actual " + format);
        }
    }

    /** Byte offset of row {@code row}. */
    public long offset(long row) {
        return headerBytes + row * recordBytes;
    }

    /**
     * Reads rows {@code [from, from + count)} from a stream positioned at {@link #offset}{@code (from)}; the ids are the
     * row numbers in the whole file.
     */
    public VectorMatrix read(InputStream stream, long from, int count, String source) throws IOException {
        if (from < 0 || count < 0 || from + count > rows) {
            throw new IllegalArgumentException(
                    Checks.fmt("rows [%d, %d) must lie in [0, %d]", from, from + count, rows));
        }
        DataInputStream in = new DataInputStream(stream);
        float[] data = new float[Math.multiplyExact(count, dimension)];
        long[] ids = new long[count];
        byte[] buf = new byte[(int) recordBytes];
        ByteBuffer bb =
                ByteBuffer.wrap(buf).order(format.equals("idx") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean prefixed = !format.equals("idx");
        boolean bytes = format.equals("bvecs") || (format.equals("idx") && !floatIdx);
        for (int i = 0; i < count; i++) {
            long row = from + i;
            try {
                in.readFully(buf);
            } catch (EOFException e) {
                throw new IndexFormatException(
                        Checks.fmt("%s row %d: file ends inside the row (truncated)", source, row));
            }
            int at = 0;
            if (prefixed) {
                int d = bb.getInt(0);
                if (d != dimension) {
                    throw new IndexFormatException(
                            Checks.fmt("%s row %d: dimension must be %d, actual %d", source, row, dimension, d));
                }
                at = 4;
            }
            int o = i * dimension;
            if (bytes) {
                for (int c = 0; c < dimension; c++) {
                    data[o + c] = buf[at + c] & 0xFF;
                }
            } else {
                for (int c = 0; c < dimension; c++) {
                    float v = bb.getFloat(at + 4 * c);
                    VectorReaders.checkFinite(source, row, c, v);
                    data[o + c] = v;
                }
            }
            ids[i] = row;
        }
        return VectorMatrix.of(data, dimension, ids);
    }
}
