package dev.sweeplake.jobs.ctr;

import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.store.TrialRecord.SeedRole;
import java.util.List;
import java.util.Optional;

/**
 * Config of {@code sweeplake ctr bench} (conf/ctr/*.yaml). See conf/ctr/README.md for every key.
 *
 * @param dataDir base folder of relative dataset paths ({@code --data-dir}; default ../shared/data)
 * @param splitsDir where the prepared splits are written as Parquet (default: {@code <warehouse>/ctr_splits})
 * @param dataset the data source
 * @param features feature processing (fitted on the training split)
 * @param trainer BARS protocol and trial placement
 * @param models lib-ctr models (each point x seed is one trial = one Spark task)
 * @param baselines MLlib baselines (each one Spark job per seed)
 * @param seedRole recorded with every trial: tune, test or none
 * @param exportEncoded a local folder where the first lib-ctr trial task also writes the encoded splits as raw
 *     little-endian arrays for an outside reference ({@link EncodedExport}; jobs/benchmarks/scale/torch_ctr_scale.py);
 *     empty (default): nothing is exported
 */
public record CtrBenchConfig(
        String dataDir,
        Optional<String> splitsDir,
        DatasetConfig dataset,
        FeaturesConfig features,
        TrainerConfig trainer,
        List<ModelSpec> models,
        List<BaselineSpec> baselines,
        SeedRole seedRole,
        Optional<String> exportEncoded) {

    public CtrBenchConfig {
        Checks.notBlank("data_dir", dataDir);
        Checks.notNull("dataset", dataset);
        Checks.notNull("features", features);
        Checks.notNull("trainer", trainer);
        models = List.copyOf(models);
        baselines = List.copyOf(baselines);
        Checks.notNull("seed_role", seedRole);
        Checks.notNull("export_encoded", exportEncoded);
        exportEncoded.ifPresent(v -> Checks.notBlank("export_encoded", v));
    }

    /** A bench needs something to train; checked by the job (the record itself allows both lists empty as defaults). */
    public void checkNotEmpty() {
        if (models.isEmpty() && baselines.isEmpty()) {
            throw new dev.sweeplake.jobs.config.ConfigException(
                    "config keys 'models' and 'baselines': a bench needs at least one model or baseline, got none");
        }
    }

    public static CtrBenchConfig defaults() {
        return new CtrBenchConfig(
                "../shared/data",
                Optional.empty(),
                DatasetConfig.defaults(),
                FeaturesConfig.defaults(),
                TrainerConfig.defaults(),
                List.of(),
                List.of(),
                SeedRole.NONE,
                Optional.empty());
    }

    public CtrBenchConfig withDataDir(String v) {
        return new CtrBenchConfig(v, splitsDir, dataset, features, trainer, models, baselines, seedRole, exportEncoded);
    }

    public CtrBenchConfig withTrainer(TrainerConfig v) {
        return new CtrBenchConfig(dataDir, splitsDir, dataset, features, v, models, baselines, seedRole, exportEncoded);
    }

    public CtrBenchConfig withModels(List<ModelSpec> v) {
        return new CtrBenchConfig(
                dataDir, splitsDir, dataset, features, trainer, v, baselines, seedRole, exportEncoded);
    }

    public CtrBenchConfig withBaselines(List<BaselineSpec> v) {
        return new CtrBenchConfig(dataDir, splitsDir, dataset, features, trainer, models, v, seedRole, exportEncoded);
    }

    public CtrBenchConfig withDataset(DatasetConfig v) {
        return new CtrBenchConfig(dataDir, splitsDir, v, features, trainer, models, baselines, seedRole, exportEncoded);
    }

    public CtrBenchConfig withSeedRole(SeedRole v) {
        return new CtrBenchConfig(dataDir, splitsDir, dataset, features, trainer, models, baselines, v, exportEncoded);
    }

    public CtrBenchConfig withFeatures(FeaturesConfig v) {
        return new CtrBenchConfig(dataDir, splitsDir, dataset, v, trainer, models, baselines, seedRole, exportEncoded);
    }
}
