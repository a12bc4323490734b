package dev.sweeplake.jobs.data;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.command.GroupCommand;
import dev.sweeplake.jobs.command.SparkCommand;
import picocli.CommandLine.Command;

/** {@code sweeplake data}: seeded data generators (parent of {@code gen}). */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = {
            "Seeded data sets for scale benchmarks, written by Spark in parallel; the same seed gives the same",
            "bytes. See conf/data/."
        },
        subcommands = {DataCommand.Gen.class})
public final class DataCommand extends GroupCommand {
    @Command(
            name = "gen",
            mixinStandardHelpOptions = true,
            description = {
                "Generate clustered vectors (kind: vectors; Gaussian mixture in an intrinsic-dimensional subspace",
                "plus noise; Parquet, fvecs, Arrow IPC) or a Criteo-shaped CTR set (kind: ctr; 13 numeric + 26 Zipf",
                "categorical fields with Criteo's cardinalities, planted signal with known best AUC; Parquet splits that",
                "'ctr bench' reads). With --json the last line is {\"run_id\":..,\"kind\":..,\"output\":..,\"rows\":{..},",
                "\"bytes\":..,\"seconds\":..[,\"bayes_auc_test\":..,\"bayes_auc_expected\":..,\"positive_rate\":..]}.",
                "Config keys (conf/data/*.yaml): kind, output, seed, partitions, overwrite, formats,",
                "vectors{rows,queries,dimension,intrinsic_dimension,clusters,cluster_std,center_scale,noise},",
                "ctr{train_rows,valid_rows,test_rows,numeric_fields,cardinalities,zipf_exponent,bias,linear_scale,",
                "numeric_scale,interaction_rank,interaction_scale}."
            })
    public static final class Gen extends SparkCommand<DataGenConfig> {
        @Override
        protected Class<DataGenConfig> configType() {
            return DataGenConfig.class;
        }

        @Override
        protected void precheck(DataGenConfig config) {
            DataGenJob.precheck(config);
        }

        @Override
        protected JobResult run(JobContext ctx, DataGenConfig config) {
            return DataGenJob.run(ctx, config);
        }

        @Override
        protected String appName() {
            return "data gen";
        }
    }
}
