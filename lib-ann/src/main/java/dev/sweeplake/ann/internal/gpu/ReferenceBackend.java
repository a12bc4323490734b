package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.internal.Checks;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kernel backend in Java ({@link ReferenceKernels}) with a simulated device: a memory limit that allocations
 * beyond fail like {@code CUDA_ERROR_OUT_OF_MEMORY}, the launch limits of a real device, and each kernel's launch
 * contract (shared memory sized for the kernel, power-of-two sort buffers) checked before it runs. CI runs all the
 * GPU host logic on it; it is also what {@code -Dsweeplake.ann.gpu.backend=reference} selects. Thread-safe (one lock).
 */
public final class ReferenceBackend implements KernelBackend {
    public static final String DEVICE_NAME = "reference-kernels (cpu)";
    private final ReentrantLock lock = new ReentrantLock();
    private final long limitBytes;
    private final long reportedFreeExtra;
    private long allocated;
    private boolean closed;

    /**
     * @param limitBytes        simulated device memory
     * @param reportedFreeExtra bytes {@link #freeBytes()} over-reports (0 = honest), to simulate memory taken by
     *                          another process after planning: allocations still fail at the real limit
     */
    public ReferenceBackend(long limitBytes, long reportedFreeExtra) {
        if (limitBytes < 1 || reportedFreeExtra < 0) {
            throw new IllegalArgumentException(Checks.fmt(
                    "limitBytes must be >= 1 and reportedFreeExtra >= 0, actual %d and %d",
                    limitBytes, reportedFreeExtra));
        }
        this.limitBytes = limitBytes;
        this.reportedFreeExtra = reportedFreeExtra;
    }

    public ReferenceBackend(long limitBytes) {
        this(limitBytes, 0);
    }

    private static final class RefBuffer extends DeviceBuffer {
        final float[] f;
        final int[] i;
        final RefBuffer root;

        RefBuffer(Type type, long offset, long count, String what, float[] f, int[] i, RefBuffer root) {
            super(type, offset, count, what);
            this.f = f;
            this.i = i;
            this.root = root == null ? this : root;
        }

        @Override
        public DeviceBuffer view(long from, long length) {
            checkView(from, length);
            return new RefBuffer(type, offset + from, length, what, f, i, root);
        }
    }

    @Override
    public String deviceName() {
        return DEVICE_NAME;
    }

    @Override
    public long freeBytes() {
        lock.lock();
        try {
            return limitBytes - allocated + reportedFreeExtra;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ReentrantLock lock() {
        return lock;
    }

    private DeviceBuffer alloc(DeviceBuffer.Type type, long count, String what) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("backend " + DEVICE_NAME + " is closed");
            }
            long bytes = count * 4L;
            if (count < 0 || count > Integer.MAX_VALUE - 8 || allocated + bytes > limitBytes) {
                throw new DeviceMemoryException(DEVICE_NAME, what, bytes, limitBytes - allocated);
            }
            allocated += bytes;
            return type == DeviceBuffer.Type.FLOAT
                    ? new RefBuffer(type, 0, count, what, new float[(int) count], null, null)
                    : new RefBuffer(type, 0, count, what, null, new int[(int) count], null);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DeviceBuffer allocFloats(long count, String what) {
        return alloc(DeviceBuffer.Type.FLOAT, count, what);
    }

    @Override
    public DeviceBuffer allocInts(long count, String what) {
        return alloc(DeviceBuffer.Type.INT, count, what);
    }

    @Override
    public void free(DeviceBuffer buffer) {
        if (buffer == null) {
            return;
        }
        RefBuffer b = (RefBuffer) buffer;
        if (b.root != b) {
            throw new IllegalArgumentException("free a buffer, not a view of " + b.what);
        }
        lock.lock();
        try {
            allocated -= b.bytes();
        } finally {
            lock.unlock();
        }
    }

    private static RefBuffer ref(DeviceBuffer b, DeviceBuffer.Type type, long off, long count) {
        RefBuffer r = (RefBuffer) b;
        if (r.type != type || off < 0 || off + count > r.count) {
            throw new IllegalArgumentException(Checks.fmt(
                    "copy of %d %s elements at %d does not fit %s (%d %s)", count, type, off, r.what, r.count, r.type));
        }
        return r;
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        RefBuffer r = ref(dst, DeviceBuffer.Type.FLOAT, dstOffset, count);
        System.arraycopy(src, srcOffset, r.f, (int) (r.offset + dstOffset), count);
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        RefBuffer r = ref(dst, DeviceBuffer.Type.INT, dstOffset, count);
        System.arraycopy(src, srcOffset, r.i, (int) (r.offset + dstOffset), count);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count) {
        RefBuffer r = ref(src, DeviceBuffer.Type.FLOAT, srcOffset, count);
        System.arraycopy(r.f, (int) (r.offset + srcOffset), dst, dstOffset, count);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count) {
        RefBuffer r = ref(src, DeviceBuffer.Type.INT, srcOffset, count);
        System.arraycopy(r.i, (int) (r.offset + srcOffset), dst, dstOffset, count);
    }

    @Override
    public void fill(DeviceBuffer dst, long dstOffset, long count, int value) {
        RefBuffer r = (RefBuffer) dst;
        int from = (int) (r.offset + dstOffset);
        if (r.type == DeviceBuffer.Type.INT) {
            java.util.Arrays.fill(r.i, from, from + (int) count, value);
        } else {
            java.util.Arrays.fill(r.f, from, from + (int) count, Float.intBitsToFloat(value));
        }
    }

    @Override
    public void launch(Kernel kernel, LaunchShape shape, Object... args) {
        String problem = shape.problem();
        if (problem == null) {
            problem = ReferenceLaunches.contract(kernel, shape, args);
        }
        if (problem != null) {
            throw new GpuKernelException(Checks.fmt("kernel %s refused (%s): %s", kernel.symbol(), shape, problem));
        }
        try {
            ReferenceLaunches.run(kernel, args);
        } catch (RuntimeException e) {
            throw new GpuKernelException(Checks.fmt("kernel %s failed (%s): %s", kernel.symbol(), shape, e), e);
        }
    }

    @Override
    public void synchronize() {
        // Kernels ran synchronously in launch().
    }

    @Override
    public long allocatedBytes() {
        lock.lock();
        try {
            return allocated;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    static float[] f(Object o) {
        return ((RefBuffer) o).f;
    }

    static int[] i(Object o) {
        return ((RefBuffer) o).i;
    }

    static int off(Object o) {
        return (int) ((RefBuffer) o).offset;
    }

    static long count(Object o) {
        return ((RefBuffer) o).count;
    }
}
