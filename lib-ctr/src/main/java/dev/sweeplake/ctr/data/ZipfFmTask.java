package dev.sweeplake.ctr.data;

import dev.sweeplake.ctr.metrics.Auc;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded synthetic CTR data shaped like a small real log (Frappe-like): categorical single-valued fields of very
 * different cardinalities (user and item fields with thousands of values, context fields with a handful), value
 * frequencies Zipf-like ({@code P(value k) ~ 1 / (k + 1)^s}), and a planted factorization machine:
 * {@code logit = bias + sum_f w[f][id_f] + sum_{f<g} <v[f][id_f], v[g][id_g]>}, labels Bernoulli(sigmoid(logit)).
 * Values are written {@code "v<k>"} with {@code k} the value's frequency rank.
 *
 * <p>{@link #standIn()} is the stand-in of issue 16 (10 fields, about 5.3k values). {@code bayesTestAuc} is the best
 * AUC any model can reach on the test rows (see {@link SyntheticFmTask}).
 *
 * <p>Thread-safety: immutable; {@link #generate} is a pure function of its arguments.
 *
 * @param splits train / validation / test tables from the same planted model
 * @param testProbability the true click probability of every test row
 * @param bayesTestAuc expected AUC of the Bayes-optimal scorer on the test rows
 */
public record ZipfFmTask(Splits splits, float[] testProbability, double bayesTestAuc) {

    /**
     * Generator settings.
     *
     * @param cardinalities values per field, 2..64 fields, each in [2, 1<<24]
     * @param zipfExponent {@code s} of the value frequencies, [0, 4] (0 = uniform)
     * @param rank planted factor dimension, [1, 64]
     * @param interactionScale std of the planted factors, >= 0
     * @param linearScale std of the per-value weights, >= 0
     * @param bias global logit offset
     */
    public record Params(
            List<Integer> cardinalities,
            double zipfExponent,
            int rank,
            double interactionScale,
            double linearScale,
            double bias) {
        public Params {
            cardinalities = List.copyOf(cardinalities);
            if (cardinalities.size() < 2 || cardinalities.size() > 64) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "cardinalities must name 2..64 fields, got %d", cardinalities.size()));
            }
            for (int i = 0; i < cardinalities.size(); i++) {
                int c = cardinalities.get(i);
                if (c < 2 || c > 1 << 24) {
                    throw new IllegalArgumentException(
                            String.format(Locale.ROOT, "cardinalities[%d] must be in [2, %d], got %d", i, 1 << 24, c));
                }
            }
            if (!(zipfExponent >= 0 && zipfExponent <= 4)) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "zipfExponent must be in [0, 4], got %s", zipfExponent));
            }
            if (rank < 1 || rank > 64) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "rank must be in [1, 64], got %d", rank));
            }
            if (!(interactionScale >= 0 && linearScale >= 0) || !Double.isFinite(bias)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "interactionScale and linearScale must be >= 0 and bias finite, got %s, %s, %s",
                        interactionScale,
                        linearScale,
                        bias));
            }
        }
    }

    /** Issue 16's stand-in: 10 fields (user 950, item 4000, 8 context fields; 5,290 values), s = 1.05,
     * rank 4, factor std 0.45, weight std 1.2, bias -1.2 (about half the rows positive). */
    public static Params standIn() {
        return new Params(List.of(950, 4000, 7, 7, 2, 3, 2, 9, 80, 230), 1.05, 4, 0.45, 1.2, -1.2);
    }

    /** Field names of the stand-in's columns: {@code f0..f(F-1)}. */
    public static String fieldName(int f) {
        return "f" + f;
    }

    /** Generates {@code train + valid + test} rows from the model planted by {@code seed}. */
    public static ZipfFmTask generate(Params p, int trainRows, int validRows, int testRows, long seed) {
        if (trainRows < 1 || validRows < 1 || testRows < 1) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "row counts must be >= 1, got train %d, valid %d, test %d",
                    trainRows,
                    validRows,
                    testRows));
        }
        SplittableRandom r = new SplittableRandom(seed);
        int nf = p.cardinalities().size();
        double[][] w = new double[nf][];
        double[][] v = new double[nf][];
        double[][] cdf = new double[nf][];
        for (int f = 0; f < nf; f++) {
            int c = p.cardinalities().get(f);
            w[f] = new double[c];
            v[f] = new double[c * p.rank()];
            for (int j = 0; j < c; j++) {
                w[f][j] = gaussian(r) * p.linearScale();
                for (int k = 0; k < p.rank(); k++) {
                    v[f][j * p.rank() + k] = gaussian(r) * p.interactionScale();
                }
            }
            cdf[f] = zipfCdf(c, p.zipfExponent());
        }
        List<FieldSpec> specs = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            specs.add(FieldSpec.categorical(fieldName(f)));
        }
        Schema schema = new Schema("label", specs);
        RawTable[] tables = new RawTable[3];
        float[] testP = new float[testRows];
        int[] counts = {trainRows, validRows, testRows};
        int[] ids = new int[nf];
        double[] s = new double[p.rank()];
        Object[] vals = new Object[nf];
        for (int split = 0; split < 3; split++) {
            RawTable.Builder b = RawTable.builder(schema);
            for (int row = 0; row < counts[split]; row++) {
                double logit = p.bias();
                java.util.Arrays.fill(s, 0);
                double sq = 0;
                for (int f = 0; f < nf; f++) {
                    ids[f] = sample(cdf[f], r.nextDouble());
                    vals[f] = "v" + ids[f];
                    logit += w[f][ids[f]];
                    for (int k = 0; k < p.rank(); k++) {
                        double x = v[f][ids[f] * p.rank() + k];
                        s[k] += x;
                        sq += x * x;
                    }
                }
                double ss = 0;
                for (double x : s) {
                    ss += x * x;
                }
                logit += 0.5 * (ss - sq);
                double prob = 1 / (1 + Math.exp(-logit));
                float label = r.nextDouble() < prob ? 1f : 0f;
                if (split == 2) {
                    testP[row] = (float) prob;
                }
                b.addRow(label, vals);
            }
            tables[split] = b.build();
        }
        double[] pos = new double[testRows];
        double[] neg = new double[testRows];
        for (int i = 0; i < testRows; i++) {
            pos[i] = testP[i];
            neg[i] = 1 - testP[i];
        }
        return new ZipfFmTask(new Splits(tables[0], tables[1], tables[2]), testP, Auc.weighted(testP, pos, neg));
    }

    /**
     * Writes {@code train.csv}, {@code valid.csv}, {@code test.csv} (header {@code label,f0,..}) into {@code dir}, the
     * layout {@link CsvTableReader} and {@code ctr bench}'s {@code kind: csv} read.
     */
    public void writeCsv(Path dir) {
        try {
            Files.createDirectories(dir);
            String[] names = {"train.csv", "valid.csv", "test.csv"};
            RawTable[] t = {splits.train(), splits.valid(), splits.test()};
            for (int i = 0; i < 3; i++) {
                try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(names[i]), StandardCharsets.UTF_8)) {
                    Schema schema = t[i].schema();
                    StringBuilder sb = new StringBuilder(schema.label());
                    for (FieldSpec f : schema.fields()) {
                        sb.append(',').append(f.name());
                    }
                    out.write(sb.append('\n').toString());
                    for (int row = 0; row < t[i].rows(); row++) {
                        sb.setLength(0);
                        sb.append((int) t[i].label(row));
                        for (int f = 0; f < schema.size(); f++) {
                            sb.append(',').append(((String[]) t[i].column(f))[row]);
                        }
                        out.write(sb.append('\n').toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic splits to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static double[] zipfCdf(int c, double s) {
        double[] cdf = new double[c];
        double acc = 0;
        for (int k = 0; k < c; k++) {
            acc += Math.pow(k + 1, -s);
            cdf[k] = acc;
        }
        for (int k = 0; k < c; k++) {
            cdf[k] /= acc;
        }
        cdf[c - 1] = 1.0;
        return cdf;
    }

    private static int sample(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
