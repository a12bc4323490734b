package dev.sweeplake.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's plots: JFreeChart charts in one visual style, drawn to SVG text by JFreeSVG (so the HTML needs no script
 * and no network). Stateless; thread-safe (every call builds its own chart and canvas).
 */
final class ReportCharts {
    /** Colour-blind-safe palette (Okabe-Ito), one colour per series in order. */
    static final Color[] PALETTE = {
        new Color(0x0072B2),
        new Color(0xE69F00),
        new Color(0x009E73),
        new Color(0xD55E00),
        new Color(0xCC79A7),
        new Color(0x56B4E9),
        new Color(0xF0E442),
        new Color(0x000000)
    };

    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color INK = new Color(0x333333);
    private static final Font TITLE = new Font("SansSerif", Font.BOLD, 14);
    private static final Font LABEL = new Font("SansSerif", Font.PLAIN, 12);
    private static final Font TICK = new Font("SansSerif", Font.PLAIN, 11);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ReportCharts() {}

    /** A named series of (x, y) points. */
    record Series(String name, List<double[]> points) {
        Series {
            points = List.copyOf(points);
        }
    }

    /** One bar or error-bar entry: category, value, standard deviation (0 when unknown). */
    record Stat(String category, double mean, double std) {}

    /**
     * Scatter of every point of each series, with the line of its Pareto front (points no other point of the series beats
     * on both axes) in the same colour.
     */
    static JFreeChart pareto(
            String title, String xLabel, String yLabel, List<Series> points, List<Series> fronts, boolean logY) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : points) {
            data.addSeries(xy(s.name(), s.points()));
        }
        for (Series s : fronts) {
            data.addSeries(xy(s.name() + " (Pareto front)", s.points()));
        }
        JFreeChart chart = ChartFactory.createScatterPlot(title, xLabel, yLabel, data);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        for (int i = 0; i < points.size() + fronts.size(); i++) {
            boolean front = i >= points.size();
            Color c = PALETTE[(front ? i - points.size() : i) % PALETTE.length];
            r.setSeriesPaint(i, c);
            r.setSeriesLinesVisible(i, front);
            r.setSeriesShapesVisible(i, !front);
            r.setSeriesShape(i, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesVisibleInLegend(i, !front || fronts.size() <= 4);
        }
        plot.setRenderer(r);
        // Explicit ranges with a margin: JFreeChart's auto range around one point (or a few close ones) is unreadable.
        double x0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (Series s : points) {
            for (double[] p : s.points()) {
                x0 = Math.min(x0, p[0]);
                x1 = Math.max(x1, p[0]);
                y0 = Math.min(y0, p[1]);
                y1 = Math.max(y1, p[1]);
            }
        }
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        double px = Math.max(0.01, (x1 - x0) * 0.1);
        x.setRange(Math.max(0, x0 - px), Math.min(1.005, x1 + px));
        if (logY) {
            LogAxis y = new LogAxis(yLabel);
            y.setSmallestValue(1e-3);
            y.setRange(y0 / 1.5, y1 * 1.5);
            y.setNumberFormatOverride(
                    new java.text.DecimalFormat("#,##0.###", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
            plot.setRangeAxis(y);
        } else {
            double py = Math.max((y1 - y0) * 0.1, Math.abs(y1) * 0.05);
            plot.getRangeAxis().setRange(Math.max(0, y0 - py), y1 + py);
        }
        return style(chart);
    }

    /** Grouped bars: one group per category, one bar per series. */
    static JFreeChart bars(
            String title, String valueLabel, List<String> series, List<String> categories, double[][] values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int s = 0; s < series.size(); s++) {
            for (int c = 0; c < categories.size(); c++) {
                data.addValue(values[s][c], series.get(s), categories.get(c));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(
                title, null, valueLabel, data, PlotOrientation.VERTICAL, series.size() > 1, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.05);
        r.setMaximumBarWidth(0.12);
        for (int s = 0; s < series.size(); s++) {
            r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        }
        return style(chart);
    }

    /** Horizontal mean +- standard deviation error bars, one row per entry (best first, as given). */
    static JFreeChart errorBars(String title, String valueLabel, List<Stat> entries) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Stat e : entries) {
            data.add(e.mean(), e.std(), "mean \u00b1 std over test seeds", e.category());
        }
        CategoryAxis cat = new CategoryAxis(null);
        cat.setMaximumCategoryLabelWidthRatio(0.45f);
        NumberAxis val = new NumberAxis(valueLabel);
        val.setAutoRangeIncludesZero(false);
        StatisticalLineAndShapeRenderer r = new StatisticalLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, PALETTE[0]);
        r.setErrorIndicatorPaint(PALETTE[0]);
        r.setErrorIndicatorStroke(new BasicStroke(2f));
        r.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
        CategoryPlot plot = new CategoryPlot(data, cat, val, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        new StandardChartTheme("sweeplake").apply(chart);
        return style(chart);
    }

    /** Step lines (best so far): one per series. */
    static JFreeChart steps(String title, String xLabel, String yLabel, List<Series> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            data.addSeries(xy(s.name(), s.points()));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data);
        XYPlot plot = chart.getXYPlot();
        XYStepRenderer r = new XYStepRenderer();
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(2.2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
            r.setSeriesShapesVisible(i, true);
        }
        r.setDefaultShapesVisible(true);
        plot.setRenderer(r);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return style(chart);
    }

    /** Lines with points on log-log axes (cost growth against a size). */
    static JFreeChart logLog(String title, String xLabel, String yLabel, List<Series> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            data.addSeries(xy(s.name(), s.points()));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        plot.setRenderer(r);
        plot.setDomainAxis(log(xLabel));
        plot.setRangeAxis(log(yLabel));
        return style(chart);
    }

    /** The chart as an {@code <svg>} element scaled by CSS (viewBox), its ids prefixed by {@code id}. */
    static String svg(JFreeChart chart, String id, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id + "-");
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
    }

    private static LogAxis log(String label) {
        LogAxis a = new LogAxis(label);
        a.setSmallestValue(1e-9);
        a.setBase(10);
        a.setNumberFormatOverride(
                new java.text.DecimalFormat("0.###E0", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
        return a;
    }

    private static XYSeries xy(String name, List<double[]> points) {
        XYSeries s = new XYSeries(name, false, true);
        for (double[] p : points) {
            s.add(p[0], p[1]);
        }
        return s;
    }

    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setPadding(new RectangleInsets(6, 6, 6, 12));
        TextTitle t = chart.getTitle();
        if (t != null) {
            t.setFont(TITLE);
            t.setPaint(INK);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(LABEL);
            chart.getLegend().setFrame(new org.jfree.chart.block.BlockBorder(Color.WHITE));
        }
        if (chart.getPlot() instanceof XYPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(GRID);
            p.setRangeGridlinePaint(GRID);
            p.setOutlineVisible(false);
            axis(p.getDomainAxis());
            axis(p.getRangeAxis());
        } else if (chart.getPlot() instanceof CategoryPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setRangeGridlinePaint(GRID);
            p.setDomainGridlinesVisible(false);
            p.setOutlineVisible(false);
            p.getDomainAxis().setLabelFont(LABEL);
            p.getDomainAxis().setTickLabelFont(TICK);
            p.getDomainAxis().setTickLabelPaint(INK);
            axis(p.getRangeAxis());
        }
        return chart;
    }

    private static void axis(ValueAxis a) {
        a.setLabelFont(LABEL);
        a.setLabelPaint(INK);
        a.setTickLabelFont(TICK);
        a.setTickLabelPaint(INK);
    }
}
