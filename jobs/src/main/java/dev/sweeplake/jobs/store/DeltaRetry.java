package dev.sweeplake.jobs.store;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a Delta write that lost an optimistic-concurrency race to another writer (Delta's
 * {@code DeltaConcurrentModificationException} family: concurrent append, delete, metadata or protocol change, or a commit
 * file another writer created first). The write is re-run from the start, so it sees what the winner committed; an
 * insert-only MERGE then inserts only what is still missing. Backoff: exponential with jitter, 50 ms up to 2 s, at most
 * {@link #MAX_ATTEMPTS} attempts. Stateless and thread-safe.
 */
final class DeltaRetry {
    private static final Logger LOG = LoggerFactory.getLogger(DeltaRetry.class);
    static final int MAX_ATTEMPTS = 40;

    private DeltaRetry() {}

    /** Runs {@code body}, retrying it while it fails with a concurrent-modification conflict. */
    static <T> T retrying(String what, Supplier<T> body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return body.get();
            } catch (Exception e) { // Delta/Spark throw checked exceptions undeclared
                if (!isConflict(e) || attempt >= MAX_ATTEMPTS) {
                    throw DeltaRetry.<RuntimeException>sneaky(e);
                }
                LOG.info("{}: concurrent writer won (attempt {}), retrying: {}", what, attempt, firstLine(e));
                backoff(attempt);
            }
        }
    }

    /** Whether an error is a lost race with another writer that a retry resolves. */
    static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DeltaConcurrentModificationException
                    || t instanceof java.nio.file.FileAlreadyExistsException
                    || t instanceof org.apache.hadoop.fs.FileAlreadyExistsException) {
                return true;
            }
        }
        return false;
    }

    static void backoff(int attempt) {
        long cap = Math.min(2000, 50L << Math.min(attempt, 6));
        try {
            Thread.sleep(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a Delta write", ie);
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return String.format(Locale.ROOT, "%s", nl < 0 ? m : m.substring(0, nl));
    }

    @SuppressWarnings("unchecked")
    static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }
}
