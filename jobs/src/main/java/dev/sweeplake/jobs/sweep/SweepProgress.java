package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.util.Console;
import java.util.Locale;

/**
 * The sweep's console line: phase, done / running / failed / total, trials per minute, ETA and best so far. Printed at
 * most every {@code intervalMillis} and at the end of each arm. Not thread-safe: called from the sweep loop only.
 */
final class SweepProgress {
    private final Console console;
    private final long intervalMillis;
    private final long start = System.nanoTime();
    private long lastPrint;
    private String phase = "";
    private long done;
    private long reused;
    private long failed;
    private long total;
    private String best = "";

    SweepProgress(Console console, long intervalMillis) {
        this.console = console;
        this.intervalMillis = intervalMillis;
    }

    void phase(String phase, long total) {
        this.phase = phase;
        this.total = total;
    }

    void update(long done, long reused, long failed, int running, String best) {
        this.done = done;
        this.reused = reused;
        this.failed = failed;
        this.best = best == null ? "" : best;
        long now = System.currentTimeMillis();
        if (now - lastPrint >= intervalMillis) {
            lastPrint = now;
            console.progress(line(running));
        }
    }

    void flush(int running) {
        lastPrint = System.currentTimeMillis();
        console.progress(line(running));
    }

    String line(int running) {
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        long finished = done + failed;
        double perMin = finished * 60.0 / secs;
        long left = Math.max(0, total - finished);
        String eta = finished > 0 && left > 0 ? fmt(left / (finished / secs)) : "-";
        return String.format(
                Locale.ROOT,
                "[sweep %s] done %d (reused %d) / running %d / failed %d / total ~%d, %.1f trials/min, "
                        + "elapsed %s, ETA %s%s",
                phase,
                done,
                reused,
                running,
                failed,
                Math.max(total, finished + running),
                perMin,
                fmt(secs),
                eta,
                best.isEmpty() ? "" : ", best " + best);
    }

    private static String fmt(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        long t = Math.round(s);
        return t < 3600
                ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60)
                : String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60);
    }
}
