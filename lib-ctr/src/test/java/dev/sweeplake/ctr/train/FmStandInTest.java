package dev.sweeplake.ctr.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.data.ZipfFmTask;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureConfig;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: on a seeded Frappe-like stand-in (10 mostly one-hot fields, Zipf-like values, planted FM), FM at the
 * reference settings must train past its slow start: with the BARS protocol capped at 40 epochs it must run all 40 and
 * its validation AUC after epoch 40 must be within 0.005 of the PyTorch reference's after epoch 40. Before the fix
 * (early stopping on validation AUC alone) it stopped at epoch 7 with valid AUC 0.823 and log loss near the prior's;
 * PyTorch with that old protocol does the same. (The whole run is not compared: later in training one tiny AUC wobble
 * decays the lr in one implementation and not the other, see lib-ctr/README.md.) The reference value is read from the
 * committed PyTorch run (same rows, encoder, model and protocol):
 *
 * <pre>
 * java ... CtrMicroBench --write-standin /tmp/fm-standin-small --standin-rows 20000,5000,5000
 * OMP_NUM_THREADS=1 /usr/bin/python3 lib-ctr/benchmarks/torch_reference.py --config /tmp/fm-standin-small/standin.yaml \
 *     --models fm --compare --out lib-ctr/benchmarks/results/standin-small-fm.jsonl
 * </pre>
 */
class FmStandInTest {
    static final Path REFERENCE = Path.of("benchmarks/results/standin-small-fm.jsonl");

    static final int EPOCHS = 40;

    /** PyTorch's validation AUC after epoch {@code epoch} (its curve comes first in the row, lib-ctr's after it). */
    static double referenceValidAuc(int epoch) throws IOException {
        String line = Files.readAllLines(REFERENCE).get(0);
        Matcher m = Pattern.compile("\\{\"epoch\": " + epoch + ", \"valid_auc\": ([0-9.]+)")
                .matcher(line);
        assertTrue(m.find(), "no valid_auc of epoch " + epoch + " in " + REFERENCE);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void fmOnTheStandInTrainsPastItsSlowStartAndMatchesPytorch() throws IOException {
        double reference = referenceValidAuc(EPOCHS);
        ZipfFmTask t = ZipfFmTask.generate(ZipfFmTask.standIn(), 20_000, 5_000, 5_000, 16);
        FeatureProcessor fp = FeatureProcessor.fit(t.splits().train(), FeatureConfig.defaults());
        EncodedData tr = fp.encode(t.splits().train());
        EncodedData va = fp.encode(t.splits().valid());
        EncodedData te = fp.encode(t.splits().test());
        TrainResult r = new BarsTrainer()
                .train(
                        tr,
                        va,
                        te,
                        ModelParams.defaults(ModelKind.FM),
                        TrainerParams.defaults().withMaxEpochs(EPOCHS),
                        TrainingListener.NONE);
        double last = r.epochs().get(r.epochsRun() - 1).validAuc();
        System.out.printf(
                "stand-in FM: %d epochs, valid AUC after the last %.4f (PyTorch after epoch %d: %.4f), test AUC"
                        + " %.4f, Bayes %.4f%n",
                r.epochsRun(), last, EPOCHS, reference, r.testAuc(), t.bayesTestAuc());
        assertTrue(r.epochsRun() == EPOCHS, "FM stopped after " + r.epochsRun() + " epochs");
        assertTrue(Math.abs(last - reference) <= 0.005, "FM valid AUC " + last + " vs PyTorch " + reference);
    }
}
