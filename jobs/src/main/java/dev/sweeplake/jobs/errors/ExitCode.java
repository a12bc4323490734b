package dev.sweeplake.jobs.errors;

/**
 * The documented exit codes of {@code sweeplake}. Every {@link SweeplakeException} carries one; {@code cli/Main} maps an
 * error to its code in one place ({@link SweeplakeErrors#exitCode}).
 */
public enum ExitCode {
    /** The job failed (a bug, a cluster failure, a sweep over its failure limit). */
    JOB(1),
    /** Bad command line: unknown option or command, malformed {@code --set}. */
    USAGE(2),
    /** Bad configuration: a config key missing, unknown, of the wrong type or out of range; a conflicting run key. */
    CONFIG(3),
    /** Bad input data or parameter: a missing input, a bad row, a corrupt index. */
    INPUT(4),
    /** The warehouse cannot be reached, created or written, or holds something that is not a metrics table. */
    WAREHOUSE(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
