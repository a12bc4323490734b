package dev.sweeplake.jobs.ann;

/** What a job does with a bad input row (null id, wrong dimension, NaN/Inf). */
public enum BadRowPolicy {
    /** Stop with an error naming the row (the default). */
    FAIL,
    /** Leave the row out and report how many were skipped (metric {@code skipped_rows}). */
    SKIP
}
