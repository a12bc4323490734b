package dev.sweeplake.jobs.demo;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.store.RunHandle;
import java.util.List;

/** One part of the demo: runs a small real job, records its trials, returns rows for the result table. */
public interface DemoSection {
    /** The name used in {@code sections:} and in the result table. */
    String name();

    List<DemoRow> run(JobContext ctx, RunHandle run, DemoConfig config);

    /** One line of the demo's result table. */
    record DemoRow(String section, String what, String metric, double value) {}
}
