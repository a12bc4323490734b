package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011), the independent variant that Hyperopt and Optuna use by
 * default. The first {@code nStartup} proposals come from a Halton sequence; after that the observations are split into
 * the best {@code gamma} fraction ("good") and the rest, each dimension gets a Parzen density for both groups (Gaussian
 * kernels in the unit interval with a uniform prior component; smoothed frequencies for categories), {@code nCandidates}
 * points are drawn from the good densities and the one with the largest good/bad density ratio is proposed. A
 * conditional parameter's densities use only the observations where it was active. Deterministic given the seed and the
 * history. Not thread-safe.
 */
public final class TpeSampler implements Sampler {
    private final SearchSpace space;
    private final long seed;
    private final int nStartup;
    private final int nCandidates;
    private final double gamma;
    private final HaltonSampler startup;
    private final SplittableRandom random;

    public TpeSampler(SearchSpace space, long seed, int nStartup, int nCandidates, double gamma) {
        this.space = space;
        this.seed = seed;
        this.nStartup = nStartup;
        this.nCandidates = nCandidates;
        this.gamma = gamma;
        this.startup = new HaltonSampler(space, seed);
        this.random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    }

    @Override
    public Optional<Candidate> next(List<Observation> history) {
        if (history.size() < nStartup) {
            return startup.next(history);
        }
        List<Observation> sorted = new ArrayList<>(history);
        sorted.sort(Comparator.comparingDouble(Observation::loss));
        int nGood = Math.max(1, (int) Math.ceil(gamma * sorted.size()));
        List<Observation> good = sorted.subList(0, nGood);
        List<Observation> bad = sorted.subList(nGood, sorted.size());
        int dims = space.dimensions();
        Density[] l = new Density[dims];
        Density[] g = new Density[dims];
        for (int d = 0; d < dims; d++) {
            SearchSpace.Param p = space.params().get(d);
            l[d] = density(p, column(good, d, p.name()));
            g[d] = density(p, column(bad, d, p.name()));
        }
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < nCandidates; c++) {
            double[] x = new double[dims];
            double score = 0;
            for (int d = 0; d < dims; d++) {
                x[d] = l[d].sample(random);
                score += Math.log(l[d].pdf(x[d])) - Math.log(g[d].pdf(x[d]));
            }
            if (score > bestScore) {
                bestScore = score;
                best = x;
            }
        }
        return Optional.of(new Candidate(space.fromUnit(best), best));
    }

    private static double[] column(List<Observation> obs, int d, String name) {
        return obs.stream()
                .filter(o -> o.params().containsKey(name))
                .mapToDouble(o -> o.unit()[d])
                .toArray();
    }

    private static Density density(SearchSpace.Param p, double[] xs) {
        return p.type() == SearchSpace.Type.CATEGORICAL
                ? new Categorical(p.values().size(), xs)
                : new Parzen(xs);
    }

    /** A one-dimensional density on [0, 1]. */
    private interface Density {
        double pdf(double x);

        double sample(SplittableRandom r);
    }

    /** Gaussian kernels at the observations plus one uniform prior component of equal weight. */
    private static final class Parzen implements Density {
        private final double[] mu;
        private final double sigma;

        Parzen(double[] xs) {
            this.mu = xs;
            if (xs.length < 2) {
                sigma = 0.25;
            } else {
                double mean = 0;
                for (double x : xs) {
                    mean += x;
                }
                mean /= xs.length;
                double var = 0;
                for (double x : xs) {
                    var += (x - mean) * (x - mean);
                }
                double sd = Math.sqrt(var / (xs.length - 1));
                // Scott's rule, kept within sensible bounds for the unit interval.
                sigma = Math.min(0.5, Math.max(0.02, 1.06 * sd * Math.pow(xs.length, -0.2)));
            }
        }

        @Override
        public double pdf(double x) {
            double s = 1.0; // the uniform prior's density on [0, 1]
            for (double m : mu) {
                double z = (x - m) / sigma;
                s += Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
            }
            return s / (mu.length + 1);
        }

        @Override
        public double sample(SplittableRandom r) {
            int k = r.nextInt(mu.length + 1);
            if (k == mu.length) {
                return r.nextDouble();
            }
            for (int tries = 0; tries < 16; tries++) {
                double x = mu[k] + sigma * r.nextGaussian();
                if (x >= 0 && x <= 1) {
                    return x;
                }
            }
            return Math.min(1, Math.max(0, mu[k]));
        }
    }

    /** Category frequencies smoothed with one pseudo-count each. */
    private static final class Categorical implements Density {
        private final double[] p;

        Categorical(int k, double[] xs) {
            p = new double[k];
            java.util.Arrays.fill(p, 1.0);
            for (double x : xs) {
                p[Math.min(k - 1, (int) Math.floor(x * k))] += 1;
            }
            double sum = k + xs.length;
            for (int i = 0; i < k; i++) {
                p[i] /= sum;
            }
        }

        @Override
        public double pdf(double x) {
            return p[Math.min(p.length - 1, Math.max(0, (int) Math.floor(x * p.length)))];
        }

        @Override
        public double sample(SplittableRandom r) {
            double u = r.nextDouble();
            double acc = 0;
            for (int i = 0; i < p.length; i++) {
                acc += p[i];
                if (u <= acc) {
                    return (i + 0.5) / p.length;
                }
            }
            return (p.length - 0.5) / p.length;
        }
    }

    @Override
    public boolean adaptive() {
        return true;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "tpe");
        m.put("seed", seed);
        m.put("n_startup", nStartup);
        m.put("n_candidates", nCandidates);
        m.put("gamma", gamma);
        m.put("startup", "halton");
        m.put("kernel", "gaussian, scott bandwidth in [0.02, 0.5], uniform prior");
        return m;
    }
}
