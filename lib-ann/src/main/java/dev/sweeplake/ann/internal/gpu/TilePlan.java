package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.internal.Checks;

/**
 * Caps on the tiles the GPU operations use, on top of what device memory allows: query rows per tile, base rows per
 * distance tile, and the fraction of free device memory an operation may plan with. Tests use tiny caps to run the
 * multi-tile paths. Immutable, thread-safe.
 */
public record TilePlan(int maxQueryRows, int maxBaseRows, double memoryFraction) {

    public TilePlan {
        Checks.inRange("maxQueryRows", maxQueryRows, 1, Integer.MAX_VALUE);
        Checks.inRange("maxBaseRows", maxBaseRows, 1, Integer.MAX_VALUE);
        if (!(memoryFraction > 0 && memoryFraction <= 1)) {
            throw new IllegalArgumentException(
                    Checks.fmt("memoryFraction must be in (0, 1], actual %s", memoryFraction));
        }
    }

    /** Query tiles up to 65,535 x 128 rows (the grid limit), base tiles of 16,384 rows, 90% of free memory. */
    public static TilePlan defaults() {
        return new TilePlan(LaunchShape.MAX_GRID_Y * 128, 16_384, 0.9);
    }

    /** Bytes an operation may plan with on the backend. */
    public long budget(KernelBackend be) {
        return (long) (be.freeBytes() * memoryFraction);
    }
}
