package dev.sweeplake.jobs.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Where a command's output goes. Text for people goes to {@code human}; with {@code --json} that is standard error so that
 * standard output holds exactly one JSON object (the last line) for Airflow and scripts. Progress lines always go to
 * standard error. Thread-safe (PrintStream is).
 */
public final class Console {
    private final PrintStream human;
    private final PrintStream machine;
    private final PrintStream progress;
    private final boolean json;

    public Console(PrintStream stdout, PrintStream stderr, boolean json) {
        this.human = json ? stderr : stdout;
        this.machine = stdout;
        this.progress = stderr;
        this.json = json;
    }

    /** A console that prints nothing (tests). */
    public static Console silent() {
        PrintStream nul = new PrintStream(java.io.OutputStream.nullOutputStream());
        return new Console(nul, nul, false);
    }

    public boolean json() {
        return json;
    }

    public void println(String line) {
        human.println(line);
    }

    public void printf(String format, Object... args) {
        human.print(String.format(Locale.ROOT, format, args));
    }

    public void progress(String line) {
        progress.println(line);
        progress.flush();
    }

    /** Prints the final JSON object on its own line (only with --json). */
    public void result(String jsonLine) {
        if (json) {
            machine.println(jsonLine);
            machine.flush();
        }
    }
}
