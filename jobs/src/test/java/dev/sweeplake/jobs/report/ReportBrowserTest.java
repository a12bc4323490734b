package dev.sweeplake.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.demo.DemoJob;
import dev.sweeplake.jobs.testing.DemoWarehouse;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real demo run, rendered by headless Chromium: every plot is laid out with a real size and draws data
 * marks (elements in the series colours), the page loads nothing from outside, and a screenshot is taken (written to
 * {@code target/report-screenshot.png}; also to the path in {@code -Dsweeplake.report.screenshot=...} when given: that
 * is how the README's screenshot is made). Chromium is the Debian package {@code chromium}; without it the test is
 * skipped, unless {@code SWEEPLAKE_REQUIRE_CHROMIUM=1} (set by .ci/run, which installs it) makes that a failure.
 */
@ExtendWith(SparkExtension.class)
class ReportBrowserTest {
    private static final Pattern PLOT_ID = Pattern.compile("<svg id=['\"](plot-\\d+-[a-z-]+)['\"]");

    /** Appended to a copy of the report: measures every plot as the browser laid it out, writes JSON into the DOM. */
    private static final String PROBE = """
      <script>
      (function () {
        var palette = new Set(%s);
        var out = {height: document.documentElement.scrollHeight, plots: []};
        document.querySelectorAll('svg[id^="plot-"]').forEach(function (svg) {
          var r = svg.getBoundingClientRect();
          var marks = 0, drawn = 0, texts = 0;
          svg.querySelectorAll('path,line,rect,circle,ellipse,polyline,polygon,text').forEach(function (e) {
            var b = e.getBoundingClientRect();
            if (b.width <= 0 && b.height <= 0) return;
            drawn++;
            if (e.tagName === 'text' && e.textContent.trim().length > 0) texts++;
            var s = getComputedStyle(e);
            if (palette.has(s.fill) || palette.has(s.stroke)) marks++;
          });
          out.plots.push({id: svg.id, width: r.width, height: r.height, drawn: drawn, marks: marks, texts: texts});
        });
        var pre = document.createElement('pre');
        pre.id = 'sweeplake-probe';
        pre.textContent = JSON.stringify(out);
        document.body.appendChild(pre);
      })();
      </script>
      """;

    @Test
    void demoReportRendersEveryPlotInChromium(@TempDir Path tmp) throws Exception {
        DemoWarehouse.Demo demo = DemoWarehouse.get();
        Path report = demo.warehouse().resolve(DemoJob.REPORT_FILE);
        assertEquals(report.toString(), demo.result().report());
        String html = Files.readString(report, StandardCharsets.UTF_8);

        // Self-contained: no script, stylesheet, image or font from anywhere (only in-page anchors), no script at all.
        assertFalse(
                Pattern.compile("(src|href)\\s*=\\s*['\"](?!#)", Pattern.CASE_INSENSITIVE)
                        .matcher(html)
                        .find(),
                "the report refers to an outside resource");
        assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"), "the report has a script");
        assertFalse(
                html.contains("@import")
                        || Pattern.compile("url\\((?!#)").matcher(html).find(),
                "the page loads something through CSS");

        List<String> ids = new ArrayList<>();
        Matcher m = PLOT_ID.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        // The demo writes one ANN bench, two CTR models + an MLlib baseline, and a sweep with three tune arms and a
        // test
        // phase: each of these plots must be there.
        for (String kind : List.of("ann-pareto", "ann-latency", "leaderboard", "sweep-trials", "sweep-compute")) {
            assertTrue(ids.stream().anyMatch(i -> i.endsWith("-" + kind)), kind + " plot missing; plots: " + ids);
        }
        assertTrue(html.contains(demo.result().runId()), "the run id is in the report");

        String chromium = chromium();
        Path probe = tmp.resolve("probe.html");
        String palette = new ObjectMapper()
                .writeValueAsString(java.util.Arrays.stream(ReportCharts.PALETTE)
                        .map(c -> "rgb(" + c.getRed() + ", " + c.getGreen() + ", " + c.getBlue() + ")")
                        .toList());
        Files.writeString(
                probe, html.replace("</body>", String.format(java.util.Locale.ROOT, PROBE, palette) + "</body>"));
        String dom = browser(
                chromium,
                tmp,
                List.of("--window-size=1360,1000", "--dump-dom", probe.toUri().toString()));
        Matcher p = Pattern.compile("<pre id=\"sweeplake-probe\">(.*?)</pre>", Pattern.DOTALL)
                .matcher(dom);
        assertTrue(
                p.find(),
                "no probe output in the DOM Chromium dumped: " + dom.substring(0, Math.min(500, dom.length())));
        JsonNode probed =
                new ObjectMapper().readTree(p.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
        Set<String> seen = new HashSet<>();
        for (JsonNode plot : probed.get("plots")) {
            String id = plot.get("id").asText();
            seen.add(id);
            assertTrue(
                    plot.get("width").asDouble() >= 300 && plot.get("height").asDouble() >= 150,
                    id + " is laid out too small: " + plot);
            assertTrue(plot.get("drawn").asInt() >= 20, id + " draws too little: " + plot);
            assertTrue(plot.get("marks").asInt() >= 1, id + " draws no data mark in a series colour: " + plot);
            assertTrue(plot.get("texts").asInt() >= 5, id + " has no title/axis text: " + plot);
        }
        assertEquals(new HashSet<>(ids), seen, "plots in the HTML vs plots the browser laid out");

        int height = Math.min(16000, Math.max(800, probed.get("height").asInt()));
        Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        browser(
                chromium,
                tmp,
                List.of(
                        "--hide-scrollbars",
                        "--window-size=1360," + height,
                        "--screenshot=" + png,
                        report.toUri().toString()));
        assertTrue(Files.isRegularFile(png), "no screenshot at " + png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1360, img.getWidth());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "the screenshot is nearly blank: " + colours.size() + " colours");
        String copy = System.getProperty("sweeplake.report.screenshot");
        if (copy != null && !copy.isBlank()) {
            Files.copy(png, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        String msg = "headless Chromium not found on PATH (Debian: apt-get install chromium; .ci/run installs it)";
        if ("1".equals(System.getenv("SWEEPLAKE_REQUIRE_CHROMIUM"))) {
            throw new AssertionError(msg);
        }
        Assumptions.abort(msg);
        return null;
    }

    /** Runs headless Chromium with its own profile; returns standard output. */
    private static String browser(String chromium, Path tmp, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--force-device-scale-factor=1",
                "--user-data-dir=" + tmp.resolve("chromium-profile")));
        cmd.addAll(args);
        Path out = tmp.resolve("chromium.out");
        Path err = tmp.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 120 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "Chromium failed: " + Files.readString(err));
        return Files.readString(out);
    }
}
