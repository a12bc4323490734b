package dev.sweeplake.jobs.ann;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated so far by the current thread (HotSpot's {@code com.sun.management.ThreadMXBean}), or -1 where the JVM
 * does not offer it. A difference of two readings bounds the heap the thread's work between them can hold. Thread-safe.
 */
final class ThreadAllocation {
    private ThreadAllocation() {}

    static long current() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()
                && t.isThreadAllocatedMemoryEnabled()) {
            return t.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
