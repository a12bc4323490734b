package dev.sweeplake.jobs.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One trial attempt as written to the {@code trials} table, with its metric values for the {@code metrics} table. Build it
 * with {@link #builder}; {@code studyId}, {@code trialId}, {@code benchmark} and {@code state} are required.
 */
public record TrialRecord(
        String studyId,
        String trialId,
        int attempt,
        String benchmark,
        String paramsJson,
        Long seed,
        SeedRole seedRole,
        Double fidelity,
        String datasetVersion,
        TrialState state,
        String reusedFrom,
        Instant startedAt,
        Instant endedAt,
        String error,
        String executor,
        List<MetricValue> metrics) {

    /** Whether a seed was used for tuning or for the final (test) measurement. */
    public enum SeedRole {
        TUNE,
        TEST,
        NONE
    }

    /** A trial attempt's outcome. */
    public enum TrialState {
        COMPLETED,
        FAILED,
        REUSED,
        PRUNED,
        TIMED_OUT
    }

    public TrialRecord {
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(trialId, "trialId");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(state, "state");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
        seedRole = seedRole == null ? SeedRole.NONE : seedRole;
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    public Double durationSeconds() {
        return startedAt == null || endedAt == null
                ? null
                : (endedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }

    public static Builder builder(String studyId, String trialId, String benchmark) {
        return new Builder(studyId, trialId, benchmark);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final String studyId;
        private final String trialId;
        private final String benchmark;
        private int attempt = 1;
        private String paramsJson;
        private Long seed;
        private SeedRole seedRole = SeedRole.NONE;
        private Double fidelity;
        private String datasetVersion;
        private TrialState state = TrialState.COMPLETED;
        private String reusedFrom;
        private Instant startedAt;
        private Instant endedAt;
        private String error;
        private String executor;
        private List<MetricValue> metrics = List.of();

        private Builder(String studyId, String trialId, String benchmark) {
            this.studyId = studyId;
            this.trialId = trialId;
            this.benchmark = benchmark;
        }

        public Builder attempt(int v) {
            this.attempt = v;
            return this;
        }

        public Builder paramsJson(String v) {
            this.paramsJson = v;
            return this;
        }

        public Builder seed(Long v) {
            this.seed = v;
            return this;
        }

        public Builder seedRole(SeedRole v) {
            this.seedRole = v;
            return this;
        }

        public Builder fidelity(Double v) {
            this.fidelity = v;
            return this;
        }

        public Builder datasetVersion(String v) {
            this.datasetVersion = v;
            return this;
        }

        public Builder state(TrialState v) {
            this.state = v;
            return this;
        }

        public Builder reusedFrom(String v) {
            this.reusedFrom = v;
            return this;
        }

        public Builder startedAt(Instant v) {
            this.startedAt = v;
            return this;
        }

        public Builder endedAt(Instant v) {
            this.endedAt = v;
            return this;
        }

        public Builder error(String v) {
            this.error = v;
            return this;
        }

        public Builder executor(String v) {
            this.executor = v;
            return this;
        }

        public Builder metrics(List<MetricValue> v) {
            this.metrics = v;
            return this;
        }

        public TrialRecord build() {
            return new TrialRecord(
                    studyId,
                    trialId,
                    attempt,
                    benchmark,
                    paramsJson,
                    seed,
                    seedRole,
                    fidelity,
                    datasetVersion,
                    state,
                    reusedFrom,
                    startedAt,
                    endedAt,
                    error,
                    executor,
                    metrics);
        }
    }
}
