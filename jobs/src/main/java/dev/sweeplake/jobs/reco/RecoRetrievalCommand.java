package dev.sweeplake.jobs.reco;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.command.SparkCommand;
import picocli.CommandLine.Command;

/** {@code sweeplake reco retrieval --config conf/reco/retrieval.yaml [--json]}. */
@Command(
        name = "retrieval",
        mixinStandardHelpOptions = true,
        description = {
            "Top-k of every user from matrix-factorisation factors (seeded synthetic ones shaped like trained ALS",
            "factors, or implicit ALS trained on a dataset) three ways in one run: exact blocked",
            "scoring (BLAS blocks + top-k), lib-ann's sharded index over the item factors (inner product) and MLlib",
            "ALSModel.recommendForAllUsers; prints users/s, the index build time and recall@k against exact. With --json",
            "the last line is {\"run_id\",\"users\",\"items\",\"rank\",\"k\",\"methods\":[{\"method\",\"seconds\",",
            "\"users_per_s\",\"recall_vs_exact\",\"build_s\"}],\"ann_vs_mllib_speedup\", \"factors\",",
            "\"user_factor_stats\",\"item_factor_stats\"}.",
            "Config keys (conf/reco/README.md): users, items, rank, k, factors, seed, user_partitions, block_users,",
            "shards, build_threads, sharding, index, search, extra_ef, mips_transform, mllib, mllib_block_size, output."
        })
public final class RecoRetrievalCommand extends SparkCommand<RecoRetrievalConfig> {
    @Override
    protected Class<RecoRetrievalConfig> configType() {
        return RecoRetrievalConfig.class;
    }

    @Override
    protected JobResult run(JobContext ctx, RecoRetrievalConfig config) {
        return RecoRetrievalJob.run(ctx, config);
    }

    @Override
    protected String appName() {
        return "reco retrieval";
    }
}
