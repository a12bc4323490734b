package dev.sweeplake.jobs.reco;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.command.DataDirOption;
import dev.sweeplake.jobs.command.SparkCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sweeplake reco bench --config conf/reco/NAME.yaml [--data-dir DIR] [--json]}. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Split a recommendation dataset (MovieLens ratings.csv / u.data / ratings.dat, CSV, Parquet, Delta,",
            "synthetic) per user or by time with a validation carve, run popularity, ItemKNN and EASE (lib-ctr, one Spark",
            "task each) and MLlib ALS explicit/implicit on it, score every user's top k over the catalogue with seen",
            "items removed, record every trial in Delta and print a leaderboard. With --json the last line is",
            "{\"run_id\",\"dataset\",\"k\",\"rows\":[{\"model\",\"params\",\"seed\",\"ndcg_at_10\",\"recall_at_10\",",
            "\"precision_at_10\",\"map\",\"map_at_10\",\"train_s\"}],\"picks\":[...]} (test metrics).",
            "Config keys (conf/reco/README.md): data_dir, splits_dir, dataset, split, k, threads, parallel_trials, models,",
            "seed_role."
        })
public final class RecoBenchCommand extends SparkCommand<RecoBenchConfig> {
    @Mixin
    DataDirOption dataDir = new DataDirOption();

    @Override
    protected Class<RecoBenchConfig> configType() {
        return RecoBenchConfig.class;
    }

    private RecoBenchConfig resolve(RecoBenchConfig config) {
        return dataDir.apply(config, RecoBenchConfig::withDataDir);
    }

    @Override
    protected void precheck(RecoBenchConfig config) {
        RecoBenchConfig c = resolve(config);
        c.checkNotEmpty();
        RecoDatasetConfig d = c.dataset();
        Path base = Path.of(c.dataDir());
        switch (d.kind()) {
            case MOVIELENS -> {
                DataDirOption.requireFolder(RecoData.resolve(base, d.dir()), "movielens dataset");
            }
            case CSV -> {
                DataDirOption.requireFile(RecoData.resolve(base, d.path().orElseThrow()), "csv dataset");
            }
            default -> {}
        }
    }

    @Override
    protected JobResult run(JobContext ctx, RecoBenchConfig config) {
        return RecoBenchJob.run(ctx, resolve(config));
    }

    @Override
    protected String appName() {
        return "reco bench";
    }
}
