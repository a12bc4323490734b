package dev.sweeplake.jobs.reco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The synthetic factor generator (no Spark): seeded and deterministic, its spectrum and norm spread follow its
 * parameters, the isotropic case is flat, and bad parameters are refused with their key and value.
 */
class SyntheticFactorsTest {
    private static final SyntheticFactors.Shape REALISTIC = new SyntheticFactors.Shape(1.0, 16, 0.5, 0.5);

    @Test
    void sameSeedSameFactorsOtherSeedOtherFactors() {
        SyntheticFactors.Factors a = SyntheticFactors.generate(300, 500, 16, REALISTIC, 7);
        SyntheticFactors.Factors b = SyntheticFactors.generate(300, 500, 16, REALISTIC, 7);
        SyntheticFactors.Factors c = SyntheticFactors.generate(300, 500, 16, REALISTIC, 8);
        assertArrayEquals(a.users(), b.users());
        assertArrayEquals(a.items(), b.items());
        assertFalse(Arrays.equals(a.items(), c.items()));
        assertEquals(300 * 16, a.users().length);
        assertEquals(500 * 16, a.items().length);
    }

    @Test
    void spectrumAndNormsFollowTheParameters() {
        int d = 32;
        // Isotropic: a flat spectrum (top 8 of 32 directions hold about 8/32 of the energy), effective dimension
        // near d, item norms concentrated (chi distribution with 32 degrees of freedom: CV about 0.125).
        SyntheticFactors.Factors iso = SyntheticFactors.generate(2000, 4000, d, SyntheticFactors.Shape.isotropic(), 1);
        FactorStats is = FactorStats.of(iso.items(), 4000, d);
        assertTrue(is.top8() < 0.32 && is.effectiveDim() > 28, is.describe());
        assertTrue(is.normCv() < 0.16, is.describe());
        // Decay 1 without clusters or norm noise: the top 8 latent scales hold sum_{j<=8} j^-2 / sum_{j<=32} j^-2
        // = 0.964 of the energy (up to sampling noise; the rotation does not change the spectrum).
        SyntheticFactors.Factors dec =
                SyntheticFactors.generate(10, 8000, d, new SyntheticFactors.Shape(1, 0, 1, 0), 2);
        double expect = 0;
        double total = 0;
        for (int j = 1; j <= d; j++) {
            total += 1.0 / (j * j);
            expect += j <= 8 ? 1.0 / (j * j) : 0;
        }
        FactorStats ds = FactorStats.of(dec.items(), 8000, d);
        assertEquals(expect / total, ds.top8(), 0.01, ds.describe());
        assertTrue(ds.effectiveDim() < 4, ds.describe());
        // The rotation spreads the decay over every axis: no single coordinate carries most of the energy.
        double[] perAxis = new double[d];
        for (int i = 0; i < 8000; i++) {
            for (int j = 0; j < d; j++) {
                perAxis[j] += (double) dec.items()[i * d + j] * dec.items()[i * d + j];
            }
        }
        double max = Arrays.stream(perAxis).max().orElseThrow()
                / Arrays.stream(perAxis).sum();
        assertTrue(max < 0.5, "largest axis share " + max);
        // The log-normal norm factor: CV of exp(sigma n) is sqrt(exp(sigma^2) - 1) = 0.533 at sigma 0.5 (the latent
        // norms add a little).
        SyntheticFactors.Factors pop =
                SyntheticFactors.generate(10, 8000, d, new SyntheticFactors.Shape(0, 0, 1, 0.5), 3);
        FactorStats ps = FactorStats.of(pop.items(), 8000, d);
        assertTrue(ps.normCv() > 0.5 && ps.normCv() < 0.62, ps.describe());
    }

    @Test
    void eigenvaluesOfAKnownMatrix() {
        // Q diag(5, 3, 1, 0.5) Q' for a random rotation Q: the Jacobi eigenvalues are the diagonal.
        int d = 4;
        double[] q = SyntheticFactors.orthonormal(d, new SplittableRandom(3));
        double[] e = {5, 3, 1, 0.5};
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int l = 0; l < d; l++) {
                    a[i * d + j] += q[i * d + l] * e[l] * q[j * d + l];
                }
            }
        }
        double[] got = FactorStats.eigenvalues(a, d);
        Arrays.sort(got);
        assertArrayEquals(new double[] {0.5, 1, 3, 5}, got, 1e-9);
    }

    @Test
    void badParametersAreRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new SyntheticFactors.Shape(-1, 4, 0.5, 0.5));
        assertTrue(
                e.getMessage().contains("spectrum_decay: expected a number in [0.0, 4.0], got -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SyntheticFactors.Shape(1, 4, 0, 0.5));
        assertTrue(e.getMessage().contains("cluster_spread"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SyntheticFactors.Shape(1, 4, 0.5, Double.NaN));
        assertTrue(
                e.getMessage().contains("item_norm_sigma: expected a number in [0.0, 3.0], got NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SyntheticFactors.generate(0, 10, 4, REALISTIC, 1));
        assertTrue(e.getMessage().contains("must be >= 1, got 0, 10, 4"), e.getMessage());

        // Through the config file, with the full key path, before any Spark work.
        ConfigException c = assertThrows(ConfigException.class, () -> retrieval("factors: {spectrum_decay: 9}\n"));
        assertTrue(c.getMessage().contains("factors.spectrum_decay"), c.getMessage());
        assertTrue(c.getMessage().contains("got 9.0"), c.getMessage());
        c = assertThrows(ConfigException.class, () -> retrieval("factors: {clusters: -2}\n"));
        assertTrue(c.getMessage().contains("factors.clusters"), c.getMessage());
        c = assertThrows(ConfigException.class, () -> retrieval("factors: {item_norm_sigma: 5}\n"));
        assertTrue(c.getMessage().contains("factors.item_norm_sigma"), c.getMessage());
        c = assertThrows(ConfigException.class, () -> retrieval("factors: {kind: trained}\n"));
        assertTrue(c.getMessage().contains("factors.kind"), c.getMessage());
        c = assertThrows(ConfigException.class, () -> retrieval("factors: {kind: als, dataset: {kind: synthetic}}\n"));
        assertTrue(c.getMessage().contains("expected a real dataset kind"), c.getMessage());
        c = assertThrows(ConfigException.class, () -> retrieval("build_threads: 0\n"));
        assertTrue(c.getMessage().contains("build_threads"), c.getMessage());
        RecoRetrievalConfig ok = retrieval("factors: {spectrum_decay: 0, clusters: 0, item_norm_sigma: 0}\n");
        assertEquals(
                SyntheticFactors.Shape.isotropic().spectrumDecay(),
                ok.factors().shape().spectrumDecay());
    }

    private static RecoRetrievalConfig retrieval(String yaml) {
        return ConfigBinder.bind(ConfigLoader.parseYaml(yaml, "test"), RecoRetrievalConfig.class, "");
    }
}
