package dev.sweeplake.ann.internal.gpu;

/** A kernel launch or a device operation failed; the message names the kernel and its launch shape. */
public class GpuKernelException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public GpuKernelException(String message) {
        super(message);
    }

    public GpuKernelException(String message, Throwable cause) {
        super(message, cause);
    }
}
