package dev.sweeplake.jobs.ctr;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sweeplake ctr}: CTR benchmarks (parent of {@code bench} and {@code micro}). */
@Command(
        name = "ctr",
        mixinStandardHelpOptions = true,
        description = {
            "CTR benchmarks: lib-ctr models (LR, FM, DeepFM, DCNv2, Wide&Deep) and the Spark MLlib baselines",
            "on the same splits, BARS protocol, every trial in Delta."
        },
        subcommands = {CtrBenchCommand.class, CtrMicroCommand.class})
public final class CtrCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: bench or micro");
    }
}
