package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.store.MetricsStore;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.TrialRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers finished trials and writes them to Delta in batches from a background thread: each batch is two insert-only
 * MERGEs (metrics, then trials), which cost about a second each locally whatever their size, so batching is what keeps
 * the driver's overhead per trial small. A batch is written when {@code maxBuffered} trials wait or {@code intervalS}
 * after the previous write, and at {@link #close}. A trial row is written only with (after) its metrics, so a driver
 * killed mid-write leaves at worst metrics without a trial row, which a resumed sweep re-runs under the same key without
 * duplicating anything.
 *
 * <p>Thread-safe; the first write error is rethrown by the next {@link #add} or by {@link #close}.
 */
final class TrialRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrialRecorder.class);
    private final MetricsStore store;
    private final RunHandle run;
    private final long intervalNanos;
    private final int maxBuffered;
    private final List<TrialRecord> buffer = new ArrayList<>();
    private final Thread writer;
    private volatile boolean closing;
    private RuntimeException failure;
    private long written;
    private long batches;
    private double writeSeconds;

    TrialRecorder(MetricsStore store, RunHandle run, double intervalS, int maxBuffered) {
        this.store = store;
        this.run = run;
        this.intervalNanos = (long) (intervalS * 1e9);
        this.maxBuffered = maxBuffered;
        this.writer = new Thread(this::loop, "sweep-trial-recorder");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    synchronized void add(TrialRecord r) {
        if (failure != null) {
            throw failure;
        }
        buffer.add(r);
        if (buffer.size() >= maxBuffered) {
            notifyAll();
        }
    }

    private void loop() {
        long last = System.nanoTime();
        while (true) {
            List<TrialRecord> batch;
            synchronized (this) {
                while (!closing && buffer.size() < maxBuffered && System.nanoTime() - last < intervalNanos) {
                    long waitMs =
                            Math.max(1, TimeUnit.NANOSECONDS.toMillis(intervalNanos - (System.nanoTime() - last)));
                    try {
                        wait(waitMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                batch = new ArrayList<>(buffer);
                buffer.clear();
            }
            if (!batch.isEmpty()) {
                write(batch);
            }
            last = System.nanoTime();
            if (closing) {
                synchronized (this) {
                    if (buffer.isEmpty()) {
                        return;
                    }
                }
            }
        }
    }

    private void write(List<TrialRecord> batch) {
        long t0 = System.nanoTime();
        try {
            store.recordTrials(run, batch);
            synchronized (this) {
                written += batch.size();
                batches++;
                writeSeconds += (System.nanoTime() - t0) / 1e9;
            }
            LOG.debug("wrote {} trials in {} s", batch.size(), (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            synchronized (this) {
                if (failure == null) {
                    failure = e;
                }
            }
            LOG.error("writing {} trials failed", batch.size(), e);
        }
    }

    synchronized long written() {
        return written;
    }

    synchronized long batches() {
        return batches;
    }

    synchronized double writeSeconds() {
        return writeSeconds;
    }

    /** Writes what is buffered and stops the writer; rethrows a write error. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
