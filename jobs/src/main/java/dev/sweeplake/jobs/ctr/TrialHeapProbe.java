package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.train.TrainingFootprint;
import dev.sweeplake.ctr.train.TrainingListener;
import dev.sweeplake.jobs.util.HeapHistogram;
import dev.sweeplake.jobs.util.HeapWatermark;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lib-ctr trial's own live heap: the heap in use after a full GC at the training's steady state (after the first
 * epoch's steps: data, parameters, Adam's moments, gradient buffers, workspaces and the best-epoch snapshot all
 * referenced; {@link TrainingListener#afterFirstEpochSteps}) minus the heap in use after a full GC before the trial
 * read its data (less the encoded splits already cached in this JVM, which count for the trial too). So it covers what
 * the trial holds in steady state and nothing of the rest of the JVM (Spark's driver and executor, the broadcast
 * feature processor, caches), and not the transient peak of reading and encoding the splits (the JVM-wide
 * {@code peak_heap_bytes} covers that).
 *
 * <p>The figure is only taken when the trial had its JVM to itself from the baseline to the steady state (no other
 * trial task started, ran or ended in this JVM meanwhile: with {@code parallel_trials > 1} in local mode, or several
 * task slots per executor, trials overlap and one's live heap would include the others'); otherwise it is reported as
 * absent and neither full GC is forced.
 *
 * <p>With the system property {@value #HISTOGRAM_PROPERTY}{@code =true} the probe also takes a class histogram of the
 * live heap at both points and logs the classes that grew most (a diagnostic: each histogram is one more full GC).
 *
 * <p>Thread-safety: one probe per trial task, used by that task's thread (the trainer calls the listener on it); the
 * JVM-wide trial counters are atomic.
 */
final class TrialHeapProbe implements TrainingListener {
    /** System property: log what the trial left live (class histograms at the baseline and the steady state). */
    static final String HISTOGRAM_PROPERTY = "sweeplake.ctr.heap_histogram";

    private static final Logger LOG = LoggerFactory.getLogger(TrialHeapProbe.class);
    private static final AtomicInteger RUNNING = new AtomicInteger();
    /** Trial starts and ends in this JVM: unchanged between baseline and probe means no other trial came or went. */
    private static final AtomicLong EVENTS = new AtomicLong();

    private long baseline = -1;
    private long eventsAtBaseline;
    private long live = -1;
    private TrainingFootprint footprint;
    private boolean exited;
    private HeapHistogram histogramAtBaseline;

    private TrialHeapProbe() {}

    /** Registers a trial starting in this JVM; call {@link #exit} when it ends. */
    static TrialHeapProbe enter() {
        RUNNING.incrementAndGet();
        EVENTS.incrementAndGet();
        return new TrialHeapProbe();
    }

    /**
     * Takes the baseline before the trial's data is read, if the trial is alone in this JVM.
     *
     * @param cachedBytes heap occupied by encoded splits already cached in this JVM (their arrays, humongous ones as
     *     whole G1 regions, {@code HeapFootprint}: a live-heap reading includes those regions; they stay live and count for the
     *     trial if it uses them; if it replaces them they are dropped)
     */
    void baseline(long cachedBytes) {
        eventsAtBaseline = EVENTS.get();
        if (RUNNING.get() == 1) {
            baseline = HeapWatermark.liveAfterGcBytes() - cachedBytes;
            if (Boolean.getBoolean(HISTOGRAM_PROPERTY)) {
                histogramAtBaseline = HeapHistogram.take();
            }
        }
    }

    @Override
    public void afterFirstEpochSteps(TrainingFootprint fp) {
        footprint = fp;
        if (baseline >= 0 && alone()) {
            long now = HeapWatermark.liveAfterGcBytes();
            if (alone()) {
                live = now;
                logHistogram();
            }
        }
    }

    private void logHistogram() {
        HeapHistogram after = histogramAtBaseline == null ? null : HeapHistogram.take();
        if (after != null) {
            LOG.info(
                    "trial heap: live objects {} MB at the baseline, {} MB at the steady state; grown most:\n  {}",
                    histogramAtBaseline.totalBytes() / 1_000_000,
                    after.totalBytes() / 1_000_000,
                    String.join("\n  ", after.grownSince(histogramAtBaseline, 15)));
        }
    }

    private boolean alone() {
        return RUNNING.get() == 1 && EVENTS.get() == eventsAtBaseline;
    }

    /** The trial's live heap in steady state, or -1 when it was not measured (not alone, or no epoch trained). */
    long trialHeapBytes() {
        return live < 0 ? -1 : live - baseline;
    }

    /** The trainer's footprint at the steady state, or null when training did not get there. */
    TrainingFootprint footprint() {
        return footprint;
    }

    /** Unregisters the trial (idempotent). */
    void exit() {
        if (!exited) {
            exited = true;
            RUNNING.decrementAndGet();
            EVENTS.incrementAndGet();
        }
    }
}
