package dev.sweeplake.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.jobs.util.Console;

/** What a job returns: a JSON summary for machines (and the runs table) and text for people. */
public interface JobResult {
    /** The machine-readable summary; the CLI prints it as the last line with --json. */
    ObjectNode toJson();

    /** Text for people. */
    void print(Console console);
}
