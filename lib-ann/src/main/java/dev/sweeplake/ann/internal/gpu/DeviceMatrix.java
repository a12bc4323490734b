package dev.sweeplake.ann.internal.gpu;

/**
 * A row-major float matrix on a device with the squared norm of every row. An owning matrix frees both buffers on
 * {@link #close()}; a view does not. Not thread-safe: use under the backend's lock.
 */
public final class DeviceMatrix implements AutoCloseable {
    private final KernelBackend be;
    private final boolean owner;
    final DeviceBuffer data;
    final DeviceBuffer norms;
    final int rows;
    final int dim;

    private DeviceMatrix(KernelBackend be, DeviceBuffer data, DeviceBuffer norms, int rows, int dim, boolean owner) {
        this.be = be;
        this.data = data;
        this.norms = norms;
        this.rows = rows;
        this.dim = dim;
        this.owner = owner;
    }

    /** Allocates room for rows x dim (contents undefined until {@link #load}). */
    public static DeviceMatrix alloc(KernelBackend be, int rows, int dim, String what) {
        DeviceBuffer d = be.allocFloats((long) rows * dim, what);
        try {
            return new DeviceMatrix(be, d, be.allocFloats(rows, what + " norms"), rows, dim, true);
        } catch (RuntimeException e) {
            be.free(d);
            throw e;
        }
    }

    /** Allocates and loads rows [srcRow, srcRow + rows) of src. */
    public static DeviceMatrix upload(KernelBackend be, float[] src, int srcRow, int rows, int dim, String what) {
        DeviceMatrix m = alloc(be, rows, dim, what);
        try {
            m.load(src, srcRow, rows);
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Copies rows [srcRow, srcRow + count) of src into the first count rows and computes their norms. */
    public void load(float[] src, int srcRow, int count) {
        be.upload(src, srcRow * dim, data, 0, count * dim);
        GpuTopK.norms(be, data, count, dim, norms);
    }

    /** Rows [from, from + count), not owning. */
    public DeviceMatrix view(int from, int count) {
        return new DeviceMatrix(
                be, data.view((long) from * dim, (long) count * dim), norms.view(from, count), count, dim, false);
    }

    public int rows() {
        return rows;
    }

    public long bytes() {
        return (long) rows * (dim + 1) * 4L;
    }

    @Override
    public void close() {
        if (owner) {
            be.free(data);
            be.free(norms);
        }
    }
}
