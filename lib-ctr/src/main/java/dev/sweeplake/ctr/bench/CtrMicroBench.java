package dev.sweeplake.ctr.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sweeplake.ctr.data.MovieLensCtrTask;
import dev.sweeplake.ctr.data.Splits;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.internal.GemmProvider;
import dev.sweeplake.ctr.metrics.GroupedAuc;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import dev.sweeplake.ctr.train.BarsTrainer;
import dev.sweeplake.ctr.train.TrainResult;
import dev.sweeplake.ctr.train.TrainerParams;
import dev.sweeplake.ctr.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Pure-Java benchmark on the MovieLens CTR task with the PyTorch reference settings (embedding 10, MLP 400x3,
 * batch 4096, Adam lr 1e-2 for LR / 1e-3 otherwise, BARS early stopping).
 *
 * <pre>
 * java -cp ... dev.sweeplake.ctr.bench.CtrMicroBench --data-dir ../shared/data/movielens-latest-small \
 *     --models lr,fm,deepfm,dcnv2 --threads 1 [--seeds 2019] [--max-epochs 100] [--json]
 * </pre>
 *
 * Prints one line per model and seed; with {@code --json} those lines go to stderr and stdout holds exactly one JSON
 * object {@code {"dataset":..., "rows":[...]}} (written with jackson-core; a NaN or infinite figure is {@code null}).
 */
public final class CtrMicroBench {
  private static final String USAGE = "--data-dir DIR [--models lr,fm,deepfm,dcnv2,wide_deep] [--threads N]"
      + " [--max-epochs N] [--seeds 2019,2020] [--json] [--help]";

  private static final JsonFactory JSON = new JsonFactory();

  private CtrMicroBench() {}

  public static void main(String[] args) {
    run(args, System.out);
  }

  static void run(String[] args, PrintStream stdout) {
    Path dir = null;
    List<ModelKind> models = List.of(ModelKind.LR, ModelKind.FM, ModelKind.DEEPFM, ModelKind.DCNV2);
    int threads = 1;
    int maxEpochs = 100;
    List<Long> seeds = List.of(2019L);
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data-dir" -> dir = Path.of(args[++i]);
        case "--models" -> models = Arrays.stream(args[++i].split(",")).map(ModelKind::fromId).toList();
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--max-epochs" -> maxEpochs = Integer.parseInt(args[++i]);
        case "--seeds" -> seeds = Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
        case "--json" -> json = true;
        case "--help", "-h" -> {
          System.out.println("usage: " + USAGE + "\nTrains each model with the BARS protocol on the MovieLens CTR task"
              + " (one line per model and seed; with --json the last line is one JSON object).");
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; usage: " + USAGE);
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("--data-dir is required (the folder with ratings.csv and movies.csv)");
    }
    if (Files.isDirectory(dir.resolve("movielens-latest-small"))) {
      dir = dir.resolve("movielens-latest-small");
    }
    PrintStream out = json ? System.err : stdout;
    long t0 = System.nanoTime();
    Splits s = MovieLensCtrTask.load(dir);
    FeatureProcessor fp = FeatureProcessor.fit(s.train(), FeatureConfig.defaults());
    EncodedData tr = fp.encode(s.train());
    EncodedData va = fp.encode(s.valid());
    EncodedData te = fp.encode(s.test());
    out.printf(Locale.ROOT, "movielens ctr task: train %d, valid %d, test %d rows, %d features, kernel %s,"
            + " prepared in %.2f s%n", tr.rows(), va.rows(), te.rows(), tr.numFeatures(), GemmProvider.get().name(),
        (System.nanoTime() - t0) / 1e9);
    int[] users = MovieLensCtrTask.userIds(s.test());
    List<String> rows = new ArrayList<>();
    for (ModelKind k : models) {
      for (long seed : seeds) {
        ModelParams mp = ModelParams.defaults(k);
        TrainerParams tp = TrainerParams.defaults().withThreads(threads).withMaxEpochs(maxEpochs).withSeed(seed);
        TrainResult r = new BarsTrainer().train(tr, va, te, mp, tp, TrainingListener.NONE);
        GroupedAuc.Result userAuc = GroupedAuc.compute(r.model().predict(te, threads), te.labels(), users,
            GroupedAuc.Weighting.UNIFORM);
        out.printf(Locale.ROOT,
            "%-9s seed %d: test AUC %.4f  logloss %.4f  user AUC %.4f  samples/s %,.0f  train %.1f s  epochs %d"
                + " (best %d)  valid AUC %s%n",
            k.id(), seed, r.testAuc(), r.testLogLoss(), userAuc.value(), r.samplesPerSecond(), r.trainSeconds(),
            r.epochsRun(),
            r.bestEpoch(), r.epochs().stream().map(e -> String.format(Locale.ROOT, "%.4f", e.validAuc()))
                .collect(Collectors.joining(",")));
        rows.add(row(r, userAuc));
      }
    }
    if (json) {
      stdout.println(jsonLine(threads, GemmProvider.get().name(), rows));
    }
  }

  /** One result row: the train result's JSON object plus the per-user test AUC (null when NaN). */
  static String row(TrainResult r, GroupedAuc.Result userAuc) {
    StringWriter w = new StringWriter();
    try (JsonParser p = JSON.createParser(r.toJson()); JsonGenerator g = JSON.createGenerator(w)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("train result JSON must be an object: " + r.toJson());
      }
      g.writeStartObject();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        g.copyCurrentStructure(p);
      }
      g.writeFieldName("test_user_auc");
      number(g, userAuc.value());
      g.writeNumberField("test_user_auc_groups", userAuc.groupsUsed());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** The --json document: dataset, threads, kernel and the rows (each a JSON object from {@link #row}). */
  static String jsonLine(int threads, String kernel, List<String> rows) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("dataset", "movielens-latest-small-ctr");
      g.writeNumberField("threads", threads);
      g.writeStringField("kernel", kernel);
      g.writeArrayFieldStart("rows");
      for (String row : rows) {
        try (JsonParser p = JSON.createParser(row)) {
          p.nextToken();
          g.copyCurrentStructure(p);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void number(JsonGenerator g, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumber(v);
    } else {
      g.writeNull();
    }
  }
}
