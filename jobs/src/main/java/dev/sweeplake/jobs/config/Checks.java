package dev.sweeplake.jobs.config;

import java.util.Collection;
import java.util.Locale;

/**
 * Range checks for config records' compact constructors. Each failure names the key, the valid range and the actual value
 * and carries the key so that the binder can prefix the full path.
 */
public final class Checks {
    private Checks() {}

    public static int intIn(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidValueException(
                    key, String.format(Locale.ROOT, "expected an integer in [%d, %d], got %d", min, max, value));
        }
        return value;
    }

    public static long longIn(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidValueException(
                    key, String.format(Locale.ROOT, "expected an integer in [%d, %d], got %d", min, max, value));
        }
        return value;
    }

    public static double doubleIn(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidValueException(
                    key, String.format(Locale.ROOT, "expected a number in [%s, %s], got %s", min, max, value));
        }
        return value;
    }

    public static String notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(
                    key, "expected a non-empty string, got " + (value == null ? "nothing" : "'" + value + "'"));
        }
        return value;
    }

    public static <T extends Collection<?>> T notEmpty(String key, T value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidValueException(
                    key, "expected a non-empty list, got " + (value == null ? "nothing" : "[]"));
        }
        return value;
    }

    public static <T> T notNull(String key, T value) {
        if (value == null) {
            throw new InvalidValueException(key, "expected a value, got null");
        }
        return value;
    }
}
