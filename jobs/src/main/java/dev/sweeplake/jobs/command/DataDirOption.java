package dev.sweeplake.jobs.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;

/**
 * The {@code --data-dir DIR} option of the benches that read datasets by relative path ({@code ctr bench}, {@code reco
 * bench}), with the checks their prechecks share: a dataset folder or file that must exist before Spark starts. Used
 * as a picocli {@code @Mixin}; not thread-safe (one per command invocation).
 */
public final class DataDirOption {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Base folder of the dataset paths (overrides data_dir; default ../shared/data).")
    Path dataDir;

    /** {@code config} with its data_dir replaced by {@code --data-dir} when given ({@code withDataDir} does that). */
    public <C> C apply(C config, BiFunction<C, String, C> withDataDir) {
        return dataDir == null ? config : withDataDir.apply(config, dataDir.toString());
    }

    /** Fails (exit 4, before Spark) when the dataset folder {@code dir} is missing; {@code what} names the dataset. */
    public static void requireFolder(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    what + ": folder not found: " + dir + " (set --data-dir or dataset.dir)");
        }
    }

    /** Fails (exit 4, before Spark) when the dataset file {@code file} is missing. */
    public static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + ": file not found: " + file);
        }
    }
}
