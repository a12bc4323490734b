package dev.sweeplake.jobs.spark;

import dev.sweeplake.jobs.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Spark profile from {@code conf/spark/*.yaml}: an optional master and Spark settings. Settings already present in the
 * SparkConf (from spark-submit, the cluster or {@code -Dspark.*}) win over the profile's.
 */
public record SparkProfile(Optional<String> master, Map<String, String> conf) {
    public SparkProfile {
        master = master == null ? Optional.empty() : master;
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }

    public static SparkProfile defaults() {
        return new SparkProfile(Optional.empty(), Map.of());
    }

    public static SparkProfile load(Path file) {
        return ConfigLoader.load(file, List.of(), SparkProfile.class);
    }
}
