package dev.sweeplake.jobs.report;

import dev.sweeplake.jobs.report.ReportCharts.Series;
import dev.sweeplake.jobs.report.ReportCharts.Stat;
import dev.sweeplake.jobs.report.ReportData.Trial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The benchmark sections of the report: ANN recall/throughput Pareto fronts with latency and build figures, the generic
 * leaderboards (every benchmark and quality metric, test-seed mean +- std), and cost growth against a size parameter.
 * Each method returns HTML and adds its plots to the page. Stateless; thread-safe.
 */
final class ReportSections {
    /** Quality metrics a leaderboard ranks by (any benchmark): AUC, logloss, nDCG, recall, precision, MAP, MRR, ... */
    static final Pattern QUALITY = Pattern.compile(
            "^(test_)?(auc|logloss|ndcg(_at_\\d+)?|recall(_at_\\d+)?|precision(_at_\\d+)?|map(_at_\\d+)?|mrr(_at_\\d+)?"
                    + "|hit_rate(_at_\\d+)?|hr(_at_\\d+)?|accuracy|rmse|mae|score|objective)$");
    /** Parameters that give a benchmark's data size, for cost growth. */
    static final Pattern SIZE = Pattern.compile(
            "^(n|rows|size|vectors|scale|vocab|vocabulary|users|items|base_size|train_rows|num_vectors|n_vectors|base_vectors"
                    + "|num_rows|dataset_size|vocab_size|cardinality)$|.+_(rows|size|vectors|count)$");
    /** Metrics that measure a cost (time, memory, bytes). */
    static final Pattern COST = Pattern.compile(".+_s$|.+_ms$|^bytes$|.+_bytes$|.+_mb$|^peak_heap.*");

    private static final Pattern RECALL = Pattern.compile("^recall_at_(\\d+)$");
    private static final Pattern PERCENTILE = Pattern.compile("^p(\\d+(?:\\.\\d+)?)_ms$");
    private static final int MAX_ROWS = 15;

    private ReportSections() {}

    /** Lower is better for losses and errors; higher for everything else a leaderboard ranks. */
    static boolean lowerIsBetter(String metric) {
        return metric.contains("logloss")
                || metric.contains("loss")
                || metric.contains("rmse")
                || metric.contains("mae")
                || metric.contains("error");
    }

    // ---------------------------------------------------------------- ANN

    /** One section per ANN benchmark (study) with a recall metric and queries/s. */
    static String ann(ReportData data, ReportPage.Plots plots) {
        Map<String, List<Trial>> byStudy = new LinkedHashMap<>();
        for (Trial t : data.trialsOf("ann")) {
            if (t.finished() && recallName(t) != null && t.metric("qps") != null) {
                byStudy.computeIfAbsent(t.studyId(), k -> new ArrayList<>()).add(t);
            }
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<Trial>> e : byStudy.entrySet()) {
            List<Trial> ts = e.getValue();
            String recall = recallName(ts.get(0));
            String k = RECALL.matcher(recall).replaceAll("$1");
            List<Map<String, String>> leaves =
                    ts.stream().map(t -> Html.leaves(t.params())).toList();
            List<String> series = Html.distinguishingLabels(
                    leaves.stream().map(ReportSections::engineLeaves).toList(), Set.of("engine"), Set.of());
            List<String> settings = Html.distinguishingLabels(
                    leaves.stream().map(l -> withoutEngine(l)).toList(), Set.of(), Set.of("seed", "k"));
            Map<String, List<double[]>> pts = new LinkedHashMap<>();
            for (int i = 0; i < ts.size(); i++) {
                pts.computeIfAbsent(series.get(i), x -> new ArrayList<>())
                        .add(new double[] {ts.get(i).metric(recall), ts.get(i).metric("qps")});
            }
            List<Series> points = new ArrayList<>();
            List<Series> fronts = new ArrayList<>();
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (Map.Entry<String, List<double[]>> s : pts.entrySet()) {
                points.add(new Series(s.getKey(), s.getValue()));
                fronts.add(new Series(s.getKey(), paretoFront(s.getValue())));
                for (double[] p : s.getValue()) {
                    lo = Math.min(lo, p[1]);
                    hi = Math.max(hi, p[1]);
                }
            }
            String title = "ANN bench " + e.getKey();
            b.append("<h3>")
                    .append(Html.esc(title))
                    .append("</h3>\n<p class=\"meta\">")
                    .append(Html.esc(ts.get(0).datasetVersion()))
                    .append(" &middot; ")
                    .append(ts.size())
                    .append(" search settings &middot; run ")
                    .append(Html.esc(ts.get(0).runId()))
                    .append("</p>\n<div class=\"grid\">");
            b.append(
                    plots.add(
                            "ann-pareto",
                            ReportCharts.pareto(
                                    "recall@" + k + " vs queries/s",
                                    "recall@" + k,
                                    "queries/s",
                                    points,
                                    fronts,
                                    hi / Math.max(lo, 1e-9) > 20),
                            "Every search setting (dots) and the Pareto front "
                                    + "per engine (line): no other setting of that engine has both higher recall and higher throughput."));
            List<String> pcts = new ArrayList<>(new TreeSet<>(ts.stream()
                    .flatMap(t -> t.metrics().keySet().stream())
                    .filter(n -> PERCENTILE.matcher(n).matches())
                    .toList()));
            pcts.sort(Comparator.comparingDouble(
                    n -> Double.parseDouble(PERCENTILE.matcher(n).replaceAll("$1"))));
            if (!pcts.isEmpty()) {
                List<Integer> order = byRecall(ts, recall);
                List<String> cats = new ArrayList<>();
                double[][] vals = new double[pcts.size()][Math.min(order.size(), MAX_ROWS)];
                for (int c = 0; c < vals[0].length; c++) {
                    int i = order.get(c);
                    cats.add(pts.size() > 1 ? series.get(i) + " " + settings.get(i) : settings.get(i));
                    for (int p = 0; p < pcts.size(); p++) {
                        Double v = ts.get(i).metric(pcts.get(p));
                        vals[p][c] = v == null ? Double.NaN : v;
                    }
                }
                b.append(
                        plots.add(
                                "ann-latency",
                                ReportCharts.bars(
                                        "Latency percentiles per setting",
                                        "ms per query",
                                        pcts.stream()
                                                .map(n -> n.replace("_ms", ""))
                                                .toList(),
                                        cats,
                                        vals),
                                "Per-query latency percentiles (HdrHistogram merged over partitions), settings by recall, best first."));
            }
            b.append("</div>\n");
            List<List<String>> rows = new ArrayList<>();
            for (int i : byRecall(ts, recall)) {
                Trial t = ts.get(i);
                rows.add(List.of(
                        series.get(i),
                        settings.get(i),
                        Html.num(t.metric(recall)),
                        Html.num(t.metric("qps")),
                        Html.num(t.metric("p50_ms")),
                        Html.num(t.metric("p99_ms")),
                        Html.num(t.metric("build_s")),
                        Html.bytes(t.metric("bytes"))));
            }
            b.append(Html.table(
                    List.of(
                            "engine",
                            "setting",
                            "recall@" + k,
                            "queries/s",
                            "p50 ms",
                            "p99 ms",
                            "build s",
                            "index bytes"),
                    rows,
                    Set.of(2, 3, 4, 5, 6, 7)));
        }
        return b.toString();
    }

    private static String recallName(Trial t) {
        if (t.metrics().containsKey("recall_at_10")) {
            return "recall_at_10";
        }
        return t.metrics().keySet().stream()
                .filter(n -> RECALL.matcher(n).matches())
                .findFirst()
                .orElse(null);
    }

    private static Map<String, String> engineLeaves(Map<String, String> l) {
        Map<String, String> out = new LinkedHashMap<>();
        l.forEach((k, v) -> {
            String n = Html.leafName(k);
            if (n.equals("engine") || n.equals("shards") || n.equals("sharding")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, String> withoutEngine(Map<String, String> l) {
        Map<String, String> out = new LinkedHashMap<>(l);
        out.keySet().removeIf(k -> Html.leafName(k).equals("engine"));
        return out;
    }

    private static List<Integer> byRecall(List<Trial> ts, String recall) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -ts.get(i).metric(recall))
                .thenComparingDouble(i -> -ts.get(i).metric("qps")));
        return order;
    }

    /** The points no other point beats on both coordinates (higher is better for both), by increasing x. */
    static List<double[]> paretoFront(List<double[]> points) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble((double[] p) -> -p[0]).thenComparingDouble(p -> -p[1]));
        List<double[]> front = new ArrayList<>();
        double bestY = Double.NEGATIVE_INFINITY;
        for (double[] p : sorted) {
            if (p[1] > bestY) {
                front.add(p);
                bestY = p[1];
            }
        }
        front.sort(Comparator.comparingDouble(p -> p[0]));
        return front;
    }

    // ---------------------------------------------------------------- leaderboards

    /**
     * One leaderboard per benchmark (except ANN), dataset and quality metric (test_ metrics when the benchmark has them),
     * over finished trials on test seeds (or seed role none): configurations (params without the seed) by mean, with the
     * standard deviation over seeds as error bars.
     */
    static String leaderboards(ReportData data, ReportPage.Plots plots) {
        Map<String, List<Trial>> groups = new TreeMap<>();
        for (Trial t : data.trials) {
            if (!t.benchmark().startsWith("ann")
                    && t.finished()
                    && t.seedRole() != null
                    && (t.seedRole().equalsIgnoreCase("test") || t.seedRole().equalsIgnoreCase("none"))) {
                groups.computeIfAbsent(
                                t.benchmark() + "\u0000" + (t.datasetVersion() == null ? "" : t.datasetVersion()),
                                k -> new ArrayList<>())
                        .add(t);
            }
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<Trial>> g : groups.entrySet()) {
            List<Trial> ts = g.getValue();
            List<String> metrics = leaderboardMetrics(ts);
            if (metrics.isEmpty()) {
                continue;
            }
            String bench = ts.get(0).benchmark();
            Map<String, List<Trial>> byConfig = new LinkedHashMap<>();
            for (Trial t : ts) {
                byConfig.computeIfAbsent(withoutSeed(t), k -> new ArrayList<>()).add(t);
            }
            List<String> keys = new ArrayList<>(byConfig.keySet());
            List<String> labels = Html.distinguishingLabels(
                    keys.stream()
                            .map(k -> Html.leaves(byConfig.get(k).get(0).params()))
                            .toList(),
                    Set.of("model"),
                    Set.of("seed"));
            b.append("<h3>")
                    .append(Html.esc(bench))
                    .append(" leaderboard</h3>\n<p class=\"meta\">dataset ")
                    .append(Html.esc(ts.get(0).datasetVersion()))
                    .append(" &middot; ")
                    .append(byConfig.size())
                    .append(" configurations, ")
                    .append(ts.size())
                    .append(" test-seed trials</p>\n<div class=\"grid\">");
            StringBuilder tables = new StringBuilder();
            for (String metric : metrics) {
                List<Stat> stats = new ArrayList<>();
                List<List<String>> rows = new ArrayList<>();
                List<Object[]> ranked = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    List<Double> vs = byConfig.get(keys.get(i)).stream()
                            .map(t -> t.metric(metric))
                            .filter(v -> v != null)
                            .toList();
                    if (!vs.isEmpty()) {
                        double[] ms = Html.meanStd(vs);
                        ranked.add(new Object[] {labels.get(i), ms[0], ms[1], vs.size()});
                    }
                }
                boolean lower = lowerIsBetter(metric);
                ranked.sort(Comparator.comparingDouble(o -> lower ? (double) o[1] : -(double) o[1]));
                for (Object[] o : ranked.subList(0, Math.min(MAX_ROWS, ranked.size()))) {
                    stats.add(new Stat(o[0] + " (n=" + o[3] + ")", (double) o[1], (double) o[2]));
                    rows.add(List.of(
                            String.valueOf(rows.size() + 1),
                            (String) o[0],
                            Html.num((double) o[1]),
                            (int) o[3] > 1 ? Html.num((double) o[2]) : "\u2013",
                            String.valueOf(o[3])));
                }
                if (stats.isEmpty()) {
                    continue;
                }
                b.append(plots.add(
                        "leaderboard",
                        ReportCharts.errorBars(
                                bench + ": " + metric + (lower ? " (lower is better)" : " (higher is better)"),
                                metric,
                                stats),
                        "Mean \u00b1 standard deviation over test seeds (none with one " + "seed), best first.",
                        Math.max(ReportPage.HEIGHT, 110 + 34 * stats.size())));
                tables.append("<h4>")
                        .append(Html.esc(metric))
                        .append("</h4>")
                        .append(Html.table(
                                List.of("rank", "configuration", metric + " mean", "std", "seeds"),
                                rows,
                                Set.of(0, 2, 3, 4)));
            }
            b.append("</div>\n").append(tables);
        }
        return b.toString();
    }

    /** The quality metrics of a leaderboard: test_ ones when there are any; at most 3, the usual headline ones first. */
    static List<String> leaderboardMetrics(List<Trial> ts) {
        Set<String> names = new TreeSet<>();
        ts.forEach(t -> names.addAll(t.metrics().keySet()));
        List<String> q =
                names.stream().filter(n -> QUALITY.matcher(n).matches()).toList();
        if (q.stream().anyMatch(n -> n.startsWith("test_"))) {
            q = q.stream().filter(n -> n.startsWith("test_")).toList();
        }
        List<String> pref = List.of("auc", "ndcg_at_10", "score", "objective", "logloss", "recall_at_10", "map_at_10");
        List<String> out = new ArrayList<>(q);
        out.sort(Comparator.comparingInt((String n) -> {
                    int i = pref.indexOf(n.replaceFirst("^test_", ""));
                    return i < 0 ? pref.size() : i;
                })
                .thenComparing(n -> n));
        return out.subList(0, Math.min(3, out.size()));
    }

    private static String withoutSeed(Trial t) {
        Map<String, String> l = new TreeMap<>(Html.leaves(t.params()));
        l.keySet().removeIf(k -> Html.leafName(k).equals("seed"));
        return l.toString();
    }

    // ---------------------------------------------------------------- cost growth

    /**
     * Cost growth: for every benchmark whose trials vary a size parameter (n, rows, vectors, *_rows, *_size, ...) over at
     * least 3 values, each cost metric (*_s, *_ms, bytes, *_bytes, *_mb, peak_heap*) against that size on log-log axes,
     * one line per configuration of the other parameters.
     */
    static String costGrowth(ReportData data, ReportPage.Plots plots) {
        Map<String, List<Trial>> byBench = new TreeMap<>();
        for (Trial t : data.trials) {
            if (t.finished()) {
                byBench.computeIfAbsent(t.benchmark(), k -> new ArrayList<>()).add(t);
            }
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<Trial>> e : byBench.entrySet()) {
            List<Trial> ts = e.getValue();
            String sizeKey = sizeKey(ts);
            if (sizeKey == null) {
                continue;
            }
            Set<String> costs = new TreeSet<>();
            ts.forEach(t -> t.metrics().keySet().stream()
                    .filter(n -> COST.matcher(n).matches())
                    .forEach(costs::add));
            if (costs.isEmpty()) {
                continue;
            }
            List<Map<String, String>> others = ts.stream()
                    .map(t -> {
                        Map<String, String> l = new LinkedHashMap<>(Html.leaves(t.params()));
                        l.remove(sizeKey);
                        return l;
                    })
                    .toList();
            List<String> labels = Html.distinguishingLabels(others, Set.of(), Set.of("seed"));
            b.append("<h3>")
                    .append(Html.esc(e.getKey()))
                    .append(": cost against ")
                    .append(Html.esc(sizeKey))
                    .append("</h3>\n<div class=\"grid\">");
            int shown = 0;
            for (String cost : costs) {
                Map<String, TreeMap<Double, List<Double>>> lines = new TreeMap<>();
                for (int i = 0; i < ts.size(); i++) {
                    Double size = number(Html.leaves(ts.get(i).params()).get(sizeKey));
                    Double v = ts.get(i).metric(cost);
                    if (size != null && size > 0 && v != null && v > 0) {
                        lines.computeIfAbsent(labels.get(i), k -> new TreeMap<>())
                                .computeIfAbsent(size, k -> new ArrayList<>())
                                .add(v);
                    }
                }
                List<Series> series = new ArrayList<>();
                lines.forEach((label, bySize) -> {
                    if (bySize.size() >= 2) {
                        List<double[]> pts = new ArrayList<>();
                        bySize.forEach((s, vs) -> pts.add(new double[] {s, Html.meanStd(vs)[0]}));
                        series.add(new Series(label, pts));
                    }
                });
                if (series.isEmpty() || shown >= 6) {
                    continue;
                }
                shown++;
                b.append(plots.add(
                        "cost-growth",
                        ReportCharts.logLog(
                                cost + " against " + Html.leafName(sizeKey), Html.leafName(sizeKey), cost, series),
                        "Log-log: a slope of 1 is linear growth (mean over repeats)."));
            }
            b.append("</div>\n");
        }
        return b.toString();
    }

    /** The size parameter (flattened path) that takes at least 3 distinct positive values in a benchmark, or null. */
    private static String sizeKey(List<Trial> ts) {
        Map<String, Set<Double>> values = new TreeMap<>();
        for (Trial t : ts) {
            Html.leaves(t.params()).forEach((k, v) -> {
                Double d = number(v);
                if (d != null && d > 0 && SIZE.matcher(Html.leafName(k)).matches()) {
                    values.computeIfAbsent(k, x -> new TreeSet<>()).add(d);
                }
            });
        }
        return values.entrySet().stream()
                .filter(e -> e.getValue().size() >= 3)
                .max(Comparator.comparingInt(e -> e.getValue().size()))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private static Double number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
