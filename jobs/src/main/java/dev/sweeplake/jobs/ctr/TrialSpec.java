package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.data.FieldSpec;
import dev.sweeplake.ctr.data.FieldType;
import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.model.ModelKind;
import dev.sweeplake.ctr.model.ModelParams;
import dev.sweeplake.ctr.train.TrainerParams;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One lib-ctr trial as it travels into its Spark task: plain serializable values (lib-ctr's records are not
 * {@link Serializable}, and Java serialization of library types would tie the wire format to their internals).
 * Immutable.
 *
 * @param trialId the trial's id in the trials table
 * @param folder the prepared splits' folder (see {@link SplitStore})
 * @param label label column name
 * @param fieldNames schema field names, in order
 * @param fieldTypes schema field types, in order ({@link FieldType} names)
 * @param kind model id (lr, fm, ...)
 * @param embeddingDim see {@link ModelParams}
 * @param hiddenUnits see {@link ModelParams}
 * @param dropout see {@link ModelParams}
 * @param l2Embedding see {@link ModelParams}
 * @param l2Weights see {@link ModelParams}
 * @param crossLayers see {@link ModelParams}
 * @param learningRate see {@link ModelParams}
 * @param batchSize see {@link ModelParams}
 * @param maxEpochs see {@link TrainerParams}
 * @param seed see {@link TrainerParams}
 * @param threads see {@link TrainerParams}
 * @param patience see {@link TrainerParams}
 * @param lrDecay see {@link TrainerParams}
 * @param lazyAdam see {@link TrainerParams} (lazy Adam on the embeddings; before issue 13's third pass this flag was
 *     dropped here, so every bench trial ran dense Adam whatever {@code trainer.adam} said)
 * @param exportEncoded local folder for {@link EncodedExport}, or "" (none)
 */
public record TrialSpec(
        String trialId,
        String folder,
        String label,
        List<String> fieldNames,
        List<String> fieldTypes,
        String kind,
        int embeddingDim,
        List<Integer> hiddenUnits,
        double dropout,
        double l2Embedding,
        double l2Weights,
        int crossLayers,
        double learningRate,
        int batchSize,
        int maxEpochs,
        long seed,
        int threads,
        int patience,
        double lrDecay,
        boolean lazyAdam,
        String exportEncoded)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialSpec {
        fieldNames = new ArrayList<>(fieldNames);
        fieldTypes = new ArrayList<>(fieldTypes);
        hiddenUnits = new ArrayList<>(hiddenUnits);
        exportEncoded = exportEncoded == null ? "" : exportEncoded;
    }

    static TrialSpec of(String trialId, String folder, Schema schema, ModelParams mp, TrainerParams tp) {
        return of(trialId, folder, schema, mp, tp, "");
    }

    static TrialSpec of(
            String trialId, String folder, Schema schema, ModelParams mp, TrainerParams tp, String exportEncoded) {
        return new TrialSpec(
                trialId,
                folder,
                schema.label(),
                schema.fields().stream().map(FieldSpec::name).toList(),
                schema.fields().stream().map(f -> f.type().name()).toList(),
                mp.kind().id(),
                mp.embeddingDim(),
                mp.hiddenUnits(),
                mp.dropout(),
                mp.l2Embedding(),
                mp.l2Weights(),
                mp.crossLayers(),
                mp.learningRate(),
                mp.batchSize(),
                tp.maxEpochs(),
                tp.seed(),
                tp.threads(),
                tp.patience(),
                tp.lrDecay(),
                tp.lazyAdam(),
                exportEncoded);
    }

    Schema schema() {
        List<FieldSpec> f = new ArrayList<>();
        for (int i = 0; i < fieldNames.size(); i++) {
            f.add(new FieldSpec(fieldNames.get(i), FieldType.valueOf(fieldTypes.get(i))));
        }
        return new Schema(label, f);
    }

    ModelParams modelParams() {
        return new ModelParams(
                ModelKind.fromId(kind),
                embeddingDim,
                hiddenUnits,
                dropout,
                l2Embedding,
                l2Weights,
                crossLayers,
                learningRate,
                batchSize);
    }

    TrainerParams trainerParams() {
        TrainerParams d = TrainerParams.defaults();
        return new TrainerParams(maxEpochs, seed, threads, patience, lrDecay, d.minLearningRate(), d.minDelta())
                .withLazyAdam(lazyAdam);
    }
}
