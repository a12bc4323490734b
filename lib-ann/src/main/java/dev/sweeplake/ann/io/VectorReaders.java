package dev.sweeplake.ann.io;

import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.internal.Checks;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Readers for vector files: fvecs / ivecs / bvecs (TEXMEX: little-endian int32 dimension, then the values, per row),
 * IDX (big-endian, the MNIST format; unsigned byte or float data of any rank, the first axis is the row) and CSV/TSV of
 * numbers. Gzip is detected from the magic bytes. Every reader checks dimensions and finiteness and names the source
 * and row of a bad vector. Row ids are the row numbers unless the CSV has an id column. Stateless; thread-safe.
 */
public final class VectorReaders {
    private VectorReaders() {}

    /** Opens a file, transparently un-gzipping it. */
    public static InputStream open(Path path) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    public static VectorMatrix readFvecs(Path path) {
        try (InputStream in = open(path)) {
            return readVecs(in, path.toString(), 4, false);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    public static VectorMatrix readBvecs(Path path) {
        try (InputStream in = open(path)) {
            return readVecs(in, path.toString(), 1, false);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    /** ivecs as a float matrix (e.g. for integer feature vectors); use {@link #readIvecsRows} for ground truth. */
    public static VectorMatrix readIvecs(Path path) {
        try (InputStream in = open(path)) {
            return readVecs(in, path.toString(), 4, true);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    /** ivecs rows as ints (ground-truth neighbour lists). */
    public static int[][] readIvecsRows(Path path) {
        VectorMatrix m = readIvecs(path);
        int[][] out = new int[m.size()][m.dimension()];
        for (int r = 0; r < m.size(); r++) {
            for (int c = 0; c < m.dimension(); c++) {
                out[r][c] = (int) m.get(r, c);
            }
        }
        return out;
    }

    /**
     * fvecs (valueBytes 4, float), ivecs (4, int) or bvecs (1, unsigned byte) from a stream.
     */
    public static VectorMatrix readVecs(InputStream in, String source, int valueBytes, boolean ints)
            throws IOException {
        DataInputStream din = new DataInputStream(in);
        FloatList values = new FloatList();
        int dim = -1;
        int row = 0;
        byte[] head = new byte[4];
        byte[] buf = new byte[0];
        while (true) {
            int got = din.read(head, 0, 1);
            if (got < 0) {
                break;
            }
            readFully(din, head, 1, 3, source, row);
            int d = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (dim < 0) {
                if (d < 1 || d > 1 << 20) {
                    throw new IndexFormatException(
                            Checks.fmt("%s row 0: dimension must be in [1, %d], actual %d", source, 1 << 20, d));
                }
                dim = d;
                buf = new byte[dim * valueBytes];
            } else if (d != dim) {
                throw new IndexFormatException(
                        Checks.fmt("%s row %d: dimension must be %d, actual %d", source, row, dim, d));
            }
            readFully(din, buf, 0, buf.length, source, row);
            ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            for (int c = 0; c < dim; c++) {
                float v;
                if (valueBytes == 1) {
                    v = buf[c] & 0xFF;
                } else if (ints) {
                    v = bb.getInt(c * 4);
                } else {
                    v = bb.getFloat(c * 4);
                }
                checkFinite(source, row, c, v);
                values.add(v);
            }
            row++;
        }
        if (dim < 0) {
            throw new IndexFormatException(Checks.fmt("%s: vector count must be >= 1, actual 0", source));
        }
        return VectorMatrix.withRowIds(values.toArray(), dim);
    }

    private static void readFully(DataInputStream in, byte[] b, int off, int len, String source, int row)
            throws IOException {
        try {
            in.readFully(b, off, len);
        } catch (EOFException e) {
            throw new IndexFormatException(Checks.fmt("%s row %d: file ends inside the row (truncated)", source, row));
        }
    }

    static void checkFinite(String source, long row, int col, float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(Checks.fmt(
                    "%s row %d column %d: value must be finite, actual %s", source, row, col, Float.toString(v)));
        }
    }

    /** IDX file (MNIST): magic 0x0000TTNN (type TT: 0x08 ubyte, 0x0D float; NN axes), counts, then the data. */
    public static VectorMatrix readIdx(Path path) {
        try (InputStream in = open(path)) {
            return readIdx(in, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    public static VectorMatrix readIdx(InputStream in, String source) throws IOException {
        DataInputStream din = new DataInputStream(in);
        int magic = din.readInt();
        int type = (magic >>> 8) & 0xFF;
        int axes = magic & 0xFF;
        if ((magic >>> 16) != 0 || (type != 0x08 && type != 0x0D) || axes < 1 || axes > 8) {
            throw new IndexFormatException(Checks.fmt(
                    "%s: IDX magic must be 0x000008NN (ubyte) or 0x00000DNN (float) with 1..8 axes, actual 0x%08X",
                    source, magic));
        }
        int rows = din.readInt();
        long dimL = 1;
        for (int a = 1; a < axes; a++) {
            dimL *= din.readInt();
        }
        if (rows < 1 || dimL < 1 || rows * dimL > Integer.MAX_VALUE) {
            throw new IndexFormatException(Checks.fmt(
                    "%s: IDX rows and row size must be >= 1 with at most %d values," + " actual %d x %d",
                    source, Integer.MAX_VALUE, rows, dimL));
        }
        int dim = (int) dimL;
        float[] data = new float[rows * dim];
        byte[] buf = new byte[dim * (type == 0x08 ? 1 : 4)];
        for (int r = 0; r < rows; r++) {
            try {
                din.readFully(buf);
            } catch (EOFException e) {
                throw new IndexFormatException(
                        Checks.fmt("%s row %d: file ends inside the row (truncated)", source, r));
            }
            if (type == 0x08) {
                for (int c = 0; c < dim; c++) {
                    data[r * dim + c] = buf[c] & 0xFF;
                }
            } else {
                ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN);
                for (int c = 0; c < dim; c++) {
                    float v = bb.getFloat(c * 4);
                    checkFinite(source, r, c, v);
                    data[r * dim + c] = v;
                }
            }
        }
        return VectorMatrix.withRowIds(data, dim);
    }

    /**
     * CSV/TSV of numbers.
     *
     * @param spec delimiter, header lines to skip, optional id column and columns to ignore (e.g. a label)
     */
    public static VectorMatrix readCsv(Path path, CsvSpec spec) {
        try (InputStream in = open(path)) {
            return readCsv(in, path.toString(), spec);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    public static VectorMatrix readCsv(InputStream in, String source, CsvSpec spec) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        FloatList values = new FloatList();
        List<Long> ids = new ArrayList<>();
        int dim = -1;
        int lineNo = 0;
        int row = 0;
        String line;
        String delim = java.util.regex.Pattern.quote(String.valueOf(spec.delimiter()));
        int[] ignored = spec.ignoredColumns();
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (lineNo <= spec.headerLines() || line.isBlank()) {
                continue;
            }
            String[] cells = line.split(delim, -1);
            int d = 0;
            long id = row;
            for (int c = 0; c < cells.length; c++) {
                if (c == spec.idColumn()) {
                    try {
                        id = Long.parseLong(cells[c].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(Checks.fmt(
                                "%s line %d column %d: id must be an integer, actual '%s'",
                                source, lineNo, c, cells[c]));
                    }
                    continue;
                }
                if (Arrays.binarySearch(ignored, c) >= 0) {
                    continue;
                }
                float v;
                try {
                    v = Float.parseFloat(cells[c].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(Checks.fmt(
                            "%s line %d column %d: value must be a number, actual '%s'", source, lineNo, c, cells[c]));
                }
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(Checks.fmt(
                            "%s line %d column %d: value must be finite, actual %s", source, lineNo, c, cells[c]));
                }
                values.add(v);
                d++;
            }
            if (dim < 0) {
                dim = d;
            } else if (d != dim) {
                throw new IllegalArgumentException(
                        Checks.fmt("%s line %d: vector dimension must be %d, actual %d", source, lineNo, dim, d));
            }
            ids.add(id);
            row++;
        }
        if (dim < 1) {
            throw new IllegalArgumentException(Checks.fmt("%s: vector count must be >= 1, actual 0", source));
        }
        long[] idArr = new long[ids.size()];
        for (int i = 0; i < idArr.length; i++) {
            idArr[i] = ids.get(i);
        }
        return VectorMatrix.of(values.toArray(), dim, idArr);
    }

    /** Growable float array. */
    private static final class FloatList {
        private float[] a = new float[1 << 12];
        private int n;

        void add(float v) {
            if (n == a.length) {
                if (a.length >= Integer.MAX_VALUE / 2) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "vector file must hold at most %d values, actual more",
                            Integer.MAX_VALUE / 2));
                }
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
