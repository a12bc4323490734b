package dev.sweeplake.jobs.util;

/** Turns exceptions into the one line a user sees. */
public final class Errors {
    private Errors() {}

    /** The one line a user sees for an error; see {@link dev.sweeplake.jobs.errors.SweeplakeErrors#oneLine}. */
    public static String oneLine(Throwable e) {
        return dev.sweeplake.jobs.errors.SweeplakeErrors.oneLine(e);
    }
}
