package dev.sweeplake.jobs.reco;

import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.store.TrialRecord.SeedRole;
import java.util.List;
import java.util.Optional;

/**
 * Config of {@code sweeplake reco bench} (conf/reco/*.yaml; every key in conf/reco/README.md).
 *
 * @param dataDir base folder of relative dataset paths ({@code --data-dir}; default ../shared/data)
 * @param splitsDir where the prepared split files go (default {@code <warehouse>/reco_splits})
 * @param dataset the interactions
 * @param split the split protocol
 * @param k cut-off of every metric (default 10)
 * @param threads threads per lib-ctr trial and for scoring ALS factors (default 2)
 * @param parallelTrials lib-ctr trials in flight at once, one Spark task each (default 1: dense models are large)
 * @param models the models, each point x seed one trial
 * @param seedRole recorded with every trial: tune, test or none
 * @param retrieval how factor models (ALS) retrieve the top k: exact (default) or both exact and through a lib-ann
 *     index ({@link RecoAnnSetting})
 */
public record RecoBenchConfig(
        String dataDir,
        Optional<String> splitsDir,
        RecoDatasetConfig dataset,
        RecoSplitConfig split,
        int k,
        int threads,
        int parallelTrials,
        List<RecoModelSpec> models,
        SeedRole seedRole,
        RecoAnnSetting retrieval) {

    public RecoBenchConfig {
        Checks.notBlank("data_dir", dataDir);
        Checks.notNull("dataset", dataset);
        Checks.notNull("split", split);
        Checks.intIn("k", k, 1, 1000);
        Checks.intIn("threads", threads, 1, 256);
        Checks.intIn("parallel_trials", parallelTrials, 1, 256);
        models = List.copyOf(models);
        Checks.notNull("seed_role", seedRole);
        Checks.notNull("retrieval", retrieval);
    }

    public void checkNotEmpty() {
        if (models.isEmpty()) {
            throw new ConfigException("config key 'models': a reco bench needs at least one model, got none");
        }
    }

    public static RecoBenchConfig defaults() {
        return new RecoBenchConfig(
                "../shared/data",
                Optional.empty(),
                RecoDatasetConfig.defaults(),
                RecoSplitConfig.defaults(),
                10,
                2,
                1,
                List.of(),
                SeedRole.NONE,
                RecoAnnSetting.defaults());
    }

    public RecoBenchConfig withDataDir(String v) {
        return new RecoBenchConfig(
                v, splitsDir, dataset, split, k, threads, parallelTrials, models, seedRole, retrieval);
    }

    public RecoBenchConfig withDataset(RecoDatasetConfig v) {
        return new RecoBenchConfig(
                dataDir, splitsDir, v, split, k, threads, parallelTrials, models, seedRole, retrieval);
    }

    public RecoBenchConfig withSplit(RecoSplitConfig v) {
        return new RecoBenchConfig(
                dataDir, splitsDir, dataset, v, k, threads, parallelTrials, models, seedRole, retrieval);
    }

    public RecoBenchConfig withModels(List<RecoModelSpec> v) {
        return new RecoBenchConfig(
                dataDir, splitsDir, dataset, split, k, threads, parallelTrials, v, seedRole, retrieval);
    }

    public RecoBenchConfig withRetrieval(RecoAnnSetting v) {
        return new RecoBenchConfig(dataDir, splitsDir, dataset, split, k, threads, parallelTrials, models, seedRole, v);
    }

    public RecoBenchConfig withSeedRole(SeedRole v) {
        return new RecoBenchConfig(
                dataDir, splitsDir, dataset, split, k, threads, parallelTrials, models, v, retrieval);
    }
}
