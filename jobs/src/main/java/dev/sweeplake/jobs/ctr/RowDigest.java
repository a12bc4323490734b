package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.data.Splits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The content version of a bench's three splits, computable on the driver (RawTables) and in Spark (DataFrames) with the
 * same result: each row's SHA-256 over (split, row index, label, values) is summed, as two 64-bit lanes, per split, and
 * the sums, row counts and schema are hashed once more. Row order matters (through the row index), partitioning does
 * not. The first 16 hex digits are the version.
 *
 * <p>Thread-safety: stateless.
 */
final class RowDigest {
    private RowDigest() {}

    /** Digest of splits held on the driver. */
    static String of(Splits s) {
        List<RawTable> tables = List.of(s.train(), s.valid(), s.test());
        FieldType[] types = ParquetSource.types(s.train().schema());
        long[][] acc = new long[3][3];
        MessageDigest md = sha256();
        for (int split = 0; split < 3; split++) {
            RawTable t = tables.get(split);
            Object[] vals = new Object[types.length];
            for (int r = 0; r < t.rows(); r++) {
                for (int f = 0; f < types.length; f++) {
                    Object c = t.column(f);
                    vals[f] = c instanceof String[] a ? a[r] : c instanceof double[] a ? a[r] : ((String[][]) c)[r];
                }
                add(acc[split], md, split, r, t.label(r), vals, types);
            }
        }
        return finish(s.train().schema(), acc);
    }

    /** Digest of splits in Spark (one job per split; rows indexed in the DataFrame's partition order). */
    static String of(Schema schema, CtrData.Sources sources) {
        FieldType[] types = ParquetSource.types(schema);
        long[][] acc = new long[3][];
        for (int split = 0; split < 3; split++) {
            int sp = split;
            acc[split] = sources.all()
                    .get(split)
                    .javaRDD()
                    .zipWithIndex()
                    .mapPartitions((Iterator<scala.Tuple2<Row, Long>> it) -> {
                        long[] a = new long[3];
                        MessageDigest md = sha256();
                        while (it.hasNext()) {
                            scala.Tuple2<Row, Long> t = it.next();
                            Row r = t._1();
                            add(a, md, sp, t._2(), (float) r.getDouble(0), ParquetSource.values(r, types), types);
                        }
                        return List.of(a).iterator();
                    })
                    .reduce((x, y) -> new long[] {x[0] + y[0], x[1] + y[1], x[2] + y[2]});
        }
        return finish(schema, acc);
    }

    /** Adds one row to {@code acc} = {rows, lane 0 sum, lane 1 sum}; {@code md} is a SHA-256 digest to reuse. */
    static void add(long[] acc, MessageDigest md, int split, long row, float label, Object[] vals, FieldType[] types) {
        StringBuilder sb = new StringBuilder();
        sb.append(split).append('\u001f').append(row).append('\u001f').append(label);
        for (int f = 0; f < types.length; f++) {
            sb.append('\u001f');
            switch (types[f]) {
                case CATEGORICAL -> sb.append((String) vals[f]);
                case NUMERIC -> sb.append(Double.doubleToLongBits((Double) vals[f]));
                case MULTI_CATEGORICAL -> sb.append(String.join("\u001e", (String[]) vals[f]));
                default -> throw new AssertionError();
            }
        }
        ByteBuffer h = ByteBuffer.wrap(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        acc[0]++;
        acc[1] += h.getLong(0);
        acc[2] += h.getLong(8);
    }

    static String finish(Schema schema, long[][] acc) {
        MessageDigest md = sha256();
        md.update(schema.toString().getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.allocate(3 * 3 * Long.BYTES);
        for (long[] a : acc) {
            for (long v : a) {
                b.putLong(v);
            }
        }
        md.update(b.array());
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
