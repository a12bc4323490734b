package dev.sweeplake.jobs.errors;

import dev.sweeplake.ann.IndexFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;

/**
 * The jobs module's one error factory and the one place that maps any error to its one line and exit code.
 *
 * <ul>
 *   <li>Raise: {@code throw SweeplakeErrors.input("queries %s row %d: ...", path, row)} (and {@link #usage},
 *       {@link #config}, {@link #warehouse}, {@link #job}); messages are formatted with {@link Locale#ROOT}.</li>
 *   <li>Map: {@link #exitCode(Throwable)} and {@link #oneLine(Throwable)}, used by {@code cli/Main} and by the run
 *       lifecycle ({@code runs.error}).</li>
 *   <li>Executors: wrap a task body in {@link #inTask} (its input errors leave the task tagged) and the driver's action in
 *       {@link #fromTask} (a failed Spark job becomes the task's own error and exit code again).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class SweeplakeErrors {
    private static final Pattern TAGGED =
            Pattern.compile(Pattern.quote(SweeplakeException.TAG) + "\\[([A-Z]+)\\] ([^\\n]*)");
    private static final int MAX_CAUSES = 3;

    private SweeplakeErrors() {}

    /** A bad command line (exit 2). */
    public static SweeplakeException usage(String format, Object... args) {
        return new SweeplakeException(ExitCode.USAGE, fmt(format, args));
    }

    /** A configuration that cannot be used (exit 3). Config binding errors use {@code ConfigException}, a subclass. */
    public static SweeplakeException config(String format, Object... args) {
        return new SweeplakeException(ExitCode.CONFIG, fmt(format, args));
    }

    /** Bad input data or parameter (exit 4). */
    public static SweeplakeException input(String format, Object... args) {
        return new SweeplakeException(ExitCode.INPUT, fmt(format, args));
    }

    /** Bad input data with the exception that revealed it (its reason is kept in the one line). */
    public static SweeplakeException input(Throwable cause, String format, Object... args) {
        return new SweeplakeException(ExitCode.INPUT, fmt(format, args), cause);
    }

    /** A warehouse that cannot be used (exit 5). */
    public static SweeplakeException warehouse(Throwable cause, String format, Object... args) {
        return new SweeplakeException(ExitCode.WAREHOUSE, fmt(format, args), cause);
    }

    /** The job failed for a reason that is neither configuration nor input (exit 1). */
    public static SweeplakeException job(Throwable cause, String format, Object... args) {
        return new SweeplakeException(ExitCode.JOB, fmt(format, args), cause);
    }

    private static String fmt(String format, Object... args) {
        return args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    }

    /** The exit status for an error: its own code for the family, else 4 for input-like errors, else 1. */
    public static int exitCode(Throwable e) {
        return kind(e).code();
    }

    /** The kind of an error (see {@link #exitCode}). */
    public static ExitCode kind(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SweeplakeException s) {
                return s.exitCode();
            }
        }
        for (Throwable t = e; t != null; t = next(t)) {
            Matcher m = TAGGED.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return ExitCode.valueOf(m.group(1));
            }
        }
        Throwable top = e instanceof SparkException ? firstNonSpark(e) : e;
        if (top instanceof IllegalArgumentException
                || top instanceof UncheckedIOException
                || top instanceof IOException
                || top instanceof IndexFormatException) {
            return ExitCode.INPUT;
        }
        if (top instanceof AnalysisException a
                && a.getMessage() != null
                && (a.getMessage().contains("PATH_NOT_FOUND") || a.getMessage().contains("Path does not exist"))) {
            return ExitCode.INPUT;
        }
        return ExitCode.JOB;
    }

    /**
     * The one line a user sees for an error: the most telling message of the chain (an error of this family, else the
     * first that is not Spark's job-failure wrapper), followed by the reasons of its causes that it does not already say
     * (so a Hadoop {@code ChecksumException} under "reading FILE" stays visible). First lines only.
     */
    public static String oneLine(Throwable e) {
        Throwable start = mostTelling(e);
        Matcher tagged = TAGGED.matcher(start instanceof SweeplakeException ? "" : String.valueOf(start.getMessage()));
        if (tagged.find()) {
            return tagged.group(2).strip();
        }
        StringBuilder sb = new StringBuilder();
        String first = firstLine(start);
        sb.append(first != null ? first : start.getClass().getSimpleName());
        if (start instanceof SweeplakeException s && s.exitCode() == ExitCode.CONFIG) {
            return sb.toString(); // config messages are complete by construction
        }
        int added = 0;
        for (Throwable c = next(start); c != null && added < MAX_CAUSES; c = next(c)) {
            String m = firstLine(c);
            if (m == null || c instanceof SparkException || sb.indexOf(m) >= 0) {
                continue;
            }
            sb.append(": ").append(m);
            added++;
        }
        return sb.toString();
    }

    private static Throwable mostTelling(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SweeplakeException) {
                return t;
            }
        }
        Throwable t = e instanceof SparkException ? firstNonSpark(e) : e;
        // Skip wrappers without a message of their own (e.g. an ExecutionException around the real error).
        while (firstLine(t) == null && next(t) != null) {
            t = next(t);
        }
        return t;
    }

    private static Throwable firstNonSpark(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (!(t instanceof SparkException)) {
                return t;
            }
        }
        return e;
    }

    private static Throwable next(Throwable t) {
        Throwable c = t.getCause();
        return c == t ? null : c;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return null;
        }
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    /** A task body that can throw. */
    @FunctionalInterface
    public interface TaskBody<T> {
        T call() throws Exception;
    }

    /**
     * Runs a task body on an executor: input errors (an {@link IllegalArgumentException}, a corrupt index, an I/O error)
     * leave it as an input-kind {@link SweeplakeException} that keeps the original as its cause, so the driver finds the
     * kind in the cause or in the tag of Spark's failure text; anything else passes unchanged.
     */
    public static <T> T inTask(TaskBody<T> body) {
        try {
            return body.call();
        } catch (SweeplakeException e) {
            throw e;
        } catch (IllegalArgumentException | IndexFormatException | UncheckedIOException | IOException e) {
            throw new SweeplakeException(ExitCode.INPUT, oneLine(e), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new SweeplakeException(ExitCode.JOB, oneLine(e), e);
        }
    }

    /**
     * Runs a driver action that starts Spark jobs and turns a failed job back into the error its task threw, with that
     * error's kind: a {@link SweeplakeException} found in the cause chain or, where Spark only kept the text, by its tag;
     * an input-like exception of the chain (see {@link #inTask}) as input. Anything else is rethrown unchanged.
     */
    public static <T> T fromTask(Supplier<T> action) {
        try {
            return action.get();
        } catch (SweeplakeException e) {
            throw e;
        } catch (Exception e) { // SparkException is checked, and Scala code throws it undeclared
            if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
                throw e;
            }
            for (Throwable t = e; t != null; t = next(t)) {
                if (t instanceof SweeplakeException s) {
                    throw new SweeplakeException(s.exitCode(), oneLine(s), e);
                }
            }
            for (Throwable t = e; t != null; t = next(t)) {
                Matcher m = TAGGED.matcher(String.valueOf(t.getMessage()));
                if (m.find()) {
                    throw new SweeplakeException(
                            ExitCode.valueOf(m.group(1)), m.group(2).strip(), e);
                }
            }
            for (Throwable t = e; t != null; t = next(t)) {
                if (t instanceof IllegalArgumentException
                        || t instanceof IndexFormatException
                        || t instanceof UncheckedIOException) {
                    throw new SweeplakeException(ExitCode.INPUT, oneLine(t), e);
                }
            }
            throw SweeplakeErrors.<RuntimeException>sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }
}
