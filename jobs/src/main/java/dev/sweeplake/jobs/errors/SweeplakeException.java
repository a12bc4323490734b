package dev.sweeplake.jobs.errors;

import java.util.Objects;

/**
 * The one exception family of the jobs module: a one-line message for the user plus the {@link ExitCode} it maps to.
 * Create them through {@link SweeplakeErrors} ({@code SweeplakeErrors.input("...")}), or subclass for a type callers
 * catch ({@code ConfigException}, {@code WarehouseException}).
 *
 * <p>Executor side: {@link #toString()} starts with a stable tag, {@code sweeplake-error[INPUT]}, so that when a task throws
 * one, the driver recognises it even in the text Spark builds from the task's failure ({@link SweeplakeErrors#fromTask}).
 * The message itself carries no tag. Immutable and serializable.
 */
public class SweeplakeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The prefix of {@link #toString()}: {@code sweeplake-error[KIND] message}. */
    public static final String TAG = "sweeplake-error";

    private final ExitCode exitCode;

    public SweeplakeException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    public SweeplakeException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    /** What kind of error this is, and the process exit status for it. */
    public final ExitCode exitCode() {
        return exitCode;
    }

    @Override
    public String toString() {
        return TAG + "[" + exitCode.name() + "] " + getMessage();
    }
}
