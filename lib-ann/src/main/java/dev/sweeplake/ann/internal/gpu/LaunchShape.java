package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.internal.Checks;

/**
 * Grid and block dimensions and dynamic shared memory of one kernel launch. Validated against the limits every CUDA
 * device of compute capability 8.0+ has, so that both backends refuse the same shapes. Immutable, thread-safe.
 */
public record LaunchShape(int gridX, int gridY, int blockX, int blockY, int sharedBytes) {
    /** Dynamic + static shared memory without an opt-in attribute. */
    public static final int MAX_SHARED_BYTES = 48 * 1024;

    public static final int MAX_BLOCK_THREADS = 1024;
    public static final int MAX_GRID_Y = 65_535;

    public static LaunchShape linear(long grid, int block, int sharedBytes) {
        if (grid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    Checks.fmt("grid must be <= %d blocks, actual %d", Integer.MAX_VALUE, grid));
        }
        return new LaunchShape((int) grid, 1, block, 1, sharedBytes);
    }

    public int threadsPerBlock() {
        return blockX * blockY;
    }

    /** Null when the shape is launchable, else why not. */
    public String problem() {
        if (gridX < 1 || gridY < 1 || blockX < 1 || blockY < 1) {
            return "grid and block dimensions must be >= 1";
        }
        if (gridY > MAX_GRID_Y) {
            return Checks.fmt("grid y must be <= %d", MAX_GRID_Y);
        }
        if ((long) blockX * blockY > MAX_BLOCK_THREADS) {
            return Checks.fmt("threads per block must be <= %d", MAX_BLOCK_THREADS);
        }
        if (sharedBytes < 0 || sharedBytes > MAX_SHARED_BYTES) {
            return Checks.fmt("dynamic shared memory must be in [0, %d] bytes", MAX_SHARED_BYTES);
        }
        return null;
    }

    @Override
    public String toString() {
        return Checks.fmt("grid %dx%dx1, block %dx%dx1, shared %d B", gridX, gridY, blockX, blockY, sharedBytes);
    }
}
