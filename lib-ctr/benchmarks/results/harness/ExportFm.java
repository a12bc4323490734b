import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import dev.sweeplake.ctr.train.BarsTrainer;
import dev.sweeplake.ctr.train.TrainResult;
import dev.sweeplake.ctr.train.TrainerParams;
import dev.sweeplake.ctr.train.TrainingListener;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** FM (or DeepFM), one epoch, lazy Adam, one thread, on an `export_encoded` folder: samples/s. Args: dir model [rows]. */
public class ExportFm {
    static EncodedData load(Path dir, String split, int fields, int numFeatures, int maxRows) throws Exception {
        float[] labels;
        try (FileChannel ch = FileChannel.open(dir.resolve(split + ".labels.f32"), StandardOpenOption.READ)) {
            int n = (int) Math.min(maxRows, ch.size() / 4);
            ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b) > 0) {}
            b.flip();
            labels = new float[n];
            b.asFloatBuffer().get(labels);
        }
        int n = labels.length;
        int[][] ids = new int[fields][n];
        try (FileChannel ch = FileChannel.open(dir.resolve(split + ".ids.i32"), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
            long total = (long) n * fields;
            long at = 0;
            while (at < total) {
                b.clear();
                b.limit((int) Math.min(b.capacity(), (total - at) * 4));
                while (b.hasRemaining() && ch.read(b) > 0) {}
                b.flip();
                while (b.remaining() >= 4) {
                    ids[(int) (at % fields)][(int) (at / fields)] = b.getInt();
                    at++;
                }
            }
        }
        return EncodedData.of(numFeatures, ids, new int[fields][], new float[fields][], labels);
    }

    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        ModelKind kind = ModelKind.fromId(a[1]);
        int rows = a.length > 2 ? Integer.parseInt(a[2]) : Integer.MAX_VALUE;
        String meta = java.nio.file.Files.readString(dir.resolve("meta.json"));
        int nf = Integer.parseInt(meta.replaceAll("(?s).*\"num_features\": (\\d+).*", "$1"));
        int fields = Integer.parseInt(meta.replaceAll("(?s).*\"num_fields\": (\\d+).*", "$1"));
        EncodedData train = load(dir, "train", fields, nf, rows);
        EncodedData valid = load(dir, "valid", fields, nf, 100_000);
        EncodedData test = load(dir, "test", fields, nf, 100_000);
        ModelParams mp = ModelParams.defaults(kind).withBatchSize(4096).withLearningRate(0.001);
        TrainerParams tp = TrainerParams.defaults().withMaxEpochs(1).withThreads(1).withLazyAdam(true);
        TrainResult r = new BarsTrainer().train(train, valid, test, mp, tp, TrainingListener.NONE);
        System.out.printf("%s rows %d features %d samples/s %.0f test AUC %.5f%n", kind.id(), train.rows(), nf,
                r.samplesPerSecond(), r.testAuc());
    }
}
