package dev.sweeplake.jobs.ctr;

import dev.sweeplake.jobs.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sweeplake ctr}: CTR benchmarks (parent of {@code bench} and {@code micro}). */
@Command(
        name = "ctr",
        mixinStandardHelpOptions = true,
        description = {
            "CTR benchmarks: lib-ctr models (LR, FM, DeepFM, DCNv2, Wide&Deep) and the Spark MLlib baselines",
            "on the same splits, BARS protocol, every trial in Delta."
        },
        subcommands = {CtrBenchCommand.class, CtrMicroCommand.class})
public final class CtrCommand extends GroupCommand {}
