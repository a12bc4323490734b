package dev.sweeplake.ctr.internal;

/**
 * Heap bytes of primitive arrays as a 64-bit HotSpot JVM lays them out with compressed class pointers and compressed
 * oops (the defaults for heaps below 32 GiB): a 16-byte header (mark word, class pointer, length), the payload, padded
 * to 8 bytes; an array of references holds 4 bytes per element. A null array counts 0. Used for the per-trial heap
 * figures (encoded data, parameters, optimizer state), where they match what the arrays occupy on such a JVM; on a
 * heap of 32 GiB or more (no compressed oops) headers and reference slots are larger, so the figures are a few bytes
 * per array low.
 *
 * <p>Stateless; thread-safe.
 */
public final class HeapBytes {
    /** Array header bytes (mark word 8, compressed class pointer 4, length 4). */
    public static final int ARRAY_HEADER = 16;
    /** Bytes per reference slot (compressed oops). */
    public static final int REFERENCE = 4;

    private HeapBytes() {}

    /** Bytes of an array of {@code length} elements of {@code elementBytes} each, header and padding included. */
    public static long array(long length, int elementBytes) {
        if (length < 0 || elementBytes < 1) {
            throw new IllegalArgumentException(
                    "length must be >= 0 and elementBytes >= 1, got " + length + " and " + elementBytes);
        }
        long raw = ARRAY_HEADER + length * elementBytes;
        return (raw + 7) & ~7L;
    }

    public static long of(float[] a) {
        return a == null ? 0 : array(a.length, Float.BYTES);
    }

    public static long of(int[] a) {
        return a == null ? 0 : array(a.length, Integer.BYTES);
    }

    /** The outer reference array plus every non-null row. */
    public static long of(float[][] a) {
        if (a == null) {
            return 0;
        }
        long n = array(a.length, REFERENCE);
        for (float[] r : a) {
            n += of(r);
        }
        return n;
    }

    /** The outer reference array plus every non-null row. */
    public static long of(int[][] a) {
        if (a == null) {
            return 0;
        }
        long n = array(a.length, REFERENCE);
        for (int[] r : a) {
            n += of(r);
        }
        return n;
    }

    /** The outer reference array plus every non-null element (each counted as by {@link #of(float[][])}). */
    public static long of(float[][][] a) {
        if (a == null) {
            return 0;
        }
        long n = array(a.length, REFERENCE);
        for (float[][] r : a) {
            n += of(r);
        }
        return n;
    }
}
