package dev.sweeplake.jobs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleOutputTest {
    @Test
    void jsonModeKeepsStdoutForTheJsonLineOnly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console c = new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                true);
        c.println("a table for people");
        c.progress("[phase] 1/2");
        c.result("{\"ok\":true}");
        assertEquals("{\"ok\":true}", out.toString(StandardCharsets.UTF_8).strip());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("a table for people"));

        out.reset();
        Console people = new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        people.println("hello");
        people.result("{\"ignored\":true}");
        assertEquals("hello", out.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void progressLineHasPhaseCountsRateAndEta() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        Progress p = new Progress(new Console(ps, ps, false), "build", 4, "shards", 0);
        p.advance(1);
        p.note("best recall 0.97");
        p.advance(1);
        String line = p.line();
        assertTrue(
                line.matches(
                        "\\[build\\] 2/4 shards \\(50%\\), [0-9.]+ shards/s, elapsed [0-9.]+s, ETA [0-9.]+s, best recall 0.97"),
                line);
        assertEquals("1m05s", Progress.formatSeconds(65));
        assertEquals("2h01m", Progress.formatSeconds(7260));
    }

    @Test
    void textTablePadsColumnsAndChecksWidth() {
        String t = new TextTable("a", "bbb").row("xx", 1).row("y", null).render();
        assertEquals("a   bbb\n--  ---\nxx  1\ny", t);
        assertThrows(IllegalArgumentException.class, () -> new TextTable("a").row("1", "2"));
    }

    @Test
    void errorsGiveTheFirstLineOfTheFirstMessage() {
        RuntimeException e = new RuntimeException(null, new IllegalStateException("outer\nmore"));
        assertEquals("outer", Errors.oneLine(e));
        assertEquals("RuntimeException", Errors.oneLine(new RuntimeException()));
    }
}
