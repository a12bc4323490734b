package dev.sweeplake.ann;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sweeplake.ann.io.CsvSpec;
import dev.sweeplake.ann.io.VectorReaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** Seeded synthetic data, the shared data sets and a naive reference k-NN. */
public final class TestData {
    private TestData() {}

    /** Gaussian clusters: n vectors of dimension dim around `clusters` random centres; ids = 1000 + 7 * row. */
    public static VectorMatrix clustered(int n, int dim, int clusters, long seed) {
        Random rnd = new Random(seed);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (rnd.nextGaussian() * 3);
        }
        float[] data = new float[n * dim];
        long[] ids = new long[n];
        for (int r = 0; r < n; r++) {
            int c = rnd.nextInt(clusters);
            for (int d = 0; d < dim; d++) {
                data[r * dim + d] = centres[c * dim + d] + (float) rnd.nextGaussian();
            }
            ids[r] = 1000 + 7L * r;
        }
        return VectorMatrix.of(data, dim, ids);
    }

    /** Queries drawn like {@link #clustered} but from another seed stream; ids are row numbers. */
    public static VectorMatrix queries(VectorMatrix base, int n, long seed) {
        Random rnd = new Random(seed);
        int dim = base.dimension();
        float[] q = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int r = rnd.nextInt(base.size());
            for (int d = 0; d < dim; d++) {
                q[i * dim + d] = base.get(r, d) + (float) (rnd.nextGaussian() * 0.5);
            }
        }
        return VectorMatrix.withRowIds(q, dim);
    }

    /** The shared data folder from -Dsweeplake.shared.data; skips the test when absent. */
    public static Path sharedData() {
        String p = System.getProperty("sweeplake.shared.data");
        assumeTrue(p != null && Files.isDirectory(Path.of(p)), "shared data not available: " + p);
        return Path.of(p);
    }

    /** UCI digits (64-d), the label column dropped. Skips when absent. */
    public static VectorMatrix digits() {
        Path f = sharedData().resolve("digits/digits.csv.gz");
        assumeTrue(Files.isRegularFile(f), "missing " + f);
        return VectorReaders.readCsv(f, CsvSpec.defaults().withIgnoredColumns(64));
    }

    /** Naive double-precision top-k ids (ties by smaller id) for reference. */
    public static long[][] naiveKnn(VectorMatrix base, VectorMatrix queries, int k, Metric metric) {
        int dim = base.dimension();
        long[][] out = new long[queries.size()][];
        for (int q = 0; q < queries.size(); q++) {
            double[] d = new double[base.size()];
            Integer[] order = new Integer[base.size()];
            for (int r = 0; r < base.size(); r++) {
                d[r] = naiveDistance(queries.row(q), base.row(r), metric);
                order[r] = r;
            }
            Arrays.sort(
                    order, (a, b) -> d[a] != d[b] ? Double.compare(d[a], d[b]) : Long.compare(base.id(a), base.id(b)));
            out[q] = new long[k];
            for (int i = 0; i < k; i++) {
                out[q][i] = base.id(order[i]);
            }
        }
        return out;
    }

    public static double naiveDistance(float[] a, float[] b, Metric metric) {
        double dot = 0;
        double l2 = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            l2 += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        switch (metric) {
            case L2:
                return l2;
            case INNER_PRODUCT:
                return -dot;
            default:
                return 1 - dot / Math.sqrt(na * nb);
        }
    }

    /** Recall of results against naive ids. */
    public static double recall(long[][] truth, SearchResults r, int k) {
        long hits = 0;
        for (int q = 0; q < truth.length; q++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    if (r.id(q, i) == truth[q][j]) {
                        hits++;
                        break;
                    }
                }
            }
        }
        return hits / (double) (truth.length * k);
    }
}
