package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.VectorMatrix;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Vectors from an Arrow IPC file (the random-access "file" format, {@code .arrow} / Feather v2 uncompressed): an id column
 * ({@code int64}, {@code int32} or {@code int16}) and a vector column ({@code FixedSizeList<float32>} or
 * {@code List<float32>}). The driver reads only the footer and the record batches' metadata (schema, row count per batch,
 * never the data, except the first batch's first vector for a {@code List} column's dimension); each executor then opens
 * the file and reads the batches that overlap its row range, as with fvecs. A {@code List} row of another length is an
 * error naming the file, row, expected and actual length; null vectors and ids are passed on to the job's bad-row policy.
 * Stateless; thread-safe.
 */
final class ArrowVectors {
    private ArrowVectors() {}

    /** What the driver learns from the footer: batch offsets (in rows), dimension, columns. Immutable; serializable. */
    record Layout(String path, String idColumn, String vectorColumn, int dimension, long[] batchStartRows, long rows)
            implements Serializable {}

    /** Reads the footer and batch metadata; checks the columns and their types. */
    static Layout layout(Configuration conf, String path, String idColumn, String vectorColumn) {
        String what = "arrow input " + path;
        try (BufferAllocator alloc = new RootAllocator();
                SeekableByteChannel ch = open(conf, path, what);
                ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
            Schema schema;
            List<ArrowBlock> blocks;
            try {
                schema = r.getVectorSchemaRoot().getSchema();
                blocks = r.getRecordBlocks();
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(
                        what + ": not an Arrow IPC file (expected the ARROW1 magic and a footer): " + e.getMessage(),
                        e);
            }
            Field id = field(schema, idColumn, what, "id_column");
            if (!(id.getType() instanceof ArrowType.Int it) || !it.getIsSigned() || it.getBitWidth() < 16) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "%s: id column '%s' must be int64, int32 or int16, " + "actual %s",
                        what,
                        idColumn,
                        id.getType()));
            }
            Field vec = field(schema, vectorColumn, what, "vector_column");
            ArrowType vt = vec.getType();
            boolean fixed = vt instanceof ArrowType.FixedSizeList;
            if (!(fixed || vt instanceof ArrowType.List)
                    || vec.getChildren().size() != 1
                    || !(vec.getChildren().get(0).getType() instanceof ArrowType.FloatingPoint fp)
                    || fp.getPrecision() != FloatingPointPrecision.SINGLE) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "%s: vector column '%s' must be " + "FixedSizeList<float32> or List<float32>, actual %s%s",
                        what,
                        vectorColumn,
                        vt,
                        vec.getChildren().isEmpty()
                                ? ""
                                : "<" + vec.getChildren().get(0).getType() + ">"));
            }
            long[] starts = new long[blocks.size() + 1];
            for (int b = 0; b < blocks.size(); b++) {
                ch.position(blocks.get(b).getOffset());
                MessageMetadataResult m = MessageSerializer.readMessage(new ReadChannel(ch));
                if (m == null || m.getMessage().headerType() != MessageHeader.RecordBatch) {
                    throw new IllegalArgumentException(what + ": block " + b + " is not a record batch");
                }
                RecordBatch rb = (RecordBatch) m.getMessage().header(new RecordBatch());
                starts[b + 1] = starts[b] + rb.length();
            }
            int dim;
            if (fixed) {
                dim = ((ArrowType.FixedSizeList) vt).getListSize();
            } else {
                dim = 0;
                for (int b = 0; b < blocks.size() && dim == 0; b++) {
                    r.loadRecordBatch(blocks.get(b));
                    ListVector lv = (ListVector) r.getVectorSchemaRoot().getVector(vectorColumn);
                    for (int i = 0; i < lv.getValueCount() && dim == 0; i++) {
                        if (!lv.isNull(i)) {
                            dim = lv.getElementEndIndex(i) - lv.getElementStartIndex(i);
                        }
                    }
                }
            }
            if (starts[blocks.size()] > 0 && dim <= 0) {
                throw new IllegalArgumentException(what + ": vector dimension must be at least 1, actual " + dim);
            }
            return new Layout(path, idColumn, vectorColumn, dim, starts, starts[blocks.size()]);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot be read", e);
        }
    }

    /**
     * Rows {@code [from, to)}: the ids and vectors (a null id or vector stays null, for the job's bad-row policy).
     */
    static List<VectorRows.Record> read(Configuration conf, Layout l, long from, long to) {
        String what = "arrow input " + l.path();
        List<VectorRows.Record> out = new ArrayList<>((int) Math.max(0, to - from));
        try (BufferAllocator alloc = new RootAllocator();
                SeekableByteChannel ch = open(conf, l.path(), what);
                ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
            List<ArrowBlock> blocks = r.getRecordBlocks();
            VectorSchemaRoot root = r.getVectorSchemaRoot();
            for (int b = 0; b < blocks.size(); b++) {
                long s = l.batchStartRows()[b];
                long e = l.batchStartRows()[b + 1];
                if (e <= from || s >= to) {
                    continue;
                }
                r.loadRecordBatch(blocks.get(b));
                BaseIntVector ids = (BaseIntVector) root.getVector(l.idColumn());
                FieldVector vec = root.getVector(l.vectorColumn());
                for (long row = Math.max(s, from); row < Math.min(e, to); row++) {
                    int i = (int) (row - s);
                    Long id = ((FieldVector) ids).isNull(i) ? null : ids.getValueAsLong(i);
                    out.add(new VectorRows.Record(id, vector(vec, i, l.dimension(), row, what)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot be read", e);
        }
        return out;
    }

    private static float[] vector(FieldVector vec, int i, int dim, long row, String what) {
        if (vec.isNull(i)) {
            return null;
        }
        if (vec instanceof FixedSizeListVector f) {
            Float4Vector data = (Float4Vector) f.getDataVector();
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = data.get(i * dim + j);
            }
            return v;
        }
        ListVector lv = (ListVector) vec;
        int s = lv.getElementStartIndex(i);
        int len = lv.getElementEndIndex(i) - s;
        if (len != dim) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s row %d: vector length must be %d, actual %d", what, row, dim, len));
        }
        Float4Vector data = (Float4Vector) lv.getDataVector();
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = data.get(s + j);
        }
        return v;
    }

    /** The whole file on the driver (small inputs, tests). */
    static VectorMatrix readAll(Configuration conf, String path, String idColumn, String vectorColumn) {
        Layout l = layout(conf, path, idColumn, vectorColumn);
        List<VectorRows.Record> rows = read(conf, l, 0, l.rows());
        float[] data = new float[rows.size() * l.dimension()];
        long[] ids = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            VectorRows.Record r = rows.get(i);
            if (r.getId() == null || r.getVector() == null) {
                throw new IllegalArgumentException("arrow input " + path + " row " + i + ": null id or vector");
            }
            ids[i] = r.getId();
            System.arraycopy(r.getVector(), 0, data, i * l.dimension(), l.dimension());
        }
        return VectorMatrix.of(data, l.dimension(), ids);
    }

    private static Field field(Schema schema, String name, String what, String key) {
        for (Field f : schema.getFields()) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(String.format(
                Locale.ROOT,
                "%s: column '%s' (config key '%s') must exist, " + "actual columns %s",
                what,
                name,
                key,
                Arrays.toString(schema.getFields().stream().map(Field::getName).toArray())));
    }

    static SeekableByteChannel open(Configuration conf, String path, String what) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new IllegalArgumentException(what + ": file must exist, actual missing");
        }
        return new HadoopChannel(fs.open(p), fs.getFileStatus(p).getLen());
    }

    /** A read-only seekable channel over a Hadoop input stream. Not thread-safe. */
    static final class HadoopChannel implements SeekableByteChannel {
        private final FSDataInputStream in;
        private final long size;
        private long position;
        private boolean open = true;

        HadoopChannel(FSDataInputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), size - position);
            byte[] buf = new byte[Math.min(n, 1 << 20)];
            in.readFully(position, buf, 0, buf.length);
            dst.put(buf);
            position += buf.length;
            return buf.length;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long p) {
            position = p;
            return this;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long s) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            in.close();
        }
    }
}
