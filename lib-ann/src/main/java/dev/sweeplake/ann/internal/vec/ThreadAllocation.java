package dev.sweeplake.ann.internal.vec;

/**
 * Bytes the current thread allocated so far ({@code com.sun.management.ThreadMXBean}), or -1 where the JVM does not
 * say (a runtime without the {@code jdk.management} module, e.g. the GPU kit's jlink'd one). Thread-safe.
 */
public final class ThreadAllocation {
    private ThreadAllocation() {}

    /** The current thread's allocated bytes so far, or -1. */
    public static long current() {
        try {
            return Bean.BEAN == null ? -1 : Bean.BEAN.getCurrentThreadAllocatedBytes();
        } catch (LinkageError e) {
            return -1;
        }
    }

    private static final class Bean {
        static final com.sun.management.ThreadMXBean BEAN = find();

        private static com.sun.management.ThreadMXBean find() {
            return java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                            && t.isThreadAllocatedMemorySupported()
                            && t.isThreadAllocatedMemoryEnabled()
                    ? t
                    : null;
        }
    }
}
