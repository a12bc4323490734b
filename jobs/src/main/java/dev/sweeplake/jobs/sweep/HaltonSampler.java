package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The quasi-random Halton sequence (one prime base per dimension), shifted by a seeded random offset per dimension modulo
 * 1 (a Cranley-Patterson rotation) so that different seeds give different but equally even point sets. Covers the space
 * more evenly than independent random points for the first hundreds of points in a few dimensions. Not thread-safe.
 */
public final class HaltonSampler implements Sampler {
    private static final int[] PRIMES = primes(64);
    private final SearchSpace space;
    private final long seed;
    private final double[] shift;
    private long index = 1;

    public HaltonSampler(SearchSpace space, long seed) {
        if (space.dimensions() > PRIMES.length) {
            throw new IllegalArgumentException(
                    "halton sampler supports at most " + PRIMES.length + " parameters, got " + space.dimensions());
        }
        this.space = space;
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed);
        this.shift = new double[space.dimensions()];
        for (int i = 0; i < shift.length; i++) {
            shift[i] = r.nextDouble();
        }
    }

    /** The {@code index}-th Halton point (index from 1), unshifted. */
    public static double radicalInverse(long index, int base) {
        double f = 1.0;
        double r = 0.0;
        long i = index;
        while (i > 0) {
            f /= base;
            r += f * (i % base);
            i /= base;
        }
        return r;
    }

    @Override
    public Optional<Candidate> next(List<Observation> history) {
        double[] u = new double[space.dimensions()];
        for (int d = 0; d < u.length; d++) {
            double v = radicalInverse(index, PRIMES[d]) + shift[d];
            u[d] = v - Math.floor(v);
        }
        index++;
        return Optional.of(new Candidate(space.fromUnit(u), u));
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "halton");
        m.put("seed", seed);
        m.put("rotation", "cranley-patterson");
        return m;
    }

    private static int[] primes(int n) {
        int[] out = new int[n];
        int count = 0;
        for (int c = 2; count < n; c++) {
            boolean prime = true;
            for (int i = 0; i < count && out[i] * out[i] <= c; i++) {
                if (c % out[i] == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                out[count++] = c;
            }
        }
        return out;
    }
}
