package dev.sweeplake.jobs.report;

import dev.sweeplake.jobs.report.ReportCharts.Series;
import dev.sweeplake.jobs.report.ReportData.Run;
import dev.sweeplake.jobs.report.ReportData.Sweep;
import dev.sweeplake.jobs.report.ReportData.Trial;
import dev.sweeplake.jobs.util.Versions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;

/**
 * The report as one self-contained HTML page: inline CSS, every plot an inline SVG, no script, no external resource.
 * Sections: runs overview, ANN benchmarks, leaderboards, sweeps, cost growth (a section without data is left out).
 * Not thread-safe (one page per call of {@link #render}).
 */
final class ReportPage {
    static final int WIDTH = 640;
    static final int HEIGHT = 400;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The plots of one page: each gets a unique id ({@code plot-N-kind}) and becomes an inline SVG figure. */
    static final class Plots {
        private final List<String> ids = new ArrayList<>();

        String add(String kind, JFreeChart chart, String caption) {
            return add(kind, chart, caption, HEIGHT);
        }

        String add(String kind, JFreeChart chart, String caption, int height) {
            String id = "plot-" + (ids.size() + 1) + "-" + kind;
            ids.add(id);
            return "<figure class=\"plot\" id=\"" + id + "-fig\">" + ReportCharts.svg(chart, id, WIDTH, height)
                    + "<figcaption>" + Html.esc(caption) + "</figcaption></figure>\n";
        }

        List<String> ids() {
            return List.copyOf(ids);
        }
    }

    /** A rendered page and the ids of its plots (what the browser test checks). */
    record Page(String html, List<String> plotIds, List<String> sections) {}

    private ReportPage() {}

    static Page render(ReportData data, Instant generatedAt) {
        Plots plots = new Plots();
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("Runs", runs(data));
        put(sections, "ANN benchmarks", ReportSections.ann(data, plots));
        put(sections, "Leaderboards", ReportSections.leaderboards(data, plots));
        put(sections, "Sweeps", sweeps(data, plots));
        put(sections, "Cost growth", ReportSections.costGrowth(data, plots));
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"generator\" content=\"sweeplake ")
                .append(Html.esc(Versions.code()))
                .append("\">")
                .append("<title>sweeplake report: ")
                .append(Html.esc(data.scope.describe()))
                .append("</title>\n<style>")
                .append(CSS)
                .append("</style></head>\n<body>\n<header><h1>sweeplake report</h1><p class=\"meta\">")
                .append(Html.esc(data.scope.describe()))
                .append(" &middot; warehouse <code>")
                .append(Html.esc(data.warehouse))
                .append("</code> &middot; generated ")
                .append(TIME.format(generatedAt))
                .append(" UTC by sweeplake ")
                .append(Html.esc(Versions.code()))
                .append("</p>\n<nav>");
        for (String s : sections.keySet()) {
            b.append("<a href=\"#")
                    .append(anchor(s))
                    .append("\">")
                    .append(Html.esc(s))
                    .append("</a>");
        }
        b.append("</nav></header>\n<main>\n");
        sections.forEach((title, html) -> b.append("<section id=\"")
                .append(anchor(title))
                .append("\"><h2>")
                .append(Html.esc(title))
                .append("</h2>\n")
                .append(html)
                .append("</section>\n"));
        b.append("</main>\n<footer>Every figure is read from the Delta tables runs, trials and metrics (and sweeps); ")
                .append("plots drawn with JFreeChart, exported as SVG with JFreeSVG.</footer>\n</body></html>\n");
        return new Page(b.toString(), plots.ids(), List.copyOf(sections.keySet()));
    }

    private static void put(Map<String, String> sections, String title, String html) {
        if (!html.isBlank()) {
            sections.put(title, html);
        }
    }

    static String anchor(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String runs(ReportData data) {
        Map<String, Integer> trials = new TreeMap<>();
        Map<String, Set<String>> benches = new TreeMap<>();
        for (Trial t : data.trials) {
            trials.merge(t.runId(), 1, Integer::sum);
            benches.computeIfAbsent(t.runId(), k -> new java.util.TreeSet<>()).add(t.benchmark());
        }
        long failed =
                data.runs.stream().filter(r -> r.status().equals("FAILED")).count();
        StringBuilder b = new StringBuilder("<div class=\"cards\">");
        card(b, String.valueOf(data.runs.size()), "runs");
        card(b, String.valueOf(failed), "failed runs");
        card(b, String.valueOf(data.trials.size()), "trials");
        card(
                b,
                String.valueOf(
                        data.trials.stream().map(Trial::benchmark).distinct().count()),
                "benchmarks");
        card(b, String.valueOf(data.sweeps.size()), "sweeps");
        b.append("</div>\n");
        List<List<String>> rows = new ArrayList<>();
        for (Run r : data.runs.subList(0, Math.min(100, data.runs.size()))) {
            rows.add(List.of(
                    r.runId(),
                    r.command(),
                    "<span class=\"st " + Html.esc(r.status().toLowerCase(Locale.ROOT)) + "\">" + Html.esc(r.status())
                            + "</span>",
                    r.startedAt() == null ? "" : TIME.format(r.startedAt()),
                    Html.num(r.durationS()),
                    String.valueOf(trials.getOrDefault(r.runId(), 0)),
                    String.join(", ", benches.getOrDefault(r.runId(), Set.of())),
                    r.error() == null ? "" : r.error()));
        }
        b.append(Html.table(
                List.of("run", "command", "status", "started (UTC)", "duration s", "trials", "benchmarks", "error"),
                rows,
                Set.of(4, 5)));
        if (data.runs.size() > 100) {
            b.append("<p class=\"meta\">latest 100 of ")
                    .append(data.runs.size())
                    .append(" runs</p>");
        }
        return b.toString();
    }

    private static void card(StringBuilder b, String value, String label) {
        b.append("<div class=\"card\"><div class=\"v\">")
                .append(Html.esc(value))
                .append("</div><div class=\"l\">")
                .append(Html.esc(label))
                .append("</div></div>");
    }

    /**
     * Per sweep: best-so-far of its metric against trials and against compute (trial-seconds), the default and random arms
     * beside the main arm; only trials at the sweep's full fidelity count towards the best. Then the top configurations
     * with their test-seed mean +- std and tune value.
     */
    private static String sweeps(ReportData data, Plots plots) {
        StringBuilder b = new StringBuilder();
        for (Sweep s : data.sweeps) {
            Map<String, List<Trial>> arms =
                    new TreeMap<>(Comparator.comparingInt(ReportPage::armOrder).thenComparing(a -> a));
            List<Trial> test = new ArrayList<>();
            for (Trial t : s.trials()) {
                String rest = t.studyId().substring(s.sweepId().length() + 1);
                if (rest.equals("test")) {
                    test.add(t);
                } else if (rest.startsWith("tune/")) {
                    arms.computeIfAbsent(rest.substring(5), k -> new ArrayList<>())
                            .add(t);
                }
            }
            List<Series> byTrial = new ArrayList<>();
            List<Series> byCompute = new ArrayList<>();
            for (Map.Entry<String, List<Trial>> a : arms.entrySet()) {
                List<double[]> pt = new ArrayList<>();
                List<double[]> pc = new ArrayList<>();
                double best = Double.NaN;
                double compute = 0;
                int n = 0;
                for (Trial t : a.getValue()) {
                    n++;
                    compute += t.durationS() == null ? 0 : t.durationS();
                    Double v = t.finished() ? t.metric(s.metric()) : null;
                    boolean full =
                            s.maxFidelity() == null || t.fidelity() == null || t.fidelity() >= s.maxFidelity() - 1e-9;
                    if (v != null && full && (Double.isNaN(best) || (s.maximize() ? v > best : v < best))) {
                        best = v;
                    }
                    if (!Double.isNaN(best)) {
                        pt.add(new double[] {n, best});
                        pc.add(new double[] {compute, best});
                    }
                }
                if (!pt.isEmpty()) {
                    byTrial.add(new Series(a.getKey() + " arm", pt));
                    byCompute.add(new Series(a.getKey() + " arm", pc));
                }
            }
            extendDefaultArm(byTrial);
            extendDefaultArm(byCompute);
            b.append("<h3>sweep ")
                    .append(Html.esc(s.sweepId()))
                    .append("</h3>\n<p class=\"meta\">objective ")
                    .append(Html.esc(s.objective()))
                    .append(" &middot; metric ")
                    .append(Html.esc(s.metric()))
                    .append(" (")
                    .append(s.maximize() ? "maximize" : "minimize")
                    .append(") &middot; ")
                    .append(s.trials().size())
                    .append(" trials in ")
                    .append(arms.size())
                    .append(" tune arms + ")
                    .append(test.size())
                    .append(" test-seed trials</p>\n");
            if (!byTrial.isEmpty()) {
                String y = "best " + s.metric() + " so far";
                b.append("<div class=\"grid\">")
                        .append(
                                plots.add(
                                        "sweep-trials",
                                        ReportCharts.steps(
                                                "Best so far against trials", "trials (per arm)", y, byTrial),
                                        "Tune seeds only; a trial below the full fidelity counts as compute but not as a result."))
                        .append(plots.add(
                                "sweep-compute",
                                ReportCharts.steps("Best so far against compute", "trial-seconds", y, byCompute),
                                "Compute: the arm's summed trial wall time (a reused trial costs nothing)."))
                        .append("</div>\n");
            }
            b.append(topTrials(s, arms, test));
        }
        return b.toString();
    }

    /** The default arm is one configuration: its value is drawn as a level line across the other arms' range. */
    private static void extendDefaultArm(List<Series> series) {
        double end = series.stream()
                .flatMap(x -> x.points().stream())
                .mapToDouble(p -> p[0])
                .max()
                .orElse(0);
        for (int i = 0; i < series.size(); i++) {
            Series x = series.get(i);
            if (x.name().startsWith("default") && !x.points().isEmpty()) {
                double[] last = x.points().get(x.points().size() - 1);
                if (last[0] < end) {
                    List<double[]> pts = new ArrayList<>(x.points());
                    pts.add(new double[] {end, last[1]});
                    series.set(i, new Series(x.name(), pts));
                }
            }
        }
    }

    private static int armOrder(String arm) {
        return switch (arm) {
            case "main" -> 0;
            case "random" -> 1;
            case "default" -> 2;
            default -> 3;
        };
    }

    private static String topTrials(Sweep s, Map<String, List<Trial>> arms, List<Trial> test) {
        Map<String, List<Double>> tune = new LinkedHashMap<>();
        Map<String, String> armOf = new LinkedHashMap<>();
        arms.forEach((arm, ts) -> ts.forEach(t -> {
            Double v = t.finished() ? t.metric(s.metric()) : null;
            boolean full = s.maxFidelity() == null || t.fidelity() == null || t.fidelity() >= s.maxFidelity() - 1e-9;
            if (v != null && full) {
                tune.computeIfAbsent(t.paramsJson(), k -> new ArrayList<>()).add(v);
                armOf.merge(t.paramsJson(), arm, (x, y) -> x.contains(y) ? x : x + ", " + y);
            }
        }));
        Map<String, List<Double>> tests = new LinkedHashMap<>();
        test.forEach(t -> {
            Double v = t.finished() ? t.metric(s.metric()) : null;
            if (v != null) {
                tests.computeIfAbsent(t.paramsJson(), k -> new ArrayList<>()).add(v);
            }
        });
        List<String> keys = new ArrayList<>(tests.isEmpty() ? tune.keySet() : tests.keySet());
        Map<String, List<Double>> rankBy = tests.isEmpty() ? tune : tests;
        keys.sort(Comparator.comparingDouble(k -> (s.maximize() ? -1 : 1) * Html.meanStd(rankBy.get(k))[0]));
        List<List<String>> rows = new ArrayList<>();
        for (String k : keys.subList(0, Math.min(5, keys.size()))) {
            double[] te = tests.containsKey(k) ? Html.meanStd(tests.get(k)) : null;
            double[] tu = tune.containsKey(k) ? Html.meanStd(tune.get(k)) : null;
            rows.add(List.of(
                    String.valueOf(rows.size() + 1),
                    k,
                    te == null ? "" : Html.num(te[0]) + " \u00b1 " + Html.num(te[1]),
                    String.valueOf(tests.getOrDefault(k, List.of()).size()),
                    tu == null ? "" : Html.num(tu[0]),
                    armOf.getOrDefault(k, "")));
        }
        if (rows.isEmpty()) {
            return "";
        }
        return "<h4>Top configurations"
                + (tests.isEmpty() ? " (tune seeds; no test-seed trials yet)" : " on the test seeds")
                + "</h4>"
                + Html.table(
                        List.of(
                                "rank",
                                "params",
                                s.metric() + " test mean \u00b1 std",
                                "test seeds",
                                s.metric() + " tune",
                                "arms"),
                        rows,
                        Set.of(0, 2, 3, 4));
    }

    private static final String CSS = """
      :root{--ink:#222;--muted:#666;--line:#e3e3e3;--bg:#f6f7f9;--accent:#0072B2}
      *{box-sizing:border-box}
      body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,"DejaVu Sans",Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg)}
      header{background:#fff;border-bottom:1px solid var(--line);padding:18px 32px 10px}
      h1{margin:0 0 4px;font-size:24px}
      h2{font-size:20px;margin:0 0 12px;padding-bottom:6px;border-bottom:2px solid var(--accent)}
      h3{font-size:16px;margin:22px 0 2px}
      h4{font-size:14px;margin:14px 0 6px;color:#444}
      nav a{display:inline-block;margin:8px 14px 0 0;color:var(--accent);text-decoration:none;font-weight:600}
      main{max-width:1340px;margin:0 auto;padding:12px 32px 32px}
      section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 22px;margin:18px 0}
      .meta{color:var(--muted);margin:2px 0 10px;font-size:13px}
      code{font-size:12px;background:#f0f0f0;padding:1px 4px;border-radius:3px}
      .grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px;margin:8px 0}
      @media (max-width:1000px){.grid{grid-template-columns:1fr}}
      figure.plot{margin:0;border:1px solid var(--line);border-radius:6px;padding:6px;background:#fff}
      figure.plot svg{width:100%;height:auto;display:block}
      figcaption{color:var(--muted);font-size:12px;padding:4px 6px 2px}
      .tw{overflow-x:auto}
      table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 4px}
      th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      th{background:#fafafa;font-weight:600;white-space:nowrap}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      td{max-width:520px;overflow-wrap:anywhere}
      .st{padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
      .st.succeeded{background:#e3f4ea;color:#1e6b3a}.st.failed{background:#fbe5e1;color:#a0301c}.st.running{background:#e6effa;color:#1f4f8a}
      .cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:10px}
      .card{border:1px solid var(--line);border-radius:6px;padding:8px 16px;min-width:110px}
      .card .v{font-size:22px;font-weight:700}.card .l{color:var(--muted);font-size:12px}
      footer{color:var(--muted);font-size:12px;text-align:center;padding:0 0 24px}
      """;
}
