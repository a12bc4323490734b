package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.cli.Main;
import dev.sweeplake.jobs.testing.CliRunner;
import dev.sweeplake.jobs.testing.CliRunner.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ann commands' help, exit codes and messages that need no Spark (config and input checks run first). */
class AnnCliTest {
    static Outcome run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : new String[] {"build", "search", "bench", "micro"}) {
            Outcome o = run("ann", sub, "--help");
            assertEquals(0, o.code(), sub + ": " + o.err());
            assertTrue(o.out().contains("Usage: sweeplake ann " + sub), o.out());
        }
        assertTrue(run("ann", "--help").out().contains("build"));
    }

    @Test
    void microWithoutTheBenchClassesSaysHowToGetThem() {
        Outcome o = run("ann", "micro", "--dataset", "digits");
        assertEquals(Main.EXIT_FAILED, o.code());
        assertTrue(
                o.err()
                        .contains("error: dev.sweeplake.ann.bench.AnnMicroBench is not on the class path: it lives in "
                                + "lib-ann's test classes; run 'bin/sweeplake ann micro ...'"),
                o.err());
    }

    @Test
    void badConfigAndMissingInputFailBeforeSpark(@TempDir Path dir) throws Exception {
        Outcome unknown = run("ann", "build", "--set", "shard=4");
        assertEquals(Main.EXIT_CONFIG, unknown.code());
        assertTrue(unknown.err().contains("unknown config key 'shard'"), unknown.err());
        Outcome range =
                run("ann", "bench", "--config", "../conf/ann/mnist-bench.yaml", "--set", "build.balance_factor=0.5");
        assertEquals(Main.EXIT_CONFIG, range.code(), range.err());
        assertTrue(
                range.err().contains("config key 'build.balance_factor': expected a number in [1.0, 1000.0], got 0.5"),
                range.err());
        Outcome missing = run("ann", "bench", "--config", "../conf/ann/mnist-bench.yaml", "--data-dir", dir.toString());
        assertEquals(Main.EXIT_INPUT, missing.code(), missing.err());
        assertTrue(
                missing.err()
                        .contains("error: base: idx file " + dir + "/mnist-t10k/t10k-images-idx3-ubyte.gz must "
                                + "exist, actual missing (check --data-dir)"),
                missing.err());
        Path yaml = dir.resolve("b.yaml");
        Files.writeString(yaml, "engines: [sweeplake, faiss]\n");
        Outcome engine = run("ann", "bench", "--config", yaml.toString());
        assertEquals(Main.EXIT_CONFIG, engine.code());
        assertTrue(
                engine.err().contains("config key 'engines': expected names from [sweeplake, mllib-lsh], got 'faiss'"),
                engine.err());
    }
}
