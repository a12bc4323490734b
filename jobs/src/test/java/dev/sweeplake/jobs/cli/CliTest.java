package dev.sweeplake.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweeplake.jobs.testing.CliRunner;
import dev.sweeplake.jobs.testing.CliRunner.Outcome;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users and Airflow see it: exit codes, one-line errors, the JSON last line, --help. */
@ExtendWith(SparkExtension.class)
class CliTest {
    static Outcome run(String... args) {
        return CliRunner.run(args);
    }

    /** Exactly one line that says "error: ..." and names the problem. */
    static void oneClearLine(Outcome o, String... mustContain) {
        List<String> errors =
                o.errLines().stream().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), "stderr was: " + o.err());
        for (String s : mustContain) {
            assertTrue(errors.get(0).contains(s), "expected '" + s + "' in: " + errors.get(0));
        }
        assertFalse(o.err().contains("\tat "), "no stack trace without --verbose: " + o.err());
    }

    @Test
    void unknownCommandAndOptionAreUsageErrors() {
        Outcome o = run("frobnicate");
        assertEquals(Main.EXIT_USAGE, o.code());
        oneClearLine(o, "frobnicate");
        o = run("tables", "--no-such-option");
        assertEquals(Main.EXIT_USAGE, o.code());
        oneClearLine(o, "--no-such-option", "sweeplake tables --help");
        o = run();
        assertEquals(Main.EXIT_USAGE, o.code());
        oneClearLine(o, "missing command");
    }

    @Test
    void aGroupCommandWithoutSubcommandListsItsSubcommands() {
        for (String[] group : new String[][] {
            {"ann", "missing subcommand (build, search, bench, micro, gpu-bench)"},
            {"data", "missing subcommand (gen)"},
            {"ctr", "missing subcommand (bench, micro)"},
            {"reco", "missing subcommand (bench, retrieval)"},
            {"sweep", "missing subcommand (run, status, leaderboard, bench)"}
        }) {
            Outcome o = run(group[0]);
            assertEquals(Main.EXIT_USAGE, o.code(), o.err());
            oneClearLine(o, group[1]);
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : List.of(
                new String[] {"--help"},
                new String[] {"demo", "--help"},
                new String[] {"tables", "--help"},
                new String[] {"version", "--help"})) {
            Outcome o = run(cmd);
            assertEquals(0, o.code(), String.join(" ", cmd));
            assertTrue(o.out().contains("Usage: sweeplake"), o.out());
        }
        assertTrue(run("--help").out().contains("demo") && run("--help").out().contains("tables"));
    }

    @Test
    void versionPrintsJson() throws Exception {
        Outcome o = run("version", "--json");
        assertEquals(0, o.code());
        assertEquals("4.0.1", o.lastJson().get("spark_built").asText());
    }

    @Test
    void badConfigFilesFailBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path wh = dir.resolve("wh");
        Path malformed = Files.writeString(dir.resolve("bad.yaml"), "k: [1, 2\n");
        Outcome o = run("demo", "--config", malformed.toString(), "--warehouse", wh.toString());
        assertEquals(Main.EXIT_CONFIG, o.code());
        oneClearLine(o, "malformed YAML in", "bad.yaml");

        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), "kk: 3\n");
        o = run("demo", "--config", unknown.toString(), "--warehouse", wh.toString());
        assertEquals(Main.EXIT_CONFIG, o.code());
        oneClearLine(o, "unknown config key 'kk'", "expected one of: k, query_every");

        Path wrongType = Files.writeString(dir.resolve("type.yaml"), "k: ten\n");
        o = run("demo", "--config", wrongType.toString(), "--warehouse", wh.toString());
        assertEquals(Main.EXIT_CONFIG, o.code());
        oneClearLine(o, "config key 'k': expected an integer, got 'ten' (a string)");

        o = run("demo", "--set", "k=0", "--warehouse", wh.toString());
        assertEquals(Main.EXIT_CONFIG, o.code());
        oneClearLine(o, "config key 'k': expected an integer in [1, 100], got 0");

        o = run("demo", "--config", dir.resolve("missing.yaml").toString(), "--warehouse", wh.toString());
        assertEquals(Main.EXIT_CONFIG, o.code());
        oneClearLine(o, "config file not found", "missing.yaml");

        o = run("demo", "--config", wrongType.toString(), "--warehouse", wh.toString(), "--verbose");
        assertTrue(o.err().contains("\tat "), "stack trace with --verbose");
        assertFalse(Files.exists(wh), "nothing may be written for a bad config");
    }

    @Test
    void missingOrBadInputFileFailsBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path wh = dir.resolve("wh");
        Outcome o = run("demo", "--warehouse", wh.toString(), "--set", "vectors_csv=" + dir.resolve("nope.csv"));
        assertEquals(Main.EXIT_INPUT, o.code());
        oneClearLine(o, "vectors_csv: input file not found: ", "nope.csv");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "1,2,3,4\n1,2,x,4\n");
        o = run("demo", "--warehouse", wh.toString(), "--set", "vectors_csv=" + bad, "--set", "sections=[digits-knn]");
        assertEquals(Main.EXIT_INPUT, o.code());
        oneClearLine(o, "bad.csv line 2, column 3: expected a number, got 'x'");
        assertFalse(Files.exists(wh), "nothing may be written for bad input");
    }

    @Test
    void unwritableWarehouseFailsWithoutWritingAnything(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Outcome o = run("demo", "--warehouse", file.resolve("wh").toString());
        assertEquals(Main.EXIT_WAREHOUSE, o.code());
        oneClearLine(o, "warehouse '" + file.resolve("wh") + "' is not writable");
    }

    @Test
    void tablesJsonReportsCountsAsTheLastLine(@TempDir Path dir) throws Exception {
        Path wh = dir.resolve("wh");
        Outcome o = run("tables", "--warehouse", wh.toString(), "--json");
        assertEquals(0, o.code(), o.err());
        JsonNode j = o.lastJson();
        assertTrue(j.get("warehouse").asText().endsWith("wh"), j.toString());
        assertEquals(0, j.get("tables").get("runs").asLong());
        assertEquals(0, j.get("tables").get("trials").asLong());
        assertEquals(0, j.get("tables").get("metrics").asLong());

        o = run("demo", "--warehouse", wh.toString(), "--json", "--set", "sections=[digits-knn]");
        assertEquals(0, o.code(), o.err());
        String runId = o.lastJson().get("run_id").asText();
        assertFalse(runId.isBlank());
        assertEquals(
                1, o.out().lines().filter(l -> !l.isBlank()).count(), "stdout holds only the JSON line: " + o.out());

        o = run("tables", "--warehouse", wh.toString(), "--json");
        j = o.lastJson();
        assertEquals(1, j.get("tables").get("runs").asLong());
        assertTrue(j.get("tables").get("trials").asLong() >= 1);
        assertTrue(j.get("tables").get("metrics").asLong() >= 1);
        assertEquals(runId, j.get("latest_runs").get(0).get("run_id").asText());
        assertEquals("SUCCEEDED", j.get("latest_runs").get(0).get("status").asText());

        o = run("tables", "--warehouse", wh.toString());
        assertTrue(o.out().contains("runs") && o.out().contains(runId), o.out());
    }
}
