package dev.sweeplake.ctr.data;

import dev.sweeplake.ctr.metrics.Auc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded synthetic CTR data with planted factorization-machine structure: categorical fields {@code f0..f(F-1)}
 * whose values {@code "v<id>"} are drawn with a skew (id = floor(cardinality * u^2)); the true click logit is
 * {@code bias + sum_f w[f][id] + sum_{f<g} <v[f][id_f], v[g][id_g]>}; labels are Bernoulli(sigmoid(logit)).
 *
 * <p>Because the true probabilities are known, so is the best achievable (Bayes) AUC: the expected AUC of scoring by
 * the true probability, computed on the test rows with each row counting p as a positive and 1 - p as a negative
 * ({@link Auc#weighted}). A correct FM should approach it; LR cannot when {@code interactionScale} is large.
 *
 * @param splits train / validation / test tables from the same planted model
 * @param testProbability the true click probability of every test row
 * @param bayesTestAuc expected AUC of the Bayes-optimal scorer on the test rows
 */
public record SyntheticFmTask(Splits splits, float[] testProbability, double bayesTestAuc) {

    /**
     * Generator settings.
     *
     * @param fields number of categorical fields, [2, 64]
     * @param cardinality values per field, [2, 1<<20]
     * @param rank planted factor dimension, [1, 64]
     * @param interactionScale std of the pairwise term's factors (so the interaction term has std ~ scale^2 per pair)
     * @param linearScale std of the per-value weights
     * @param bias global logit offset
     */
    public record Params(
            int fields, int cardinality, int rank, double interactionScale, double linearScale, double bias) {
        public Params {
            check("fields", fields, 2, 64);
            check("cardinality", cardinality, 2, 1 << 20);
            check("rank", rank, 1, 64);
            if (!(interactionScale >= 0 && linearScale >= 0)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "interactionScale and linearScale must be >= 0, got %s and %s",
                        interactionScale,
                        linearScale));
            }
        }

        private static void check(String n, int v, int lo, int hi) {
            if (v < lo || v > hi) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "%s must be in [%d, %d], got %d", n, lo, hi, v));
            }
        }

        public static Params defaults() {
            return new Params(6, 50, 4, 0.6, 0.5, -0.3);
        }
    }

    /** Generates {@code train + valid + test} rows from the model planted by {@code seed}. */
    public static SyntheticFmTask generate(Params p, int trainRows, int validRows, int testRows, long seed) {
        if (trainRows < 1 || validRows < 1 || testRows < 1) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "row counts must be >= 1, got train %d, valid %d, test %d",
                    trainRows,
                    validRows,
                    testRows));
        }
        SplittableRandom r = new SplittableRandom(seed);
        int f = p.fields();
        double[][] w = new double[f][p.cardinality()];
        double[][][] v = new double[f][p.cardinality()][p.rank()];
        for (int i = 0; i < f; i++) {
            for (int j = 0; j < p.cardinality(); j++) {
                w[i][j] = r.nextGaussian() * p.linearScale();
                for (int k = 0; k < p.rank(); k++) {
                    v[i][j][k] = r.nextGaussian() * p.interactionScale();
                }
            }
        }
        List<FieldSpec> specs = new ArrayList<>();
        for (int i = 0; i < f; i++) {
            specs.add(FieldSpec.categorical("f" + i));
        }
        Schema schema = new Schema("label", specs);
        RawTable[] tables = new RawTable[3];
        float[] testP = new float[testRows];
        int[] counts = {trainRows, validRows, testRows};
        for (int s = 0; s < 3; s++) {
            RawTable.Builder b = RawTable.builder(schema);
            Object[] vals = new Object[f];
            int[] ids = new int[f];
            for (int row = 0; row < counts[s]; row++) {
                double logit = p.bias();
                for (int i = 0; i < f; i++) {
                    double u = r.nextDouble();
                    ids[i] = (int) (p.cardinality() * u * u);
                    vals[i] = "v" + ids[i];
                    logit += w[i][ids[i]];
                }
                for (int i = 0; i < f; i++) {
                    for (int j = i + 1; j < f; j++) {
                        double dot = 0;
                        for (int k = 0; k < p.rank(); k++) {
                            dot += v[i][ids[i]][k] * v[j][ids[j]][k];
                        }
                        logit += dot;
                    }
                }
                double prob = 1 / (1 + Math.exp(-logit));
                float label = r.nextDouble() < prob ? 1f : 0f;
                if (s == 2) {
                    testP[row] = (float) prob;
                }
                b.addRow(label, vals);
            }
            tables[s] = b.build();
        }
        double[] pos = new double[testRows];
        double[] neg = new double[testRows];
        for (int i = 0; i < testRows; i++) {
            pos[i] = testP[i];
            neg[i] = 1 - testP[i];
        }
        double bayes = Auc.weighted(testP, pos, neg);
        return new SyntheticFmTask(new Splits(tables[0], tables[1], tables[2]), testP, bayes);
    }
}
