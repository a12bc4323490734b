package dev.sweeplake.ctr.golden;

import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.RawTable;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.features.FieldEncoding;
import dev.sweeplake.ctr.model.CtrModel;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the golden lib-ctr files of the current format versions (a feature processor using every encoding, one model of
 * every kind) and what they must answer on a fixed probe table. Run once per new format version and commit the folder:
 *
 * <pre>
 * ./mvnw -B -o -q -pl lib-ctr test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp lib-ctr/target/classes:lib-ctr/target/test-classes:$(cat lib-ctr/target/cp.txt) \
 *     dev.sweeplake.ctr.golden.GoldenCtrFiles lib-ctr/src/test/resources/golden-ctr/vN
 * </pre>
 */
public final class GoldenCtrFiles {
    static final String PROCESSOR = "feature-processor.bin";
    static final String EXPECTED = "expected.txt";

    private GoldenCtrFiles() {}

    static Schema schema() {
        return Schema.of(
                "y",
                FieldSpec.categorical("c1"),
                FieldSpec.categorical("c2"),
                FieldSpec.numeric("n1"),
                FieldSpec.numeric("n2"),
                FieldSpec.multiCategorical("m1"));
    }

    static FeatureConfig config() {
        return FeatureConfig.defaults()
                .withField("c1", FieldEncoding.vocabulary(2))
                .withField("c2", FieldEncoding.hashing(16))
                .withField("n1", FieldEncoding.normalize().withNanPolicy(FieldEncoding.NanPolicy.IMPUTE))
                .withField("n2", FieldEncoding.bucketize(4))
                .withField("m1", FieldEncoding.vocabulary(1).withPooling(FieldEncoding.Pooling.SUM));
    }

    static RawTable train() {
        RawTable.Builder b = RawTable.builder(schema());
        String[] c1 = {"a", "b", "a", "c", "b", "a", "d", "b", "a", "c", "e", "a"};
        for (int i = 0; i < c1.length; i++) {
            b.addRow(
                    i % 3 == 0 ? 1f : 0f,
                    c1[i],
                    "h" + (i % 5),
                    0.5 * i - 1.0,
                    (double) (i * i % 7),
                    i % 2 == 0 ? new String[] {"x", "y"} : new String[] {"z"});
        }
        return b.build();
    }

    static RawTable probe() {
        return RawTable.builder(schema())
                .addRow(1f, "a", "h1", 0.25, 3.0, new String[] {"x"})
                .addRow(0f, "zzz", "never-seen", Double.NaN, 100.0, new String[] {"y", "z", "unseen"})
                .addRow(1f, "b", "h4", -7.0, -1.0, new String[] {})
                .addRow(0f, "c", "h0", 4.0, 6.0, new String[] {"z", "z"})
                .build();
    }

    static List<ModelKind> kinds() {
        return List.of(ModelKind.LR, ModelKind.FM, ModelKind.DEEPFM, ModelKind.DCNV2, ModelKind.WIDE_DEEP);
    }

    static String modelFile(ModelKind k) {
        return "model-" + k.id() + ".bin";
    }

    /** The expected answers: the probe's encoding, then every model's predictions on it. */
    static List<String> answers(FeatureProcessor fp, List<CtrModel> models) {
        EncodedData e = fp.encode(probe());
        List<String> lines = new ArrayList<>();
        for (int f = 0; f < e.numFields(); f++) {
            lines.add("field " + f + " ids " + join(e.ids(f)) + " offsets " + join(e.offsets(f)) + " weights "
                    + join(e.weights(f)));
        }
        for (CtrModel m : models) {
            float[] p = m.predict(e, 1);
            for (int r = 0; r < p.length; r++) {
                lines.add("predict " + m.params().kind().id() + " " + r + " " + p[r]);
            }
        }
        return lines;
    }

    private static String join(int[] a) {
        if (a == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (int v : a) {
            b.append(b.length() == 0 ? "" : ",").append(v);
        }
        return b.length() == 0 ? "[]" : b.toString();
    }

    private static String join(float[] a) {
        if (a == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (float v : a) {
            b.append(b.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%s", v));
        }
        return b.length() == 0 ? "[]" : b.toString();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        FeatureProcessor fp = FeatureProcessor.fit(train(), config());
        try (OutputStream out = Files.newOutputStream(dir.resolve(PROCESSOR))) {
            fp.save(out);
        }
        List<CtrModel> models = new ArrayList<>();
        for (ModelKind k : kinds()) {
            ModelParams p = ModelParams.defaults(k)
                    .withEmbeddingDim(3)
                    .withHiddenUnits(List.of(4))
                    .withCrossLayers(1);
            CtrModel m = CtrModel.create(
                    p, fp.encode(probe()).numFields(), fp.encode(probe()).numFeatures(), 7L);
            // Weights of a fixed pattern large enough that every tensor moves the predictions (not the random init's).
            float[][] w = m.snapshot();
            for (int t = 0; t < w.length; t++) {
                for (int i = 0; i < w[t].length; i++) {
                    w[t][i] = ((i * 31 + t * 17) % 13 - 6) / 20f;
                }
            }
            m.restore(w);
            try (OutputStream out = Files.newOutputStream(dir.resolve(modelFile(k)))) {
                m.save(out);
            }
            models.add(m);
        }
        Files.write(dir.resolve(EXPECTED), answers(fp, models));
    }
}
