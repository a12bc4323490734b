package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.internal.Checks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PTX kernels on one CUDA device through JCuda's driver API: the device's primary context, the module loaded from
 * the shipped PTX (the driver JIT-compiles it for the GPU at hand), one stream, and a pinned host staging buffer
 * through which Java arrays are copied. Only needs the NVIDIA driver ({@code libcuda.so.1}). Thread-safe: every call
 * makes the context current and holds the device lock.
 */
final class CudaBackend implements KernelBackend {
    private static final Logger LOG = LoggerFactory.getLogger(CudaBackend.class);
    private static final long STAGING_BYTES = 32L << 20;
    /** Why the driver library did not load, once it failed (the JVM does not retry a failed class init). */
    private static volatile String driverFailure;

    private final ReentrantLock lock = new ReentrantLock();
    private final String name;
    private final CUcontext context;
    private final CUstream stream;
    private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);
    private final Pointer staging;
    private final ByteBuffer stagingBuffer;
    private long allocated;
    private String lastLaunch = "none";

    private CudaBackend(String name, CUcontext context, CUmodule module, CUstream stream, Pointer staging) {
        this.name = name;
        this.context = context;
        this.stream = stream;
        this.staging = staging;
        this.stagingBuffer = staging.getByteBuffer(0, STAGING_BYTES).order(ByteOrder.nativeOrder());
        for (Kernel k : Kernel.values()) {
            CUfunction f = new CUfunction();
            check(JCudaDriver.cuModuleGetFunction(f, module, k.symbol()), "cuModuleGetFunction " + k.symbol());
            functions.put(k, f);
        }
    }

    private static String err(int code) {
        return CUresult.stringFor(code);
    }

    private static void check(int code, String what) {
        if (code != CUresult.CUDA_SUCCESS) {
            throw new GpuKernelException(what + " failed: " + err(code));
        }
    }

    /** Opens the device or throws {@link GpuUnavailableException} with a one-line reason. */
    static CudaBackend open(int ordinal) {
        if (driverFailure != null) {
            throw new GpuUnavailableException(driverFailure);
        }
        try {
            JCudaDriver.setExceptionsEnabled(false);
        } catch (LinkageError e) {
            // Later loads would only say "Could not initialize class": keep the first, telling reason.
            driverFailure = "no usable NVIDIA driver: JCuda's native library did not load (" + firstLine(e) + ")";
            throw new GpuUnavailableException(driverFailure);
        }
        int rc = JCudaDriver.cuInit(0);
        if (rc == CUresult.CUDA_ERROR_NO_DEVICE) {
            throw new GpuUnavailableException("no CUDA device: cuInit returned CUDA_ERROR_NO_DEVICE");
        }
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new GpuUnavailableException("CUDA driver did not initialise: cuInit returned " + err(rc));
        }
        int[] count = new int[1];
        JCudaDriver.cuDeviceGetCount(count);
        if (ordinal >= count[0]) {
            throw new GpuUnavailableException(
                    Checks.fmt("no CUDA device with ordinal %d: the driver sees %d", ordinal, count[0]));
        }
        CUdevice dev = new CUdevice();
        JCudaDriver.cuDeviceGet(dev, ordinal);
        byte[] nb = new byte[256];
        JCudaDriver.cuDeviceGetName(nb, nb.length, dev);
        String name = new String(nb, StandardCharsets.US_ASCII).trim().replace("\0", "") + " #" + ordinal;
        CUcontext ctx = new CUcontext();
        rc = JCudaDriver.cuDevicePrimaryCtxRetain(ctx, dev);
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new GpuUnavailableException(Checks.fmt("no context on %s: %s", name, err(rc)));
        }
        JCudaDriver.cuCtxSetCurrent(ctx);
        CUmodule module = new CUmodule();
        int[] v = new int[1];
        JCudaDriver.cuDriverGetVersion(v);
        String driver = Checks.fmt("CUDA %d.%d on %s", v[0] / 1000, (v[0] % 1000) / 10, name);
        PtxModule.Variant loaded = PtxModule.loadNewestAccepted(
                PtxModule.variants(System.getProperty(PtxModule.ISA_PROPERTY, "")),
                ptx -> JCudaDriver.cuModuleLoadData(module, (ptx.text() + "\0").getBytes(StandardCharsets.US_ASCII)),
                CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION,
                driver,
                CudaBackend::err);
        LOG.info("{}: loaded PTX ISA {} ({})", driver, loaded.isa(), loaded.resource());
        CUstream stream = new CUstream();
        check(JCudaDriver.cuStreamCreate(stream, 0), "cuStreamCreate");
        Pointer host = new Pointer();
        rc = JCudaDriver.cuMemAllocHost(host, STAGING_BYTES);
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new GpuUnavailableException(
                    Checks.fmt("no pinned host staging buffer of %d bytes on %s: %s", STAGING_BYTES, name, err(rc)));
        }
        return new CudaBackend(name, ctx, module, stream, host);
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return e.getClass().getSimpleName() + ": " + (m.length() > 160 ? m.substring(0, 160) + "..." : m);
    }

    private static final class CudaBuffer extends DeviceBuffer {
        final CUdeviceptr base;
        final boolean root;

        CudaBuffer(Type type, long offset, long count, String what, CUdeviceptr base, boolean root) {
            super(type, offset, count, what);
            this.base = base;
            this.root = root;
        }

        Pointer at(long elements) {
            return base.withByteOffset((offset + elements) * 4L);
        }

        @Override
        public DeviceBuffer view(long from, long length) {
            checkView(from, length);
            return new CudaBuffer(type, offset + from, length, what, base, false);
        }
    }

    private void enter() {
        lock.lock();
        JCudaDriver.cuCtxSetCurrent(context);
    }

    @Override
    public String deviceName() {
        return name;
    }

    @Override
    public long freeBytes() {
        enter();
        try {
            long[] free = new long[1];
            long[] total = new long[1];
            check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
            return free[0];
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ReentrantLock lock() {
        return lock;
    }

    private DeviceBuffer alloc(DeviceBuffer.Type type, long count, String what) {
        enter();
        try {
            CUdeviceptr p = new CUdeviceptr();
            long bytes = Math.max(4, count * 4L);
            int rc = JCudaDriver.cuMemAlloc(p, bytes);
            if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
                long[] free = new long[1];
                long[] total = new long[1];
                JCudaDriver.cuMemGetInfo(free, total);
                throw new DeviceMemoryException(name, what, bytes, free[0]);
            }
            check(rc, "cuMemAlloc of " + bytes + " bytes for " + what);
            allocated += bytes;
            return new CudaBuffer(type, 0, count, what, p, true);
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
        CudaBuffer b = (CudaBuffer) buffer;
        if (!b.root) {
            throw new IllegalArgumentException("free a buffer, not a view of " + b.what);
        }
        enter();
        try {
            JCudaDriver.cuMemFree(b.base);
            allocated -= Math.max(4, b.bytes());
        } finally {
            lock.unlock();
        }
    }

    private static CudaBuffer cb(DeviceBuffer b, long off, long count) {
        CudaBuffer c = (CudaBuffer) b;
        if (off < 0 || off + count > c.count) {
            throw new IllegalArgumentException(
                    Checks.fmt("copy of %d elements at %d does not fit %s (%d elements)", count, off, c.what, c.count));
        }
        return c;
    }

    /** Copies through the pinned staging buffer in chunks; the caller has entered. */
    private void stageUp(CudaBuffer dst, long dstOffset, int count, java.util.function.IntBinaryOperator put) {
        int chunk = (int) (STAGING_BYTES / 4);
        for (int done = 0; done < count; done += chunk) {
            int n = Math.min(chunk, count - done);
            put.applyAsInt(done, n);
            check(
                    JCudaDriver.cuMemcpyHtoDAsync((CUdeviceptr) dst.at(dstOffset + done), staging, n * 4L, stream),
                    "upload to " + dst.what);
            check(JCudaDriver.cuStreamSynchronize(stream), "upload to " + dst.what + " (after " + lastLaunch + ")");
        }
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        CudaBuffer d = cb(dst, dstOffset, count);
        enter();
        try {
            stageUp(d, dstOffset, count, (done, n) -> {
                stagingBuffer.clear();
                stagingBuffer.asFloatBuffer().put(src, srcOffset + done, n);
                return n;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        CudaBuffer d = cb(dst, dstOffset, count);
        enter();
        try {
            stageUp(d, dstOffset, count, (done, n) -> {
                stagingBuffer.clear();
                stagingBuffer.asIntBuffer().put(src, srcOffset + done, n);
                return n;
            });
        } finally {
            lock.unlock();
        }
    }

    private void stageDown(CudaBuffer src, long srcOffset, int count, java.util.function.IntBinaryOperator get) {
        synchronizeEntered();
        int chunk = (int) (STAGING_BYTES / 4);
        for (int done = 0; done < count; done += chunk) {
            int n = Math.min(chunk, count - done);
            check(
                    JCudaDriver.cuMemcpyDtoHAsync(staging, (CUdeviceptr) src.at(srcOffset + done), n * 4L, stream),
                    "download of " + src.what);
            check(JCudaDriver.cuStreamSynchronize(stream), "download of " + src.what);
            get.applyAsInt(done, n);
        }
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count) {
        CudaBuffer s = cb(src, srcOffset, count);
        enter();
        try {
            stageDown(s, srcOffset, count, (done, n) -> {
                stagingBuffer.clear();
                stagingBuffer.asFloatBuffer().get(dst, dstOffset + done, n);
                return n;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count) {
        CudaBuffer s = cb(src, srcOffset, count);
        enter();
        try {
            stageDown(s, srcOffset, count, (done, n) -> {
                stagingBuffer.clear();
                stagingBuffer.asIntBuffer().get(dst, dstOffset + done, n);
                return n;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void fill(DeviceBuffer dst, long dstOffset, long count, int value) {
        CudaBuffer d = cb(dst, dstOffset, count);
        enter();
        try {
            check(
                    JCudaDriver.cuMemsetD32Async((CUdeviceptr) d.at(dstOffset), value, count, stream),
                    "fill of " + d.what);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void launch(Kernel kernel, LaunchShape shape, Object... args) {
        String problem = shape.problem();
        if (problem != null) {
            throw new GpuKernelException(Checks.fmt("kernel %s refused (%s): %s", kernel.symbol(), shape, problem));
        }
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof CudaBuffer) {
                params[i] = Pointer.to(((CudaBuffer) a).at(0));
            } else if (a instanceof Integer) {
                params[i] = Pointer.to(new int[] {(Integer) a});
            } else if (a instanceof Long) {
                params[i] = Pointer.to(new long[] {(Long) a});
            } else if (a instanceof Float) {
                params[i] = Pointer.to(new float[] {(Float) a});
            } else {
                throw new IllegalArgumentException(Checks.fmt(
                        "kernel %s argument %d has unsupported type %s",
                        kernel.symbol(), i, a == null ? "null" : a.getClass().getSimpleName()));
            }
        }
        enter();
        try {
            int rc = JCudaDriver.cuLaunchKernel(
                    functions.get(kernel),
                    shape.gridX(),
                    shape.gridY(),
                    1,
                    shape.blockX(),
                    shape.blockY(),
                    1,
                    shape.sharedBytes(),
                    stream,
                    Pointer.to(params),
                    null);
            lastLaunch = kernel.symbol() + " (" + shape + ")";
            if (rc != CUresult.CUDA_SUCCESS) {
                throw new GpuKernelException(
                        Checks.fmt("kernel %s launch failed (%s): %s", kernel.symbol(), shape, err(rc)));
            }
        } finally {
            lock.unlock();
        }
    }

    private void synchronizeEntered() {
        int rc = JCudaDriver.cuStreamSynchronize(stream);
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new GpuKernelException(
                    Checks.fmt("kernel %s failed (or an earlier kernel on the stream): %s", lastLaunch, err(rc)));
        }
    }

    @Override
    public void synchronize() {
        enter();
        try {
            synchronizeEntered();
        } finally {
            lock.unlock();
        }
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
        enter();
        try {
            JCudaDriver.cuMemFreeHost(staging);
        } finally {
            lock.unlock();
        }
    }
}
