package dev.sweeplake.jobs.sweep;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the warehouse already knows, read once when a sweep starts through the {@link TrialLedger} port: every finished (COMPLETED or REUSED) trial of the
 * objective with its metric values and the studies that hold it, and the highest attempt number of every trial id. The
 * sweep loop updates it as trials finish. A trial id in the ledger is never run again: in the same study it is skipped
 * (resume), in another study its result is reused and recorded as REUSED.
 *
 * <p>Not thread-safe: owned by the sweep's driver loop.
 */
final class Ledger {
    /**
     * A finished trial. {@code runId} says which run computed or reused it; {@code earlier} whether it was read from the
     * warehouse when the sweep started (a resume skips it) rather than finished by this execution (a twin reuses it).
     */
    record Entry(String trialId, Map<String, Double> metrics, Set<String> studies, String runId, boolean earlier) {}

    private final Map<String, Entry> done = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();

    static Ledger empty() {
        return new Ledger();
    }

    /** Adds a finished trial read from the warehouse: a resume in one of {@code studyId}'s studies skips it. */
    void earlierFinished(String trialId, String studyId, String runId, Map<String, Double> metrics) {
        Entry e = done.computeIfAbsent(trialId, k -> new Entry(k, new HashMap<>(), new HashSet<>(), runId, true));
        e.studies().add(studyId);
        e.metrics().putAll(metrics);
    }

    Entry get(String trialId) {
        return done.get(trialId);
    }

    /** The attempt number a new run of this trial gets. */
    int nextAttempt(String trialId) {
        return attempts.getOrDefault(trialId, 0) + 1;
    }

    void finished(String trialId, String studyId, Map<String, Double> metrics, String runId) {
        Entry e =
                done.computeIfAbsent(trialId, k -> new Entry(k, new HashMap<>(metrics), new HashSet<>(), runId, false));
        e.studies().add(studyId);
        attempts.merge(trialId, 1, Math::max);
    }

    void attempted(String trialId, int attempt) {
        attempts.merge(trialId, attempt, Math::max);
    }

    int size() {
        return done.size();
    }
}
