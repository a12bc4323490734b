package dev.sweeplake.jobs.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The code version, read once from the build's filtered resource. Thread-safe. */
public final class Versions {
    private static final Properties PROPS = load();

    private Versions() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/sweeplake-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String code() {
        return PROPS.getProperty("version", "unknown");
    }

    /** The Spark version the code was built against. */
    public static String builtSpark() {
        return PROPS.getProperty("spark", "unknown");
    }

    /** The Delta version the code was built against. */
    public static String builtDelta() {
        return PROPS.getProperty("delta", "unknown");
    }
}
