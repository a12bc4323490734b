package dev.sweeplake.jobs.data;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The file outputs of the vector generator, written by Spark tasks in parallel on a local (or shared) folder:
 * <ul>
 *   <li>fvecs: the driver sizes the file, then every partition writes its rows at their offsets (row i at
 *       i * (4 + 4 * dimension)): one valid fvecs file, written in parallel;</li>
 *   <li>Arrow IPC: one file per partition, {@code part-NNNNN.arrow}, record batches of up to 4,096 rows with columns
 *       {@code id} (int64, not null) and {@code vector} (FixedSizeList&lt;float32&gt;[dimension], not null).</li>
 * </ul>
 * Stateless; thread-safe.
 */
final class VectorFileWriters {
    static final int ARROW_BATCH_ROWS = 4096;

    private VectorFileWriters() {}

    static void fvecs(SparkSession spark, ClusteredVectors gen, boolean query, long n, int parts, String file) {
        int dim = gen.dimension();
        long record = 4L + 4L * dim;
        java.nio.file.Path path = java.nio.file.Path.of(file);
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                raf.setLength(n * record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + file, e);
        }
        String abs = path.toAbsolutePath().toString();
        ForeachPartitionFunction<Long> write = (Iterator<Long> ids) -> {
            if (!ids.hasNext()) {
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(record, (1 << 20) / record * record))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[dim];
            try (FileChannel ch = FileChannel.open(java.nio.file.Path.of(abs), StandardOpenOption.WRITE)) {
                long first = -1;
                long pos = 0;
                while (ids.hasNext()) {
                    long id = ids.next();
                    if (first < 0) {
                        first = id;
                        pos = id * record;
                    }
                    if (query) {
                        gen.query(id, v);
                    } else {
                        gen.base(id, v);
                    }
                    if (buf.remaining() < record) {
                        pos = flush(ch, buf, pos);
                    }
                    buf.putInt(dim);
                    for (float x : v) {
                        buf.putFloat(x);
                    }
                }
                flush(ch, buf, pos);
            }
        };
        spark.range(0, n, 1, parts).as(Encoders.LONG()).foreachPartition(write);
    }

    private static long flush(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        buf.clear();
        return pos;
    }

    static Schema arrowSchema(int dim) {
        Field element = new Field(
                "element", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null);
        return new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("vector", FieldType.notNullable(new ArrowType.FixedSizeList(dim)), List.of(element))));
    }

    static void arrow(SparkSession spark, ClusteredVectors gen, boolean query, long n, int parts, String dir) {
        try {
            Files.createDirectories(java.nio.file.Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + dir, e);
        }
        String abs = java.nio.file.Path.of(dir).toAbsolutePath().toString();
        int dim = gen.dimension();
        ForeachPartitionFunction<Long> write = (Iterator<Long> ids) -> {
            int part = TaskContext.getPartitionId();
            java.nio.file.Path file = java.nio.file.Path.of(abs, String.format(Locale.ROOT, "part-%05d.arrow", part));
            float[] v = new float[dim];
            try (BufferAllocator alloc = new RootAllocator();
                    VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema(dim), alloc);
                    FileChannel ch = FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE);
                    ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
                BigIntVector idv = (BigIntVector) root.getVector("id");
                FixedSizeListVector list = (FixedSizeListVector) root.getVector("vector");
                Float4Vector values = (Float4Vector) list.getDataVector();
                w.start();
                while (ids.hasNext()) {
                    root.clear();
                    idv.allocateNew(ARROW_BATCH_ROWS);
                    list.allocateNew();
                    values.allocateNew(ARROW_BATCH_ROWS * dim);
                    int rows = 0;
                    while (rows < ARROW_BATCH_ROWS && ids.hasNext()) {
                        long id = ids.next();
                        if (query) {
                            gen.query(id, v);
                        } else {
                            gen.base(id, v);
                        }
                        idv.set(rows, id);
                        list.setNotNull(rows);
                        for (int j = 0; j < dim; j++) {
                            values.set(rows * dim + j, v[j]);
                        }
                        rows++;
                    }
                    idv.setValueCount(rows);
                    values.setValueCount(rows * dim);
                    list.setValueCount(rows);
                    root.setRowCount(rows);
                    w.writeBatch();
                }
                w.end();
            }
        };
        spark.range(0, n, 1, parts).as(Encoders.LONG()).foreachPartition(write);
    }
}
