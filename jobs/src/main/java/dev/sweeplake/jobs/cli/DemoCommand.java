package dev.sweeplake.jobs.cli;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.command.SparkCommand;
import dev.sweeplake.jobs.demo.DemoConfig;
import dev.sweeplake.jobs.demo.DemoJob;
import picocli.CommandLine.Command;

/** {@code sweeplake demo}: the main job on the embedded default. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run a small end-to-end job on bundled/generated data (no network, no ../shared needed),",
            "write runs/trials/metrics rows to the warehouse and print a result table.",
            "Config keys (conf/demo.yaml): k, query_every, partitions, seed, sections, vectors_csv."
        })
public final class DemoCommand extends SparkCommand<DemoConfig> {
    @Override
    protected Class<DemoConfig> configType() {
        return DemoConfig.class;
    }

    @Override
    protected void precheck(DemoConfig config) {
        DemoJob.precheck(config);
    }

    @Override
    protected JobResult run(JobContext ctx, DemoConfig config) {
        return DemoJob.run(ctx, config);
    }

    @Override
    protected String appName() {
        return "demo";
    }
}
