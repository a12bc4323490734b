package dev.sweeplake.jobs.data;

/**
 * The pure functions the generators are built from: a 64-bit mixer (SplitMix64's finaliser), uniforms and Gaussians
 * derived from it, and a bijective 32-bit hash. Everything uses {@link StrictMath}, so the same seed gives the same bits
 * on every JVM and CPU: the generators' output is a function of (seed, row index) only, never of the partitioning or the
 * thread that ran it.
 *
 * <p>Stateless; thread-safe.
 */
final class SeededMath {
    private static final double TWO_PI = 2 * Math.PI;

    private SeededMath() {}

    /** SplitMix64's finaliser: a bijection on 64-bit values with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A hash of several words (order matters). */
    static long hash(long a, long b) {
        return mix(mix(a + 0x9e3779b97f4a7c15L) ^ (b * 0xc2b2ae3d27d4eb4fL));
    }

    static long hash(long a, long b, long c) {
        return hash(hash(a, b), c);
    }

    /** A uniform double in [0, 1) from the top 53 bits of a hash. */
    static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** A uniform in [-sqrt(3), sqrt(3)): mean 0, variance 1. */
    static double centredUnit(long h) {
        return (2 * unit(h) - 1) * 1.7320508075688772;
    }

    /** The murmur3 32-bit finaliser: a bijection on int, so distinct category ranks give distinct tokens. */
    static int bijective32(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /**
     * A sequential stream of standard normals (Box-Muller, pairs) seeded by one 64-bit value. Not thread-safe: one per row
     * being generated.
     */
    static final class Normals {
        private long state;
        private double spare;
        private boolean hasSpare;

        Normals(long seed) {
            this.state = seed;
        }

        long nextLong() {
            state += 0x9e3779b97f4a7c15L;
            return mix(state);
        }

        double nextUnit() {
            return unit(nextLong());
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u1 = 1.0 - nextUnit(); // (0, 1]: log is finite
            double u2 = nextUnit();
            double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
            spare = r * StrictMath.sin(TWO_PI * u2);
            hasSpare = true;
            return r * StrictMath.cos(TWO_PI * u2);
        }
    }
}
