package dev.sweeplake.jobs.ctr;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.command.DataDirOption;
import dev.sweeplake.jobs.command.SparkCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sweeplake ctr bench --config conf/ctr/NAME.yaml [--data-dir DIR] [--json]}. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Prepare a CTR task's train/validation/test splits (MovieLens CTR task, synthetic, or your CSV/Parquet),",
            "train every configured lib-ctr model x params x seed as one Spark task each (BARS early stopping), fit the",
            "MLlib baselines (mllib-lr, mllib-fm, mllib-gbt) on the same splits and features, record every trial in Delta",
            "and print a leaderboard. With --json the last line is",
            "{\"run_id\",\"dataset\",\"rows\":[{\"model\",\"params\",\"seed\",\"test_auc\",\"test_logloss\",\"samples_per_s\",\"train_s\"}]}.",
            "Config keys (conf/ctr/README.md): data_dir, splits_dir, dataset, features, trainer, models, baselines, seed_role, export_encoded."
        })
public final class CtrBenchCommand extends SparkCommand<CtrBenchConfig> {
    @Mixin
    DataDirOption dataDir = new DataDirOption();

    @Override
    protected Class<CtrBenchConfig> configType() {
        return CtrBenchConfig.class;
    }

    private CtrBenchConfig resolve(CtrBenchConfig config) {
        return dataDir.apply(config, CtrBenchConfig::withDataDir);
    }

    @Override
    protected void precheck(CtrBenchConfig config) {
        CtrBenchConfig c = resolve(config);
        c.checkNotEmpty();
        DatasetConfig d = c.dataset();
        Path base = Path.of(c.dataDir());
        switch (d.kind()) {
            case MOVIELENS -> {
                DataDirOption.requireFolder(CtrData.resolve(base, d.dir()), "movielens dataset");
            }
            case CSV -> {
                for (String p : new String[] {
                    d.train().orElseThrow(), d.valid().orElseThrow(), d.test().orElseThrow()
                }) {
                    DataDirOption.requireFile(CtrData.resolve(base, p), "csv dataset");
                }
            }
            default -> {}
        }
    }

    @Override
    protected JobResult run(JobContext ctx, CtrBenchConfig config) {
        return CtrBenchJob.run(ctx, resolve(config));
    }

    @Override
    protected String appName() {
        return "ctr bench";
    }
}
