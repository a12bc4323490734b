package dev.sweeplake.ctr.bench;

import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import dev.sweeplake.ctr.train.BarsTrainer;
import dev.sweeplake.ctr.train.EpochMetrics;
import dev.sweeplake.ctr.train.TrainResult;
import dev.sweeplake.ctr.train.TrainerParams;
import dev.sweeplake.ctr.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Per-step training time against vocabulary size, lazy vs dense Adam on the embeddings (issue 13 item 3). Seeded data:
 * {@code fields} categorical fields, the first holding {@code vocab} ids with Zipf-like frequencies (s = 1.05, so a
 * batch touches a few thousand distinct ids whatever the vocabulary), the others 100 ids each; labels from a planted
 * logistic model. Each run trains the model for {@code epochs} epochs with the BARS trainer and reports the median
 * epoch's training-step time per mini-batch (validation excluded).
 *
 * <pre>
 * java -Xmx6g --add-modules jdk.incubator.vector -cp ... dev.sweeplake.ctr.bench.LazyAdamBench \
 *     [--vocab 100000,10000000] [--model fm] [--rows 200000] [--batch 4096] [--epochs 5] [--fields 6] [--dense]
 * </pre>
 *
 * {@code --dense} adds a dense-Adam run per vocabulary for comparison (slow at 10M). Prints one line per run and the
 * ratio of the largest to the smallest vocabulary's per-step time.
 */
public final class LazyAdamBench {
  private LazyAdamBench() {}

  public static void main(String[] args) {
    List<Integer> vocabs = List.of(100_000, 10_000_000);
    ModelKind kind = ModelKind.FM;
    int rows = 200_000;
    int batch = 4096;
    int epochs = 5;
    int fields = 6;
    boolean dense = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--vocab" -> vocabs = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
        case "--model" -> kind = ModelKind.fromId(args[++i]);
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--fields" -> fields = Integer.parseInt(args[++i]);
        case "--dense" -> dense = true;
        case "--help", "-h" -> {
          System.out.println("usage: [--vocab 100000,10000000] [--model fm] [--rows 200000] [--batch 4096]"
              + " [--epochs 5] [--fields 6] [--dense]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
    }
    if (vocabs.isEmpty() || rows < batch || epochs < 2 || fields < 1 || vocabs.stream().anyMatch(v -> v < 100)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "need vocabularies >= 100 (got %s), rows >= batch"
          + " (got %d < %d), epochs >= 2 (got %d), fields >= 1 (got %d)", vocabs, rows, batch, epochs, fields));
    }
    System.out.printf(Locale.ROOT, "lazy Adam bench: %s, %d rows, batch %d, %d fields (first: the vocabulary, Zipf"
        + " s=1.05), %d epochs, max heap %d MiB%n", kind.id(), rows, batch, fields, epochs,
        Runtime.getRuntime().maxMemory() >> 20);
    List<double[]> lazyMs = new ArrayList<>();
    for (int vocab : vocabs) {
      EncodedData[] d = data(vocab, fields, rows, 10_000, 2026L);
      for (boolean lazy : dense ? new boolean[] {true, false} : new boolean[] {true}) {
        ModelParams mp = ModelParams.defaults(kind).withBatchSize(batch);
        TrainerParams tp = TrainerParams.defaults().withMaxEpochs(epochs).withPatience(1000).withLazyAdam(lazy);
        TrainResult r = new BarsTrainer().train(d[0], d[1], d[1], mp, tp, TrainingListener.NONE);
        int steps = (rows + batch - 1) / batch;
        // the first epoch warms the JIT up; the median of the others
        double[] ms = r.epochs().stream().skip(1).mapToDouble(EpochMetrics::trainSeconds).sorted()
            .map(s -> s * 1000 / steps).toArray();
        double median = ms[ms.length / 2];
        System.out.printf(Locale.ROOT, "vocab %,12d  %-5s Adam: %.3f ms/step (median of epochs 2..%d; min %.3f,"
                + " max %.3f)  %,.0f samples/s  valid AUC %.4f%n", vocab, lazy ? "lazy" : "dense", median, epochs,
            ms[0], ms[ms.length - 1], batch * 1000 / median, r.epochs().get(r.epochs().size() - 1).validAuc());
        if (lazy) {
          lazyMs.add(new double[] {vocab, median});
        }
      }
    }
    // several runs per vocabulary (e.g. --vocab 100000,10000000,100000,10000000 interleaves them against load drift):
    // the median per vocabulary, smallest against largest
    java.util.TreeMap<Integer, List<Double>> byVocab = new java.util.TreeMap<>();
    for (double[] x : lazyMs) {
      byVocab.computeIfAbsent((int) x[0], k -> new ArrayList<>()).add(x[1]);
    }
    double lo = median(byVocab.firstEntry().getValue());
    double hi = median(byVocab.lastEntry().getValue());
    System.out.printf(Locale.ROOT, "lazy Adam per-step time (median of runs), vocab %,d vs %,d: %.3f vs %.3f ms,"
        + " ratio %.3f%n", byVocab.lastKey(), byVocab.firstKey(), hi, lo, hi / lo);
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** Train and validation splits: field 0 over {@code vocab} ids (Zipf), the others over 100 ids each. */
  static EncodedData[] data(int vocab, int fields, int trainRows, int validRows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int numFeatures = vocab + 100 * (fields - 1);
    double[] cdf = new double[vocab];
    double acc = 0;
    for (int k = 0; k < vocab; k++) {
      acc += Math.pow(k + 1, -1.05);
      cdf[k] = acc;
    }
    float[] w = new float[numFeatures];
    for (int i = 0; i < numFeatures; i++) {
      w[i] = (float) (r.nextDouble() * 2 - 1);
    }
    EncodedData[] out = new EncodedData[2];
    for (int s = 0; s < 2; s++) {
      int n = s == 0 ? trainRows : validRows;
      int[][] ids = new int[fields][n];
      float[] labels = new float[n];
      for (int row = 0; row < n; row++) {
        double logit = 0;
        for (int f = 0; f < fields; f++) {
          int id = f == 0 ? zipf(cdf, r.nextDouble() * acc) : vocab + 100 * (f - 1) + r.nextInt(100);
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
