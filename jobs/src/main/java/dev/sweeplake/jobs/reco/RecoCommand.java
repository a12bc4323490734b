package dev.sweeplake.jobs.reco;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
public final class RecoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: bench or retrieval");
    }
}
