package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;

/**
 * Which device a build or search runs on: the GPU mode and the CUDA device ordinal to use when a GPU is used (in Spark,
 * the address a task got from {@code TaskContext.resources()}; in local mode, from the configuration). Immutable,
 * thread-safe.
 *
 * @param mode    off, auto or required
 * @param ordinal CUDA device ordinal, in [0, 1023]
 */
public record DeviceChoice(GpuMode mode, int ordinal) {

    public DeviceChoice {
        Checks.notNull("mode", mode);
        Checks.inRange("ordinal", ordinal, 0, 1023);
    }

    /** CPU only. */
    public static DeviceChoice cpu() {
        return new DeviceChoice(GpuMode.OFF, 0);
    }

    public static DeviceChoice of(GpuMode mode, int ordinal) {
        return new DeviceChoice(mode, ordinal);
    }
}
