package dev.sweeplake.ctr.features;

import dev.sweeplake.ctr.CtrFormatException;
import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.features.FieldEncoding.Kind;
import dev.sweeplake.ctr.features.FieldEncoding.NanPolicy;
import dev.sweeplake.ctr.features.FieldEncoding.Pooling;
import dev.sweeplake.ctr.internal.BinaryFormat;
import dev.sweeplake.ctr.internal.EnumCodes;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@link RawTable}s into {@link EncodedData}, fitted on the training split only (vocabularies, means, quantile
 * buckets). Every field owns a contiguous range of one global id space; id 0 of a vocabulary field is its
 * out-of-vocabulary id, which unseen and rare values share.
 *
 * <p>Thread-safety: immutable after {@link #fit}; {@link #encode} may be called from many threads.
 */
public final class FeatureProcessor {
    /** 'SLFP'. */
    static final int MAGIC = 0x534C4650;
    /** 2: enum codes ({@link EnumCodes}) instead of names; 1 (still read): {@code Enum.name()} as UTF. */
    static final int VERSION = 2;

    private final Schema schema;
    private final FieldEncoding[] enc;
    private final int[] start;
    private final int[] size;
    private final List<Map<String, Integer>> vocab;
    private final List<String[]> vocabList;
    private final double[] mean;
    private final double[] std;
    private final double[][] boundaries;

    private FeatureProcessor(
            Schema schema,
            FieldEncoding[] enc,
            List<String[]> vocabList,
            double[] mean,
            double[] std,
            double[][] boundaries) {
        this.schema = schema;
        this.enc = enc;
        this.vocabList = vocabList;
        this.mean = mean;
        this.std = std;
        this.boundaries = boundaries;
        int n = schema.size();
        this.start = new int[n];
        this.size = new int[n];
        this.vocab = new ArrayList<>();
        int s = 0;
        for (int f = 0; f < n; f++) {
            Map<String, Integer> m = new HashMap<>();
            switch (enc[f].kind()) {
                case VOCABULARY -> {
                    String[] v = vocabList.get(f);
                    for (int i = 0; i < v.length; i++) {
                        m.put(v[i], i + 1);
                    }
                    size[f] = v.length + 1;
                }
                case HASHING -> size[f] = enc[f].hashBuckets();
                case NORMALIZE -> size[f] = 1;
                case BUCKETIZE -> size[f] = boundaries[f].length + 2;
                default -> throw new AssertionError();
            }
            vocab.add(m);
            start[f] = s;
            s = Math.addExact(s, size[f]);
        }
    }

    /**
     * Fits encoders on {@code train}.
     *
     * @throws IllegalArgumentException for an empty table, an encoding that does not suit its field type, or a NaN
     *     numeric under {@link NanPolicy#FAIL}
     */
    public static FeatureProcessor fit(RawTable train, FeatureConfig config) {
        if (train.rows() == 0) {
            throw new IllegalArgumentException("cannot fit a feature processor on an empty training split (0 rows)");
        }
        Schema schema = train.schema();
        FieldEncoding[] enc = encodings(schema, config);
        int n = schema.size();
        List<String[]> vocabList = new ArrayList<>();
        double[] mean = new double[n];
        double[] std = new double[n];
        double[][] bounds = new double[n][];
        for (int f = 0; f < n; f++) {
            FieldSpec spec = schema.field(f);
            FieldEncoding e = enc[f];
            String[] v = new String[0];
            bounds[f] = new double[0];
            switch (e.kind()) {
                case VOCABULARY -> v = fitVocabulary(train.column(f), e.minCount());
                case NORMALIZE -> {
                    double[] x = cleanNumeric(train.numeric(spec.name()), spec.name(), e);
                    double m = 0;
                    for (double d : x) {
                        m += d;
                    }
                    m = x.length == 0 ? 0 : m / x.length;
                    double var = 0;
                    for (double d : x) {
                        var += (d - m) * (d - m);
                    }
                    mean[f] = m;
                    std[f] = FeatureStatistics.standardDeviation(var, x.length);
                }
                case BUCKETIZE -> {
                    double[] x = cleanNumeric(train.numeric(spec.name()), spec.name(), e);
                    Arrays.sort(x);
                    long[] at = FeatureStatistics.bucketCutIndices(x.length, e.numBuckets());
                    double[] cuts = new double[at.length];
                    for (int i = 0; i < at.length; i++) {
                        cuts[i] = x[(int) at[i]];
                    }
                    bounds[f] = FeatureStatistics.bucketBoundaries(cuts);
                }
                case HASHING -> {}
                default -> throw new AssertionError();
            }
            vocabList.add(v);
        }
        return new FeatureProcessor(schema, enc, vocabList, mean, std, bounds);
    }

    /**
     * The encoding of every field of {@code schema} under {@code config} (per-field entries, else the numeric or
     * categorical default).
     *
     * @throws IllegalArgumentException for a configured field missing from the schema or an encoding that does not suit
     *     its field type
     */
    public static FieldEncoding[] encodings(Schema schema, FeatureConfig config) {
        for (String named : config.perField().keySet()) {
            schema.indexOf(named); // a configured field missing from the schema is an error
        }
        FieldEncoding[] enc = new FieldEncoding[schema.size()];
        for (int f = 0; f < enc.length; f++) {
            FieldSpec spec = schema.field(f);
            FieldEncoding e = config.perField()
                    .getOrDefault(
                            spec.name(),
                            spec.type() == FieldType.NUMERIC ? config.numericDefault() : config.categoricalDefault());
            boolean numericKind = e.kind() == Kind.NORMALIZE || e.kind() == Kind.BUCKETIZE;
            if (numericKind != (spec.type() == FieldType.NUMERIC)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "field '%s' of type %s cannot use encoding %s",
                        spec.name(),
                        spec.type(),
                        e.kind()));
            }
            enc[f] = e;
        }
        return enc;
    }

    /**
     * A processor from statistics fitted elsewhere (for example by a distributed aggregation), identical to {@link #fit}
     * given the same statistics. Per field {@code f}: {@code vocabularies.get(f)} in id order (see {@link FeatureStatistics#vocabulary}),
     * empty unless VOCABULARY; {@code mean[f]}/{@code std[f]} for NORMALIZE (std &gt; 0); {@code boundaries[f]} strictly
     * increasing (see {@link FeatureStatistics#bucketBoundaries}), empty unless BUCKETIZE.
     *
     * @throws IllegalArgumentException if an array's length does not match the schema or a statistic is invalid
     */
    public static FeatureProcessor fromStatistics(
            Schema schema,
            FieldEncoding[] enc,
            List<String[]> vocabularies,
            double[] mean,
            double[] std,
            double[][] boundaries) {
        int n = schema.size();
        if (enc.length != n
                || vocabularies.size() != n
                || mean.length != n
                || std.length != n
                || boundaries.length != n) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "statistics for %d fields expected, got encodings %d, vocabularies %d, mean %d, std %d, boundaries %d",
                    n,
                    enc.length,
                    vocabularies.size(),
                    mean.length,
                    std.length,
                    boundaries.length));
        }
        for (int f = 0; f < n; f++) {
            double[] b = boundaries[f];
            for (int i = 1; i < b.length; i++) {
                if (!(b[i] > b[i - 1])) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "field '%s': bucket boundaries must be strictly increasing, got %s",
                            schema.field(f).name(),
                            Arrays.toString(b)));
                }
            }
            if (enc[f].kind() == Kind.NORMALIZE && !(std[f] > 0)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "field '%s': std must be > 0, got %s",
                        schema.field(f).name(),
                        std[f]));
            }
        }
        return new FeatureProcessor(
                schema, enc.clone(), List.copyOf(vocabularies), mean.clone(), std.clone(), boundaries.clone());
    }

    private static double[] cleanNumeric(double[] x, String name, FieldEncoding e) {
        int nan = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                if (e.nanPolicy() == NanPolicy.FAIL) {
                    throw nanError(name, i);
                }
                nan++;
            }
        }
        double[] out = new double[x.length - nan];
        int k = 0;
        for (double d : x) {
            if (!Double.isNaN(d)) {
                out[k++] = d;
            }
        }
        return out;
    }

    private static IllegalArgumentException nanError(String field, int row) {
        return new IllegalArgumentException(String.format(
                Locale.ROOT,
                "numeric field '%s' is NaN at row %d (nanPolicy FAIL; use NanPolicy.IMPUTE to impute)",
                field,
                row));
    }

    private static String[] fitVocabulary(Object column, int minCount) {
        Map<String, Long> counts = new HashMap<>();
        if (column instanceof String[][] bags) {
            for (String[] bag : bags) {
                for (String s : bag) {
                    counts.merge(s, 1L, Long::sum);
                }
            }
        } else {
            for (String s : (String[]) column) {
                counts.merge(s, 1L, Long::sum);
            }
        }
        return FeatureStatistics.vocabulary(counts, minCount);
    }

    /** Encodes a table whose schema contains every fitted field (by name and type; order and extras do not matter). */
    public EncodedData encode(RawTable table) {
        int n = schema.size();
        int rows = table.rows();
        int[][] ids = new int[n][];
        int[][] offsets = new int[n][];
        float[][] weights = new float[n][];
        for (int f = 0; f < n; f++) {
            FieldSpec spec = schema.field(f);
            int tf;
            try {
                tf = table.schema().indexOf(spec.name());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        String.format(
                                Locale.ROOT,
                                "field '%s' (fitted) is missing from the table's schema %s",
                                spec.name(),
                                table.schema().fields().stream()
                                        .map(FieldSpec::name)
                                        .toList()),
                        e);
            }
            if (table.schema().field(tf).type() != spec.type()) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "field '%s' was fitted as %s but the table has %s",
                        spec.name(),
                        spec.type(),
                        table.schema().field(tf).type()));
            }
            Object col = table.column(tf);
            int s = start[f];
            FieldEncoding e = enc[f];
            switch (spec.type()) {
                case CATEGORICAL -> {
                    String[] v = (String[]) col;
                    int[] out = new int[rows];
                    for (int r = 0; r < rows; r++) {
                        out[r] = s + localId(f, v[r]);
                    }
                    ids[f] = out;
                }
                case MULTI_CATEGORICAL -> {
                    String[][] v = (String[][]) col;
                    int[] off = new int[rows + 1];
                    for (int r = 0; r < rows; r++) {
                        off[r + 1] = off[r] + Math.max(1, v[r].length);
                    }
                    int[] out = new int[off[rows]];
                    float[] w = new float[off[rows]];
                    for (int r = 0; r < rows; r++) {
                        String[] bag = v[r];
                        if (bag.length == 0) {
                            out[off[r]] = s; // empty bag: the OOV id
                            w[off[r]] = 1f;
                            continue;
                        }
                        float wt = e.pooling() == Pooling.MEAN ? 1f / bag.length : 1f;
                        for (int k = 0; k < bag.length; k++) {
                            out[off[r] + k] = s + localId(f, bag[k]);
                            w[off[r] + k] = wt;
                        }
                    }
                    ids[f] = out;
                    offsets[f] = off;
                    weights[f] = w;
                }
                case NUMERIC -> {
                    double[] x = (double[]) col;
                    int[] out = new int[rows];
                    if (e.kind() == Kind.NORMALIZE) {
                        float[] w = new float[rows];
                        for (int r = 0; r < rows; r++) {
                            double d = x[r];
                            if (Double.isNaN(d)) {
                                if (e.nanPolicy() == NanPolicy.FAIL) {
                                    throw nanError(spec.name(), r);
                                }
                                d = mean[f];
                            }
                            out[r] = s;
                            w[r] = (float) ((d - mean[f]) / std[f]);
                        }
                        weights[f] = w;
                    } else {
                        double[] b = boundaries[f];
                        for (int r = 0; r < rows; r++) {
                            double d = x[r];
                            if (Double.isNaN(d)) {
                                if (e.nanPolicy() == NanPolicy.FAIL) {
                                    throw nanError(spec.name(), r);
                                }
                                out[r] = s;
                            } else {
                                int pos = Arrays.binarySearch(b, d);
                                int bucket = pos >= 0 ? pos + 1 : -pos - 1;
                                out[r] = s + 1 + bucket;
                            }
                        }
                    }
                    ids[f] = out;
                }
                default -> throw new AssertionError();
            }
        }
        return EncodedData.of(
                numFeatures(), ids, offsets, weights, table.labels().clone());
    }

    /**
     * An encoder that takes rows one at a time, in any order, into preallocated column-major arrays (int ids, float
     * weights): no per-row objects, so a split streamed from files costs only its encoded size.
     */
    public ColumnarEncoder columnarEncoder(int rows) {
        return new ColumnarEncoder(this, rows);
    }

    FieldEncoding encodingOf(int f) {
        return enc[f];
    }

    /** Global id of a categorical value of field {@code f} (OOV for null or unseen). */
    int categoricalId(int f, String value) {
        return start[f] + (value == null ? 0 : localId(f, value));
    }

    /** Global id of a numeric value of field {@code f} ({@code row} for the NaN error). */
    int numericId(int f, double d, int row) {
        if (enc[f].kind() == Kind.NORMALIZE) {
            return start[f];
        }
        if (Double.isNaN(d)) {
            if (enc[f].nanPolicy() == NanPolicy.FAIL) {
                throw nanError(schema.field(f).name(), row);
            }
            return start[f];
        }
        int pos = Arrays.binarySearch(boundaries[f], d);
        int bucket = pos >= 0 ? pos + 1 : -pos - 1;
        return start[f] + 1 + bucket;
    }

    /** Weight of a normalised numeric value of field {@code f}. */
    float numericWeight(int f, double d, int row) {
        if (Double.isNaN(d)) {
            if (enc[f].nanPolicy() == NanPolicy.FAIL) {
                throw nanError(schema.field(f).name(), row);
            }
            d = mean[f];
        }
        return (float) ((d - mean[f]) / std[f]);
    }

    private int localId(int f, String value) {
        if (enc[f].kind() == Kind.HASHING) {
            int h = value.hashCode() * 0x9E3779B9; // String.hashCode is fixed by the JLS: stable across JVMs
            h ^= h >>> 16;
            return Math.floorMod(h, enc[f].hashBuckets());
        }
        Integer id = vocab.get(f).get(value);
        return id == null ? 0 : id;
    }

    public Schema schema() {
        return schema;
    }

    /** Size of the global feature id space. */
    public int numFeatures() {
        return start[start.length - 1] + size[size.length - 1];
    }

    /** Number of ids of field {@code f} (vocabulary size + 1 for OOV, hash buckets, ...). */
    public int fieldSize(int f) {
        return size[f];
    }

    public FieldEncoding encoding(int f) {
        return enc[f];
    }

    /**
     * Writes this processor (versioned, checksummed; see {@link BinaryFormat}). Payload v2: UTF label, int fields, then per
     * field UTF name, byte type code, byte encoding kind code, int minCount, int hashBuckets, int numBuckets, byte pooling
     * code, byte NaN policy code ({@link EnumCodes}; v1 stored those four as UTF names), double mean, double std, the
     * bucket boundaries (int length + doubles), int vocabulary size and per entry int length + UTF-8 bytes.
     */
    public void save(OutputStream out) {
        BinaryFormat.Writer w = new BinaryFormat.Writer(MAGIC, VERSION);
        DataOutputStream d = w.out;
        try {
            d.writeUTF(schema.label());
            d.writeInt(schema.size());
            for (int f = 0; f < schema.size(); f++) {
                FieldSpec spec = schema.field(f);
                FieldEncoding e = enc[f];
                d.writeUTF(spec.name());
                d.writeByte(EnumCodes.code(spec.type()));
                d.writeByte(EnumCodes.code(e.kind()));
                d.writeInt(e.minCount());
                d.writeInt(e.hashBuckets());
                d.writeInt(e.numBuckets());
                d.writeByte(EnumCodes.code(e.pooling()));
                d.writeByte(EnumCodes.code(e.nanPolicy()));
                d.writeDouble(mean[f]);
                d.writeDouble(std[f]);
                BinaryFormat.writeDoubles(d, boundaries[f]);
                String[] v = vocabList.get(f);
                d.writeInt(v.length);
                for (String s : v) {
                    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    d.writeInt(b.length);
                    d.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        w.finish(out);
    }

    /** Reads a processor written by {@link #save}. @throws CtrFormatException if corrupt or of a newer version */
    public static FeatureProcessor load(InputStream in) {
        BinaryFormat.Opened o = BinaryFormat.open(in, MAGIC, VERSION, "feature processor");
        DataInputStream d = o.in();
        try {
            String label = d.readUTF();
            int n = d.readInt();
            List<FieldSpec> fields = new ArrayList<>();
            FieldEncoding[] enc = new FieldEncoding[n];
            double[] mean = new double[n];
            double[] std = new double[n];
            double[][] bounds = new double[n][];
            List<String[]> vocab = new ArrayList<>();
            for (int f = 0; f < n; f++) {
                boolean v1 = o.version() == 1;
                String name = d.readUTF();
                fields.add(new FieldSpec(
                        name, v1 ? EnumCodes.v1FieldType(d.readUTF()) : EnumCodes.fieldType(d.readUnsignedByte())));
                Kind k = v1 ? EnumCodes.v1EncodingKind(d.readUTF()) : EnumCodes.encodingKind(d.readUnsignedByte());
                int minCount = d.readInt();
                int hb = d.readInt();
                int nb = d.readInt();
                Pooling pooling = v1 ? EnumCodes.v1Pooling(d.readUTF()) : EnumCodes.pooling(d.readUnsignedByte());
                NanPolicy nan = v1 ? EnumCodes.v1NanPolicy(d.readUTF()) : EnumCodes.nanPolicy(d.readUnsignedByte());
                enc[f] = new FieldEncoding(k, minCount, hb, nb, pooling, nan);
                mean[f] = d.readDouble();
                std[f] = d.readDouble();
                bounds[f] = BinaryFormat.readDoubles(d);
                String[] v = new String[d.readInt()];
                for (int i = 0; i < v.length; i++) {
                    byte[] b = new byte[d.readInt()];
                    d.readFully(b);
                    v[i] = new String(b, java.nio.charset.StandardCharsets.UTF_8);
                }
                vocab.add(v);
            }
            return new FeatureProcessor(new Schema(label, fields), enc, vocab, mean, std, bounds);
        } catch (IOException | IllegalArgumentException e) {
            throw new CtrFormatException("feature processor: malformed payload: " + e.getMessage());
        }
    }
}
