package dev.sweeplake.ctr.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sweeplake.ctr.data.CsvTableReader;
import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.data.MovieLensCtrTask;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.data.Splits;
import dev.sweeplake.ctr.data.ZipfFmTask;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.features.FieldEncoding;
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
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Pure-Java benchmark with the PyTorch reference settings (embedding 10, MLP 400x3, batch 4096, Adam lr 1e-2 for LR /
 * 1e-3 otherwise, BARS early stopping) on the MovieLens CTR task, on any CSV task (the three split files and the
 * declared fields of a {@code ctr bench} config of {@code kind: csv}), or on issue 16's seeded stand-in
 * ({@link ZipfFmTask#standIn()}). {@code benchmarks/torch_reference.py --config} calls it with the options of a
 * config file and prints both implementations' per-epoch validation AUC side by side.
 *
 * <pre>
 * java -cp ... dev.sweeplake.ctr.bench.CtrMicroBench --data-dir ../shared/data/movielens-latest-small \
 *     --models lr,fm,deepfm,dcnv2 --threads 1 [--seeds 2019] [--max-epochs 100] [--json]
 * java -cp ... dev.sweeplake.ctr.bench.CtrMicroBench --csv train.csv,valid.csv,test.csv --label label \
 *     --fields user:categorical,genres:multi_categorical,age:numeric --models fm
 * java -cp ... dev.sweeplake.ctr.bench.CtrMicroBench --write-standin DIR [--standin-rows 70000,9000,9000]
 * </pre>
 *
 * Prints one line per model and seed; with {@code --json} those lines go to stderr and stdout holds exactly one JSON
 * object {@code {"dataset":..., "rows":[...]}} whose rows carry every epoch ({@code per_epoch}); written with
 * jackson-core, a NaN or infinite figure is {@code null}.
 */
public final class CtrMicroBench {
    static final String USAGE = "(--data-dir DIR | --csv TRAIN,VALID,TEST --fields name:type,... [--label label]"
            + " [--delimiter ,] [--multi-separator '|'] | --standin | --write-standin DIR) [--standin-rows 70000,9000,9000]"
            + " [--standin-seed 16] [--models lr,fm,deepfm,dcnv2,wide_deep] [--threads N] [--max-epochs N]"
            + " [--seeds 2019,2020] [--patience 2] [--lr-decay 0.1] [--monitor auc-logloss|auc] [--min-count 1] [--hash-buckets 0]"
            + " [--pooling mean|sum] [--numeric normalize|bucketize] [--num-buckets 10] [--nan-policy fail|impute]"
            + " [--learning-rate X] [--batch-size N] [--embedding-dim N] [--hidden-units 400,400,400] [--dropout X]"
            + " [--l2-embedding X] [--l2-weights X] [--cross-layers N] [--json] [--help]";

    private static final JsonFactory JSON = new JsonFactory();

    private CtrMicroBench() {}

    public static void main(String[] args) {
        run(args, System.out);
    }

    static void run(String[] args, PrintStream stdout) {
        Options o = Options.parse(args);
        if (o == null) {
            System.out.println("usage: " + USAGE + "\nTrains each model with the BARS protocol (one line per model and"
                    + " seed; with --json the last line is one JSON object).");
            return;
        }
        if (o.writeStandIn != null) {
            ZipfFmTask t = o.standInTask();
            t.writeCsv(o.writeStandIn);
            writeStandInConfig(o.writeStandIn, t);
            stdout.printf(
                    Locale.ROOT,
                    "stand-in written to %s: train %d, valid %d, test %d rows, fields %d," + " Bayes test AUC %.4f%n",
                    o.writeStandIn,
                    t.splits().train().rows(),
                    t.splits().valid().rows(),
                    t.splits().test().rows(),
                    t.splits().train().schema().size(),
                    t.bayesTestAuc());
            return;
        }
        PrintStream out = o.json ? System.err : stdout;
        long t0 = System.nanoTime();
        Splits s;
        String dataset;
        if (o.csv != null) {
            CsvTableReader reader = new CsvTableReader(o.delimiter, o.multiSeparator);
            Schema schema = new Schema(o.label, o.fields);
            s = new Splits(
                    reader.read(o.csv.get(0), schema),
                    reader.read(o.csv.get(1), schema),
                    reader.read(o.csv.get(2), schema));
            dataset = "csv:" + o.csv.get(0).toAbsolutePath().getParent();
        } else if (o.standIn) {
            ZipfFmTask t = o.standInTask();
            s = t.splits();
            dataset = "zipf-fm-standin";
            out.printf(Locale.ROOT, "stand-in Bayes test AUC %.4f%n", t.bayesTestAuc());
        } else {
            Path dir = o.dataDir;
            if (Files.isDirectory(dir.resolve("movielens-latest-small"))) {
                dir = dir.resolve("movielens-latest-small");
            }
            s = MovieLensCtrTask.load(dir);
            dataset = "movielens-latest-small-ctr";
        }
        FeatureProcessor fp = FeatureProcessor.fit(s.train(), o.features());
        EncodedData tr = fp.encode(s.train());
        EncodedData va = fp.encode(s.valid());
        EncodedData te = fp.encode(s.test());
        out.printf(
                Locale.ROOT,
                "%s: train %d, valid %d, test %d rows, %d features, kernel %s," + " prepared in %.2f s%n",
                dataset,
                tr.rows(),
                va.rows(),
                te.rows(),
                tr.numFeatures(),
                GemmProvider.get().name(),
                (System.nanoTime() - t0) / 1e9);
        int[] users = o.dataDir != null ? MovieLensCtrTask.userIds(s.test()) : null;
        List<String> rows = new ArrayList<>();
        for (ModelKind k : o.models) {
            for (long seed : o.seeds) {
                ModelParams mp = o.model.apply(ModelParams.defaults(k));
                TrainerParams tp = TrainerParams.defaults()
                        .withThreads(o.threads)
                        .withMaxEpochs(o.maxEpochs)
                        .withSeed(seed)
                        .withPatience(o.patience)
                        .withLrDecay(o.lrDecay)
                        .withMonitor(o.monitor);
                TrainResult r = new BarsTrainer().train(tr, va, te, mp, tp, TrainingListener.NONE);
                String user = "";
                GroupedAuc.Result userAuc = null;
                if (users != null) {
                    userAuc = GroupedAuc.compute(
                            r.model().predict(te, o.threads), te.labels(), users, GroupedAuc.Weighting.UNIFORM);
                    user = String.format(Locale.ROOT, "  user AUC %.4f", userAuc.value());
                }
                String row = row(r, userAuc);
                out.printf(
                        Locale.ROOT,
                        "%-9s seed %d: test AUC %.4f  logloss %.4f%s  samples/s %,.0f  train %.1f s  epochs %d"
                                + " (best %d)  valid AUC %s%n",
                        k.id(),
                        seed,
                        r.testAuc(),
                        r.testLogLoss(),
                        user,
                        r.samplesPerSecond(),
                        r.trainSeconds(),
                        r.epochsRun(),
                        r.bestEpoch(),
                        r.epochs().stream()
                                .map(e -> String.format(Locale.ROOT, "%.4f", e.validAuc()))
                                .collect(Collectors.joining(",")));
                rows.add(row);
            }
        }
        if (o.json) {
            stdout.println(jsonLine(dataset, o.threads, GemmProvider.get().name(), rows));
        }
    }

    /** One result row: the train result's JSON object plus, when given, the per-user test AUC (null when NaN). */
    static String row(TrainResult r, GroupedAuc.Result userAuc) {
        StringWriter w = new StringWriter();
        try (JsonParser p = JSON.createParser(r.toJson());
                JsonGenerator g = JSON.createGenerator(w)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("train result JSON must be an object: " + r.toJson());
            }
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                g.copyCurrentStructure(p);
            }
            if (userAuc != null) {
                g.writeFieldName("test_user_auc");
                number(g, userAuc.value());
                g.writeNumberField("test_user_auc_groups", userAuc.groupsUsed());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** The --json document: dataset, threads, kernel and the rows (each a JSON object from {@link #row}). */
    static String jsonLine(String dataset, int threads, String kernel, List<String> rows) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("dataset", dataset);
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

    /** A {@code ctr bench} config (kind csv) for the written stand-in: LR, FM, DeepFM and DCNv2 at reference settings. */
    private static void writeStandInConfig(Path dir, ZipfFmTask t) {
        StringBuilder sb = new StringBuilder();
        sb.append("# issue 16's seeded stand-in (CtrMicroBench --write-standin); Bayes test AUC ")
                .append(String.format(Locale.ROOT, "%.4f%n", t.bayesTestAuc()));
        sb.append("dataset:\n  kind: csv\n  name: zipf-fm-standin\n");
        for (String s : List.of("train", "valid", "test")) {
            sb.append("  ")
                    .append(s)
                    .append(": ")
                    .append(dir.toAbsolutePath().resolve(s + ".csv"))
                    .append('\n');
        }
        sb.append("  fields:\n");
        for (FieldSpec f : t.splits().train().schema().fields()) {
            sb.append("    - {name: ").append(f.name()).append(", type: categorical}\n");
        }
        sb.append("trainer:\n  max_epochs: 100\n  patience: 2\n  lr_decay: 0.1\n  threads: 1\n  parallel_trials: 2\n");
        sb.append("models:\n  - model: lr\n  - model: fm\n  - model: deepfm\n  - model: dcnv2\n");
        try {
            Files.writeString(dir.resolve("standin.yaml"), sb.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + dir.resolve("standin.yaml"), e);
        }
    }

    /** Parsed command line; every bad value is an {@link IllegalArgumentException} naming the option. */
    static final class Options {
        Path dataDir;
        List<Path> csv;
        String label = "label";
        List<FieldSpec> fields = List.of();
        char delimiter = ',';
        char multiSeparator = '|';
        boolean standIn;
        Path writeStandIn;
        int[] standInRows = {70_000, 9_000, 9_000};
        long standInSeed = 16;
        List<ModelKind> models = List.of(ModelKind.LR, ModelKind.FM, ModelKind.DEEPFM, ModelKind.DCNV2);
        int threads = 1;
        int maxEpochs = 100;
        int patience = 2;
        double lrDecay = 0.1;
        TrainerParams.Monitor monitor = TrainerParams.defaults().monitor();
        List<Long> seeds = List.of(2019L);
        boolean json;
        int minCount = 1;
        int hashBuckets = 0;
        FieldEncoding.Pooling pooling = FieldEncoding.Pooling.MEAN;
        boolean bucketize;
        int numBuckets = 10;
        FieldEncoding.NanPolicy nanPolicy = FieldEncoding.NanPolicy.FAIL;
        UnaryOperator<ModelParams> model = UnaryOperator.identity();

        /** Null for --help. */
        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    return null;
                }
                if (a.equals("--json")) {
                    o.json = true;
                    continue;
                }
                if (a.equals("--standin")) {
                    o.standIn = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            String.format(Locale.ROOT, "option '%s' needs a value; usage: %s", a, USAGE));
                }
                String v = args[++i];
                switch (a) {
                    case "--data-dir" -> o.dataDir = Path.of(v);
                    case "--csv" ->
                        o.csv = Arrays.stream(v.split(",")).map(Path::of).toList();
                    case "--label" -> o.label = v;
                    case "--fields" ->
                        o.fields =
                                Arrays.stream(v.split(",")).map(Options::field).toList();
                    case "--delimiter" -> o.delimiter = oneChar(a, v.equals("\\t") ? "\t" : v);
                    case "--multi-separator" -> o.multiSeparator = oneChar(a, v);
                    case "--write-standin" -> o.writeStandIn = Path.of(v);
                    case "--standin-rows" ->
                        o.standInRows = Arrays.stream(v.split(","))
                                .mapToInt(x -> integer(a, x))
                                .toArray();
                    case "--standin-seed" -> o.standInSeed = Long.parseLong(v);
                    case "--models" ->
                        o.models = Arrays.stream(v.split(","))
                                .map(ModelKind::fromId)
                                .toList();
                    case "--threads" -> o.threads = integer(a, v);
                    case "--max-epochs" -> o.maxEpochs = integer(a, v);
                    case "--patience" -> o.patience = integer(a, v);
                    case "--lr-decay" -> o.lrDecay = number(a, v);
                    case "--monitor" -> o.monitor = TrainerParams.Monitor.fromId(v);
                    case "--seeds" ->
                        o.seeds =
                                Arrays.stream(v.split(",")).map(Long::parseLong).toList();
                    case "--min-count" -> o.minCount = integer(a, v);
                    case "--hash-buckets" -> o.hashBuckets = integer(a, v);
                    case "--pooling" -> o.pooling = FieldEncoding.Pooling.valueOf(choice(a, v, "mean", "sum"));
                    case "--numeric" ->
                        o.bucketize = choice(a, v, "normalize", "bucketize").equals("BUCKETIZE");
                    case "--num-buckets" -> o.numBuckets = integer(a, v);
                    case "--nan-policy" ->
                        o.nanPolicy = FieldEncoding.NanPolicy.valueOf(choice(a, v, "fail", "impute"));
                    case "--learning-rate" -> o.then(p -> p.withLearningRate(number(a, v)));
                    case "--batch-size" -> o.then(p -> p.withBatchSize(integer(a, v)));
                    case "--embedding-dim" -> o.then(p -> p.withEmbeddingDim(integer(a, v)));
                    case "--hidden-units" ->
                        o.then(p -> p.withHiddenUnits(Arrays.stream(v.split(","))
                                .map(x -> integer(a, x))
                                .toList()));
                    case "--dropout" -> o.then(p -> p.withDropout(number(a, v)));
                    case "--l2-embedding" -> o.then(p -> p.withL2Embedding(number(a, v)));
                    case "--l2-weights" -> o.then(p -> p.withL2Weights(number(a, v)));
                    case "--cross-layers" -> o.then(p -> p.withCrossLayers(integer(a, v)));
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'; usage: " + USAGE);
                }
            }
            int sources = (o.dataDir != null ? 1 : 0)
                    + (o.csv != null ? 1 : 0)
                    + (o.standIn ? 1 : 0)
                    + (o.writeStandIn != null ? 1 : 0);
            if (sources != 1) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "exactly one of --data-dir (MovieLens), --csv,"
                                + " --standin or --write-standin is required, got %d; usage: %s",
                        sources,
                        USAGE));
            }
            if (o.csv != null && (o.csv.size() != 3 || o.fields.isEmpty())) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "--csv needs three files (train,valid,test)"
                                + " and --fields at least one name:type, got %d files and %d fields",
                        o.csv.size(),
                        o.fields.size()));
            }
            if (o.standInRows.length != 3) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "--standin-rows needs train,valid,test row counts, got %d values",
                        o.standInRows.length));
            }
            return o;
        }

        private void then(UnaryOperator<ModelParams> f) {
            UnaryOperator<ModelParams> prev = model;
            model = p -> f.apply(prev.apply(p));
        }

        ZipfFmTask standInTask() {
            return ZipfFmTask.generate(
                    ZipfFmTask.standIn(), standInRows[0], standInRows[1], standInRows[2], standInSeed);
        }

        FeatureConfig features() {
            FieldEncoding cat = (hashBuckets > 0
                            ? FieldEncoding.hashing(hashBuckets)
                            : FieldEncoding.vocabulary(minCount))
                    .withPooling(pooling);
            FieldEncoding num = (bucketize ? FieldEncoding.bucketize(numBuckets) : FieldEncoding.normalize())
                    .withNanPolicy(nanPolicy);
            return FeatureConfig.defaults().withCategoricalDefault(cat).withNumericDefault(num);
        }

        private static FieldSpec field(String s) {
            int c = s.lastIndexOf(':');
            if (c <= 0) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "--fields: expected name:type (categorical, multi_categorical, numeric), got '%s'",
                        s));
            }
            return new FieldSpec(
                    s.substring(0, c),
                    FieldType.valueOf(
                            choice("--fields", s.substring(c + 1), "categorical", "multi_categorical", "numeric")));
        }

        private static String choice(String opt, String v, String... allowed) {
            for (String x : allowed) {
                if (x.equalsIgnoreCase(v)) {
                    return x.toUpperCase(Locale.ROOT);
                }
            }
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s must be one of %s, got '%s'", opt, String.join("|", allowed), v));
        }

        private static char oneChar(String opt, String v) {
            if (v.length() != 1) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "%s must be one character, got '%s'", opt, v));
            }
            return v.charAt(0);
        }

        private static int integer(String opt, String v) {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "%s must be an integer, got '%s'", opt, v), e);
            }
        }

        private static double number(String opt, String v) {
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "%s must be a number, got '%s'", opt, v), e);
            }
        }
    }
}
