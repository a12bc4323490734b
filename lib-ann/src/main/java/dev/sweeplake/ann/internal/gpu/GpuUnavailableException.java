package dev.sweeplake.ann.internal.gpu;

/**
 * No usable GPU: the message is one line saying why (no driver, no device, PTX not loadable, not enough device
 * memory). Thrown before any work; under {@code gpu: auto} the caller falls back to the CPU instead.
 */
public final class GpuUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public GpuUnavailableException(String reason) {
        super(reason);
    }
}
