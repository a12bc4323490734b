package dev.sweeplake.ann.internal.gpu;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One device: memory, copies and kernel launches on one stream. Two implementations with the same semantics:
 * {@link CudaBackend} (the PTX kernels through the CUDA driver API) and {@link ReferenceBackend} (the same kernels in
 * Java, with a simulated device memory limit), so that everything above the kernel bodies is tested on the CPU.
 *
 * <p>Thread-safe: every method may be called from any thread; callers that issue a sequence of operations that must
 * not interleave with another thread's (upload, launch, download) hold {@link #lock()} around it.
 */
public interface KernelBackend extends AutoCloseable {

    /** The device, e.g. {@code NVIDIA H200 #0}, or {@code reference-kernels (cpu)}. */
    String deviceName();

    /** Device memory free for new allocations, in bytes. */
    long freeBytes();

    /** Serialises multi-step operations on this device. */
    ReentrantLock lock();

    /** Allocates count float32 elements; {@link DeviceMemoryException} when they do not fit. */
    DeviceBuffer allocFloats(long count, String what);

    /** Allocates count int32 elements; {@link DeviceMemoryException} when they do not fit. */
    DeviceBuffer allocInts(long count, String what);

    void free(DeviceBuffer buffer);

    void upload(float[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count);

    void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count);

    /** Waits for the stream, then copies. */
    void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count);

    void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count);

    /** Sets count int32 elements from dstOffset to value. */
    void fill(DeviceBuffer dst, long dstOffset, long count, int value);

    /**
     * Launches a kernel on the stream. Arguments, in the kernel's parameter order: {@link DeviceBuffer}, Integer, Long,
     * Float. A refused launch or a kernel fault gives a {@link GpuKernelException} naming the kernel and the shape.
     */
    void launch(Kernel kernel, LaunchShape shape, Object... args);

    /** Waits for every launched kernel; a fault names the last kernel launched and its shape. */
    void synchronize();

    /** Bytes currently allocated through this backend (for tests and logs). */
    long allocatedBytes();

    @Override
    void close();
}
