package dev.sweeplake.jobs.demo;

import dev.sweeplake.jobs.config.Checks;
import java.util.List;
import java.util.Optional;

/**
 * Config of {@code sweeplake demo} (conf/demo.yaml). Every section runs on data shipped in the jar or generated with
 * {@code seed}, so the demo needs no network and no ../shared.
 *
 * @param k neighbours per query
 * @param queryEvery every n-th digits row is a query, the rest is the base
 * @param partitions Spark partitions of the base table
 * @param seed seed for everything random in the demo
 * @param sections which sections to run, in order
 * @param vectorsCsv optional local CSV (plain or .gz) of labelled vectors to use instead of the bundled digits: numbers
 *     separated by commas, the integer class label (0-9) last, one row per vector
 */
public record DemoConfig(
        int k, int queryEvery, int partitions, long seed, List<String> sections, Optional<String> vectorsCsv) {
    public DemoConfig {
        Checks.intIn("k", k, 1, 100);
        Checks.intIn("query_every", queryEvery, 2, 1000);
        Checks.intIn("partitions", partitions, 1, 1024);
        Checks.notEmpty("sections", sections);
        sections = List.copyOf(sections);
        vectorsCsv = vectorsCsv == null ? Optional.empty() : vectorsCsv;
        for (String s : sections) {
            if (!DemoSections.names().contains(s)) {
                throw new dev.sweeplake.jobs.config.InvalidValueException(
                        "sections", "expected names from " + DemoSections.names() + ", got '" + s + "'");
            }
        }
    }

    public DemoConfig withSections(List<String> value) {
        return new DemoConfig(k, queryEvery, partitions, seed, value, vectorsCsv);
    }

    public DemoConfig withVectorsCsv(String value) {
        return new DemoConfig(k, queryEvery, partitions, seed, sections, Optional.ofNullable(value));
    }

    public static DemoConfig defaults() {
        return new DemoConfig(10, 10, 4, 42L, DemoSections.names(), Optional.empty());
    }
}
