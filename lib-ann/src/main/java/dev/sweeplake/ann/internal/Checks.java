package dev.sweeplake.ann.internal;

import java.util.Locale;

/** Argument checks with messages that name the parameter, the valid range and the actual value. Stateless. */
public final class Checks {
    private Checks() {}

    public static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    public static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(fmt("%s must be in [%d, %d], actual %d", name, min, max, value));
        }
        return value;
    }

    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(fmt("%s must be >= %d, actual %d", name, min, value));
        }
        return value;
    }

    public static void dimension(String name, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalArgumentException(fmt("%s dimension must be %d, actual %d", name, expected, actual));
        }
    }

    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(fmt("%s must not be null", name));
        }
        return value;
    }

    /** Checks that every value of rows x dim row-major data is finite. */
    public static void finite(String name, float[] data, int offset, int rows, int dim) {
        for (int r = 0; r < rows; r++) {
            int base = offset + r * dim;
            for (int c = 0; c < dim; c++) {
                float v = data[base + c];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(
                            fmt("%s row %d column %d must be finite, actual %s", name, r, c, Float.toString(v)));
                }
            }
        }
    }
}
