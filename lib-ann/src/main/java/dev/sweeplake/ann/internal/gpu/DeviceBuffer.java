package dev.sweeplake.ann.internal.gpu;

/**
 * A typed range of device memory (float32 or int32 elements) allocated by a {@link KernelBackend}, or a view into one.
 * Free it through the backend that allocated it. Not thread-safe by itself: the backend serialises its use.
 */
public abstract class DeviceBuffer {
    /** Element type. */
    public enum Type {
        FLOAT,
        INT
    }

    final Type type;
    /** Offset of this view in elements from the start of the allocation. */
    final long offset;

    final long count;
    final String what;

    protected DeviceBuffer(Type type, long offset, long count, String what) {
        this.type = type;
        this.offset = offset;
        this.count = count;
        this.what = what;
    }

    public long count() {
        return count;
    }

    public long bytes() {
        return count * 4L;
    }

    public String what() {
        return what;
    }

    /** A view of elements [from, from + length) of this buffer (no copy, not separately freed). */
    public abstract DeviceBuffer view(long from, long length);

    protected void checkView(long from, long length) {
        if (from < 0 || length < 0 || from + length > count) {
            throw new IllegalArgumentException(String.format(
                    java.util.Locale.ROOT,
                    "view of %s must lie in [0, %d), actual [%d, %d)",
                    what,
                    count,
                    from,
                    from + length));
        }
    }
}
