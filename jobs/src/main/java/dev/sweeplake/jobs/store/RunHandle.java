package dev.sweeplake.jobs.store;

import java.time.Instant;

/** A started run: its id and start time. Immutable. */
public record RunHandle(String runId, String command, Instant startedAt) {}
