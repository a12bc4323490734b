package dev.sweeplake.jobs.util;

import java.util.Locale;

/**
 * A progress line for long work: phase, done/total, rate, ETA, and an optional "best so far". Prints at most every
 * {@code intervalMillis} and always at the end. Thread-safe.
 */
public final class Progress {
    private final Console console;
    private final String phase;
    private final long total;
    private final String unit;
    private final long intervalMillis;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastPrint;
    private String note = "";

    public Progress(Console console, String phase, long total, String unit) {
        this(console, phase, total, unit, 2000);
    }

    public Progress(Console console, String phase, long total, String unit, long intervalMillis) {
        this.console = console;
        this.phase = phase;
        this.total = total;
        this.unit = unit;
        this.intervalMillis = intervalMillis;
        this.lastPrint = System.currentTimeMillis();
    }

    /** Adds {@code n} units of finished work. */
    public synchronized void advance(long n) {
        done += n;
        long now = System.currentTimeMillis();
        if (now - lastPrint >= intervalMillis || done >= total) {
            lastPrint = now;
            console.progress(line());
        }
    }

    /** A short note shown at the end of the line, e.g. "best recall 0.981". */
    public synchronized void note(String text) {
        this.note = text == null ? "" : text;
    }

    /** Prints the final line. */
    public synchronized void finish() {
        console.progress(line());
    }

    synchronized String line() {
        double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        double rate = done / secs;
        String eta = total > 0 && done > 0 && done < total ? formatSeconds((total - done) / rate) : "-";
        String pct = total > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * done / total) : "";
        return String.format(
                Locale.ROOT,
                "[%s] %d/%d %s%s, %.1f %s/s, elapsed %s, ETA %s%s",
                phase,
                done,
                total,
                unit,
                pct,
                rate,
                unit,
                formatSeconds(secs),
                eta,
                note.isEmpty() ? "" : ", " + note);
    }

    public static String formatSeconds(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        long t = Math.round(s);
        return t < 3600
                ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60)
                : String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60);
    }
}
