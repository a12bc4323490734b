package dev.sweeplake.ann;

import java.util.Locale;

/**
 * Whether a build or search may, must or must not use a GPU. Immutable, thread-safe.
 *
 * <ul>
 *   <li>{@link #OFF}: CPU engines only, even where a GPU is present.</li>
 *   <li>{@link #AUTO}: the GPU when one is usable, else the CPU engine of the same family (logged once).</li>
 *   <li>{@link #REQUIRED}: the GPU; without a usable one the call fails before any work with a one-line reason.</li>
 * </ul>
 */
public enum GpuMode {
    OFF,
    AUTO,
    REQUIRED;

    /** Parses {@code off}, {@code auto} or {@code required} (any case). */
    public static GpuMode parse(String s) {
        if (s != null) {
            for (GpuMode m : values()) {
                if (m.name().equalsIgnoreCase(s.trim())) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException(
                String.format(Locale.ROOT, "gpu must be one of off, auto, required, actual %s", s));
    }
}
