package dev.sweeplake.ctr.bench;

import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.internal.Adam;
import dev.sweeplake.ctr.internal.BatchRows;
import dev.sweeplake.ctr.internal.Network;
import dev.sweeplake.ctr.model.CtrModel;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Per-step training time against vocabulary size, lazy vs dense Adam on the embeddings (issue 13 item 3). Seeded data:
 * {@code fields} categorical fields, the first holding {@code vocab} ids with Zipf-like frequencies (s = 1.05, so a
 * batch touches a few thousand distinct ids whatever the vocabulary), the others 100 ids each; labels from a planted
 * logistic model. Each run trains the model for {@code epochs} epochs, one thread, the trainer's step (forward and
 * backward in passes of 512 rows, the batch's distinct ids, one Adam step) and reports the median per-step time, both
 * the training thread's CPU time (robust on a shared machine) and wall time; the first epoch warms the JIT up and is not
 * counted. Nothing else (validation, snapshots) is timed.
 *
 * <pre>
 * java -Xmx6g --add-modules jdk.incubator.vector -cp ... dev.sweeplake.ctr.bench.LazyAdamBench \
 *     [--vocab 100000,10000000] [--model fm] [--rows 200000] [--batch 4096] [--epochs 5] [--fields 6] [--dense]
 *     [--same-batches 100000] [--paired]
 * </pre>
 *
 * {@code --dense} adds a dense-Adam run per vocabulary for comparison (slow at 10M). {@code --same-batches N} draws the
 * first field's Zipf ranks among N values and spreads them over the vocabulary, so every vocabulary sees the same
 * batches (same distinct-id counts) and only the table size differs. Prints one line per run and the ratio of the
 * largest to the smallest vocabulary's median per-step time. {@code --paired} (two vocabularies) keeps both models in
 * one JVM and alternates their epochs, reporting the median of the per-round ratios: the same compiled code and the
 * same load for both, which separate runs on a shared machine do not give.
 */
public final class LazyAdamBench {
    private static final int SUB_CHUNK = 512;

    private LazyAdamBench() {}

    public static void main(String[] args) {
        List<Integer> vocabs = List.of(100_000, 10_000_000);
        ModelKind kind = ModelKind.FM;
        int rows = 200_000;
        int batch = 4096;
        int epochs = 5;
        int fields = 6;
        boolean dense = false;
        int sameBatches = 0;
        boolean paired = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vocab" ->
                    vocabs = Arrays.stream(args[++i].split(","))
                            .map(Integer::parseInt)
                            .toList();
                case "--model" -> kind = ModelKind.fromId(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--fields" -> fields = Integer.parseInt(args[++i]);
                case "--dense" -> dense = true;
                case "--same-batches" -> sameBatches = Integer.parseInt(args[++i]);
                case "--paired" -> paired = true;
                case "--help", "-h" -> {
                    System.out.println("usage: [--vocab 100000,10000000] [--model fm] [--rows 200000] [--batch 4096]"
                            + " [--epochs 5] [--fields 6] [--dense] [--same-batches N] [--paired]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (vocabs.isEmpty()
                || rows < batch
                || epochs < 2
                || fields < 1
                || vocabs.stream().anyMatch(v -> v < 100)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "need vocabularies >= 100 (got %s), rows >= batch"
                            + " (got %d < %d), epochs >= 2 (got %d), fields >= 1 (got %d)",
                    vocabs,
                    rows,
                    batch,
                    epochs,
                    fields));
        }
        System.out.printf(
                Locale.ROOT,
                "lazy Adam bench: %s, %d rows, batch %d, %d fields (first: the vocabulary, Zipf"
                        + " s=1.05), %d epochs, max heap %d MiB%n",
                kind.id(),
                rows,
                batch,
                fields,
                epochs,
                Runtime.getRuntime().maxMemory() >> 20);
        if (paired && (vocabs.size() != 2 || dense)) {
            throw new IllegalArgumentException(
                    "--paired needs exactly two vocabularies (got " + vocabs + ") and no --dense");
        }
        if (paired) {
            paired(vocabs.get(0), vocabs.get(1), kind, rows, batch, epochs, fields, sameBatches);
            return;
        }
        List<double[]> lazyMs = new ArrayList<>();
        for (int vocab : vocabs) {
            EncodedData[] d = data(vocab, sameBatches, fields, rows, 10_000, 2026L);
            for (boolean lazy : dense ? new boolean[] {true, false} : new boolean[] {true}) {
                Run run = new Run(kind, d[0], fields, batch, lazy);
                int steps = (rows + batch - 1) / batch;
                double[] wall = new double[(epochs - 1) * steps];
                double[] cpu = new double[wall.length];
                double loss = 0;
                for (int epoch = 0; epoch < epochs; epoch++) { // epoch 0 warms the JIT up and is not counted
                    double[][] t = run.epoch();
                    loss = t[2][0];
                    if (epoch > 0) {
                        System.arraycopy(t[0], 0, cpu, (epoch - 1) * steps, steps);
                        System.arraycopy(t[1], 0, wall, (epoch - 1) * steps, steps);
                    }
                }
                double wallMs = median(wall);
                double cpuMs = median(cpu);
                System.out.printf(
                        Locale.ROOT,
                        "vocab %,12d  %-5s Adam: %.3f ms/step CPU, %.3f ms/step wall (medians of %d"
                                + " steps after a warm-up epoch), %,d distinct ids in the last batch, train logloss %.4f%n",
                        vocab,
                        lazy ? "lazy" : "dense",
                        cpuMs,
                        wallMs,
                        wall.length,
                        run.batchRows.size(),
                        loss / rows);
                if (lazy) {
                    lazyMs.add(new double[] {vocab, cpuMs, wallMs});
                }
            }
        }
        // several runs per vocabulary (e.g. --vocab 100000,10000000,100000,10000000 interleaves them against load
        // drift):
        // the median per vocabulary, smallest against largest
        for (int m = 1; m <= 2; m++) {
            java.util.TreeMap<Integer, List<Double>> byVocab = new java.util.TreeMap<>();
            for (double[] x : lazyMs) {
                byVocab.computeIfAbsent((int) x[0], v -> new ArrayList<>()).add(x[m]);
            }
            double lo = median(byVocab.firstEntry().getValue().stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray());
            double hi = median(byVocab.lastEntry().getValue().stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray());
            System.out.printf(
                    Locale.ROOT,
                    "lazy Adam per-step %s time (median over runs), vocab %,d vs %,d: %.3f vs %.3f"
                            + " ms, ratio %.3f%n",
                    m == 1 ? "CPU" : "wall",
                    byVocab.lastKey(),
                    byVocab.firstKey(),
                    hi,
                    lo,
                    hi / lo);
        }
    }

    /**
     * Both vocabularies' models live in one JVM and train in alternating epochs (small, large, then large, small, ...),
     * so they run the same compiled code and share the machine's load drift; each round (one epoch of each) gives a
     * ratio of the two epochs' median per-step CPU times, and the result is the median of those ratios. The first round
     * warms the JIT up and is not counted.
     */
    private static void paired(
            int small, int large, ModelKind kind, int rows, int batch, int epochs, int fields, int sameBatches) {
        Run a = new Run(kind, data(small, sameBatches, fields, rows, 10_000, 2026L)[0], fields, batch, true);
        Run b = new Run(kind, data(large, sameBatches, fields, rows, 10_000, 2026L)[0], fields, batch, true);
        double[] ratios = new double[epochs - 1];
        double[] aMs = new double[epochs - 1];
        double[] bMs = new double[epochs - 1];
        double[][] phaseA = new double[3][epochs - 1];
        double[][] phaseB = new double[3][epochs - 1];
        for (int round = 0; round < epochs; round++) {
            double[][] ea;
            double[][] eb;
            if (round % 2 == 0) {
                ea = a.epoch();
                eb = b.epoch();
            } else {
                eb = b.epoch();
                ea = a.epoch();
            }
            double ta = median(ea[0]);
            double tb = median(eb[0]);
            if (round > 0) {
                for (int ph = 0; ph < 3; ph++) {
                    phaseA[ph][round - 1] = median(ea[3 + ph]);
                    phaseB[ph][round - 1] = median(eb[3 + ph]);
                }
            }
            if (round > 0) {
                aMs[round - 1] = ta;
                bMs[round - 1] = tb;
                ratios[round - 1] = tb / ta;
                System.out.printf(
                        Locale.ROOT,
                        "round %3d: vocab %,d %.3f ms/step CPU, vocab %,d %.3f ms/step CPU, ratio %.3f%n",
                        round,
                        small,
                        ta,
                        large,
                        tb,
                        tb / ta);
            }
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "lazy Adam per-step CPU time (paired, %d rounds), vocab %,d vs %,d: %.3f vs %.3f ms (medians),"
                        + " median ratio %.3f, quartiles %.3f-%.3f%n",
                ratios.length,
                large,
                small,
                median(bMs),
                median(aMs),
                median(ratios),
                sorted[(sorted.length - 1) / 4],
                sorted[(3 * (sorted.length - 1) + 3) / 4]);
        String[] names = {"collect ids", "forward+backward", "Adam step"};
        for (int ph = 0; ph < 3; ph++) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-16s %.3f vs %.3f ms/step wall (medians)%n",
                    names[ph],
                    median(phaseB[ph]),
                    median(phaseA[ph]));
        }
    }

    /** One model, its optimizer and buffers, training one thread over one split in fixed batches. */
    private static final class Run {
        private final EncodedData train;
        private final Network net;
        private final Adam adam;
        private final BatchRows batchRows;
        private final Network.Workspace ws;
        private final float[][] grads;
        private final boolean lazy;
        private final int batch;
        private final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();

        Run(ModelKind kind, EncodedData train, int fields, int batch, boolean lazy) {
            ModelParams mp = ModelParams.defaults(kind).withBatchSize(batch);
            this.train = train;
            this.net = CtrModel.create(mp, fields, train.numFeatures(), 2019L).network();
            this.adam = new Adam(net, mp.learningRate(), lazy);
            this.batchRows = new BatchRows(train.numFeatures());
            this.ws = net.newWorkspace(SUB_CHUNK);
            this.grads = lazy ? net.newGradients(batch * fields) : net.newGradients();
            this.lazy = lazy;
            this.batch = batch;
        }

        /**
         * One epoch; returns per-step CPU ms, per-step wall ms, {the epoch's summed loss}, and per-step wall ms of the
         * three phases: collecting the batch's ids, forward and backward, the Adam step.
         */
        double[][] epoch() {
            int rows = train.rows();
            int steps = (rows + batch - 1) / batch;
            double[] cpu = new double[steps];
            double[] wall = new double[steps];
            double[] collectMs = new double[steps];
            double[] trainMs = new double[steps];
            double[] adamMs = new double[steps];
            double loss = 0;
            int k = 0;
            for (int from = 0; from < rows; from += batch) {
                int to = Math.min(rows, from + batch);
                long w0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                // the batch's distinct ids and slots first: lazy Adam's gradients go to compact rows
                batchRows.collect(train, null, from, to);
                long w1 = System.nanoTime();
                for (int sub = from; sub < to; sub += SUB_CHUNK) {
                    loss += net.trainStep(
                            train,
                            null,
                            sub,
                            Math.min(to, sub + SUB_CHUNK),
                            to - from,
                            ws,
                            grads,
                            lazy ? batchRows : null,
                            null);
                }
                long w2 = System.nanoTime();
                adam.beginStep();
                adam.step(new float[][][] {grads}, 0, 1, batchRows.rows(), batchRows.size());
                long w3 = System.nanoTime();
                wall[k] = (w3 - w0) / 1e6;
                collectMs[k] = (w1 - w0) / 1e6;
                trainMs[k] = (w2 - w1) / 1e6;
                adamMs[k] = (w3 - w2) / 1e6;
                cpu[k++] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            return new double[][] {cpu, wall, {loss}, collectMs, trainMs, adamMs};
        }
    }

    private static double median(double[] v) {
        double[] a = v.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /**
     * Train and validation splits: field 0 over {@code vocab} ids (Zipf), the others over 100 ids each. With
     * {@code ranks} > 0, field 0 draws Zipf ranks among {@code ranks} values and spreads them over the vocabulary
     * ({@code id = rank * 2654435761 mod vocab}, a bijection): the batches are then the same whatever the vocabulary,
     * only the table they index grows.
     */
    static EncodedData[] data(int vocab, int ranks, int fields, int trainRows, int validRows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int numFeatures = vocab + 100 * (fields - 1);
        int drawn = ranks > 0 ? Math.min(ranks, vocab) : vocab;
        double[] cdf = new double[drawn];
        double acc = 0;
        for (int k = 0; k < drawn; k++) {
            acc += Math.pow(k + 1, -1.05);
            cdf[k] = acc;
        }
        float[] w = new float[numFeatures];
        for (int i = 0; i < numFeatures; i++) {
            w[i] = (float) (r.nextDouble() * 2 - 1);
        }
        SplittableRandom rows = new SplittableRandom(seed + 1); // the rows do not depend on the vocabulary's weights
        r = rows;
        EncodedData[] out = new EncodedData[2];
        for (int s = 0; s < 2; s++) {
            int n = s == 0 ? trainRows : validRows;
            int[][] ids = new int[fields][n];
            float[] labels = new float[n];
            for (int row = 0; row < n; row++) {
                double logit = 0;
                for (int f = 0; f < fields; f++) {
                    int id = f == 0 ? zipf(cdf, r.nextDouble() * acc) : vocab + 100 * (f - 1) + r.nextInt(100);
                    if (f == 0 && ranks > 0) {
                        id = (int) ((id * 2654435761L) % vocab);
                    }
                    ids[f][row] = id;
                    logit += w[id];
                }
                labels[row] = r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1f : 0f;
            }
            out[s] = EncodedData.of(numFeatures, ids, new int[fields][], new float[fields][], labels);
        }
        return out;
    }

    private static int zipf(double[] cdf, double u) {
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
}
