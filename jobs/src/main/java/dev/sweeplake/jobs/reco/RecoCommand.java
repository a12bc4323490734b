package dev.sweeplake.jobs.reco;

import dev.sweeplake.jobs.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sweeplake reco}: recommendation benchmarks (parent of {@code bench} and {@code retrieval}). */
@Command(
        name = "reco",
        mixinStandardHelpOptions = true,
        description = {
            "Recommendation benchmarks: popularity, ItemKNN, EASE and MLlib ALS on MovieLens-style data with",
            "stated split protocols and ranking metrics, and top-k retrieval from factors (exact, sharded ANN index,",
            "MLlib recommendForAllUsers)."
        },
        subcommands = {RecoBenchCommand.class, RecoRetrievalCommand.class})
public final class RecoCommand extends GroupCommand {}
