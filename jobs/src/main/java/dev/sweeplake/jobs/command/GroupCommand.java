package dev.sweeplake.jobs.command;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code sweeplake data|ctr|reco|sweep}): run without one, it is a usage error
 * listing the subcommands picocli knows for it. Subclasses carry only their {@code @Command} annotation.
 *
 * <p>One instance per command line; not thread-safe.
 */
public abstract class GroupCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public final void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing subcommand (" + String.join(", ", spec.subcommands().keySet()) + ")");
    }
}
