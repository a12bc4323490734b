package dev.sweeplake.jobs.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * Which part of the warehouse a report shows: everything, one run ({@code --run}), one study or sweep ({@code --study}:
 * the study id itself and every study below it, e.g. a sweep id covers {@code <sweep>/tune/main} and {@code <sweep>/test}),
 * or the runs started at or after an instant ({@code --since}). Immutable; thread-safe.
 *
 * @param kind  what selects the trials
 * @param value the run id or study id (empty for {@link Kind#ALL} and {@link Kind#SINCE})
 * @param since the first instant (only for {@link Kind#SINCE}, else null)
 */
public record ReportScope(Kind kind, String value, Instant since) {
    /** What a scope selects by. */
    public enum Kind {
        ALL,
        RUN,
        STUDY,
        SINCE
    }

    public ReportScope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if ((kind == Kind.RUN || kind == Kind.STUDY) && value.isBlank()) {
            throw new IllegalArgumentException(
                    "--" + kind.name().toLowerCase(Locale.ROOT) + ": expected a non-empty id, got ''");
        }
        if ((kind == Kind.SINCE) != (since != null)) {
            throw new IllegalArgumentException(
                    "since must be given exactly for a SINCE scope, got kind " + kind + " and since " + since);
        }
    }

    public static ReportScope all() {
        return new ReportScope(Kind.ALL, "", null);
    }

    public static ReportScope run(String runId) {
        return new ReportScope(Kind.RUN, runId, null);
    }

    public static ReportScope study(String studyId) {
        return new ReportScope(Kind.STUDY, studyId, null);
    }

    /**
     * Parses {@code --since}: a date ({@code 2026-11-30}, midnight UTC) or an ISO-8601 instant
     * ({@code 2026-11-30T08:00:00Z}).
     */
    public static ReportScope since(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        try {
            if (t.length() == 10) {
                return new ReportScope(
                        Kind.SINCE,
                        "",
                        LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            return new ReportScope(Kind.SINCE, "", Instant.parse(t));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "--since: expected a date yyyy-MM-dd or an instant yyyy-MM-ddTHH:mm:ssZ (UTC), got '%s'",
                            text),
                    e);
        }
    }

    /** For titles and the JSON summary. */
    public String describe() {
        return switch (kind) {
            case ALL -> "all runs";
            case RUN -> "run " + value;
            case STUDY -> "study " + value;
            case SINCE -> "runs since " + since;
        };
    }
}
