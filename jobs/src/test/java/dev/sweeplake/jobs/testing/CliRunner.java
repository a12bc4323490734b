package dev.sweeplake.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs the CLI in this JVM as users and scripts see it ({@link Main#run}, never {@code main}), capturing standard output
 * and standard error. Calls are serialized because they swap {@code System.out}/{@code System.err}.
 */
public final class CliRunner {
    private CliRunner() {}

    /** A finished command: exit code, standard output, standard error. */
    public record Outcome(int code, String out, String err) {
        /** Standard error without log lines (which start with a time stamp). */
        public List<String> errLines() {
            return err.lines()
                    .filter(l -> !l.isBlank() && !l.matches("^\\d\\d:\\d\\d:\\d\\d.*"))
                    .toList();
        }

        /** The last non-blank line of standard output, parsed as JSON. */
        public JsonNode lastJson() throws Exception {
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            return new ObjectMapper().readTree(lines.get(lines.size() - 1));
        }
    }

    public static synchronized Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
