package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.internal.Checks;

/** An allocation did not fit in device memory; the message names what was allocated, the bytes needed and free. */
public final class DeviceMemoryException extends GpuKernelException {
    private static final long serialVersionUID = 1L;
    private final long needed;
    private final long free;

    public DeviceMemoryException(String device, String what, long needed, long free) {
        super(Checks.fmt(
                "not enough device memory on %s for %s: needed %d bytes, free %d bytes", device, what, needed, free));
        this.needed = needed;
        this.free = free;
    }

    public long needed() {
        return needed;
    }

    public long free() {
        return free;
    }
}
