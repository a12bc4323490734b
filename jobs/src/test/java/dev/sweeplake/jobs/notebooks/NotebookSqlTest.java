package dev.sweeplake.jobs.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sweeplake.jobs.testing.DemoWarehouse;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook under {@code notebooks/} (Databricks source format) against the tables of a real demo run: each SQL cell
 * runs as written, with {@code ${widget}} replaced by the widget's default (the warehouse by the demo's folder), on the
 * temporary views the notebook's Python cell registers; a cell must return rows unless it says {@code -- empty-ok: why}.
 * Every Python cell must compile ({@code python3 -m py_compile}).
 */
@ExtendWith(SparkExtension.class)
class NotebookSqlTest {
    private static final Path NOTEBOOKS = Path.of("..", "notebooks");
    private static final Pattern WIDGET = Pattern.compile("dbutils\\.widgets\\.text\\(\"(\\w+)\",\\s*\"([^\"]*)\"\\)");
    private static final Pattern TABLE = Pattern.compile("\\{warehouse\\}/(\\w+)\"");
    private static final Pattern TABLE_LOOP = Pattern.compile("for name in \\[([^\\]]*)\\]");
    private static final Pattern VAR = Pattern.compile("\\$\\{(\\w+)\\}");

    /** One notebook cell. */
    record Cell(String notebook, int index, String kind, String text) {
        String where() {
            return notebook + " cell " + index;
        }
    }

    static List<Cell> cells(Path notebook) throws IOException {
        String src = Files.readString(notebook, StandardCharsets.UTF_8);
        assertTrue(src.startsWith("# Databricks notebook source\n"), notebook + ": not in Databricks source format");
        List<Cell> out = new ArrayList<>();
        String[] parts =
                src.substring("# Databricks notebook source\n".length()).split("\n# COMMAND ----------\n");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            String name = notebook.getFileName().toString();
            if (p.startsWith("# MAGIC %sql")) {
                StringBuilder sql = new StringBuilder();
                for (String line : p.split("\n")) {
                    assertTrue(
                            line.startsWith("# MAGIC"),
                            name + " cell " + (i + 1) + ": a %sql cell line without '# MAGIC'");
                    String l = line.length() > 8 ? line.substring(8) : "";
                    if (!l.startsWith("%sql")) {
                        sql.append(l).append('\n');
                    }
                }
                out.add(new Cell(name, i + 1, "sql", sql.toString()));
            } else if (p.startsWith("# MAGIC %md")) {
                out.add(new Cell(name, i + 1, "md", p));
            } else {
                out.add(new Cell(name, i + 1, "python", p + "\n"));
            }
        }
        return out;
    }

    static List<Path> notebooks() throws IOException {
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            return s.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
    }

    @Test
    void everySqlCellRunsOnTheDemoTablesAndEveryPythonCellCompiles(SparkSession spark, @TempDir Path tmp)
            throws Exception {
        Path warehouse = DemoWarehouse.get().warehouse();
        List<Path> books = notebooks();
        assertTrue(books.size() >= 6, "notebooks: " + books);
        List<String> failures = new ArrayList<>();
        List<Path> python = new ArrayList<>();
        int sqlCells = 0;
        for (Path book : books) {
            List<Cell> cells = cells(book);
            Map<String, String> widgets = widgets(cells);
            widgets.put("warehouse", warehouse.toString());
            registerViews(spark, cells, widgets.get("warehouse"));
            for (Cell c : cells) {
                if (c.kind().equals("python")) {
                    Path f = tmp.resolve(c.notebook().replace(".py", "") + "_cell" + c.index() + ".py");
                    Files.writeString(f, c.text());
                    python.add(f);
                } else if (c.kind().equals("sql")) {
                    sqlCells++;
                    String err = runSql(spark, c, widgets);
                    if (err != null) {
                        failures.add(err);
                    }
                }
            }
        }
        assertTrue(sqlCells >= 14, "SQL cells found: " + sqlCells);
        assertEquals(List.of(), failures);
        compilePython(python);
    }

    /** The recommendation leaderboard's cells are generic: with the CTR benchmark and metric they must return rows. */
    @Test
    void recommendationLeaderboardCellsAreGenericOverBenchmarkAndMetric(SparkSession spark) throws Exception {
        Path warehouse = DemoWarehouse.get().warehouse();
        Path book = NOTEBOOKS.resolve("05_reco_leaderboard.py");
        List<Cell> cells = cells(book);
        Map<String, String> widgets = widgets(cells);
        assertEquals("reco", widgets.get("benchmark"));
        widgets.put("warehouse", warehouse.toString());
        widgets.put("benchmark", "ctr");
        widgets.put("metric", "test_auc");
        registerViews(spark, cells, warehouse.toString());
        int ran = 0;
        for (Cell c : cells) {
            if (c.kind().equals("sql")) {
                List<Row> rows = spark.sql(substitute(c.text(), widgets, c)).collectAsList();
                assertFalse(rows.isEmpty(), c.where() + " with benchmark ctr returned no rows");
                ran++;
            }
        }
        assertEquals(2, ran);
    }

    @Test
    void aBrokenCellIsReported(SparkSession spark) {
        Cell bad = new Cell("x.py", 1, "sql", "SELECT no_such_column FROM range(1)\n");
        String err = runSql(spark, bad, Map.of());
        assertTrue(err != null && err.startsWith("x.py cell 1: "), err);
        Cell empty = new Cell("x.py", 2, "sql", "SELECT * FROM range(0)\n");
        assertTrue(runSql(spark, empty, Map.of()).contains("no rows"));
        Cell ok = new Cell("x.py", 3, "sql", "-- empty-ok: nothing yet\nSELECT * FROM range(0)\n");
        assertEquals(null, runSql(spark, ok, Map.of()));
        assertThrowsAssertion(() -> substitute("SELECT '${nope}'", Map.of(), bad));
    }

    private static void assertThrowsAssertion(Runnable r) {
        try {
            r.run();
        } catch (AssertionError expected) {
            return;
        }
        fail("expected an AssertionError");
    }

    /** Null when the cell ran and returned rows (or may be empty), else what went wrong. */
    static String runSql(SparkSession spark, Cell c, Map<String, String> widgets) {
        String sql = substitute(c.text(), widgets, c);
        try {
            List<Row> rows = spark.sql(sql).limit(50).collectAsList();
            if (rows.isEmpty() && !c.text().contains("-- empty-ok:")) {
                return c.where() + ": no rows (mark the cell '-- empty-ok: why' if that is expected)";
            }
            return null;
        } catch (Exception e) {
            return c.where() + ": " + e.getClass().getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse("");
        }
    }

    static String substitute(String sql, Map<String, String> widgets, Cell c) {
        Matcher m = VAR.matcher(sql);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = widgets.get(m.group(1));
            if (v == null) {
                throw new AssertionError(
                        c.where() + ": ${" + m.group(1) + "} is not a widget of the notebook " + widgets.keySet());
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        return m.appendTail(b).toString();
    }

    private static Map<String, String> widgets(List<Cell> cells) {
        Map<String, String> w = new LinkedHashMap<>();
        for (Cell c : cells) {
            if (c.kind().equals("python")) {
                Matcher m = WIDGET.matcher(c.text());
                while (m.find()) {
                    w.put(m.group(1), m.group(2));
                }
            }
        }
        return w;
    }

    /** The views the notebook's Python cells register: each table read from the warehouse, under its own name. */
    private static void registerViews(SparkSession spark, List<Cell> cells, String warehouse) {
        Set<String> tables = new LinkedHashSet<>();
        for (Cell c : cells) {
            if (!c.kind().equals("python")) {
                continue;
            }
            Matcher m = TABLE.matcher(c.text());
            while (m.find()) {
                tables.add(m.group(1));
            }
            if (c.text().contains("{warehouse}/{name}")) {
                Matcher loop = TABLE_LOOP.matcher(c.text());
                assertTrue(loop.find(), c.where() + ": a {name} load without a 'for name in [...]' list");
                for (String n : loop.group(1).split(",")) {
                    tables.add(n.trim().replace("\"", "").replace("'", ""));
                }
            }
        }
        for (String t : tables) {
            spark.read().format("delta").load(warehouse + "/" + t).createOrReplaceTempView(t);
        }
    }

    private static void compilePython(List<Path> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-m", "py_compile"));
        files.forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "a Python cell does not compile: " + out);
    }
}
