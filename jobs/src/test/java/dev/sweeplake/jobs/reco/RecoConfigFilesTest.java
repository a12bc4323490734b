package dev.sweeplake.jobs.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.sweep.Objectives;
import dev.sweeplake.jobs.sweep.SweepConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped conf/reco files bind to their records (no Spark; nothing is read from the data folders). */
class RecoConfigFilesTest {
    static final Path CONF = Path.of("../conf/reco");

    @Test
    void benchConfigsBind() throws Exception {
        for (String f : List.of("movielens.yaml", "movielens-quick.yaml", "ml-100k-recommenders.yaml")) {
            RecoBenchConfig c = ConfigLoader.load(CONF.resolve(f), List.of(), RecoBenchConfig.class);
            assertEquals(10, c.k(), f);
            assertTrue(c.models().stream().anyMatch(m -> m.model() == RecoModel.EASE), f);
            assertTrue(c.models().stream().anyMatch(m -> m.model() == RecoModel.ALS), f);
        }
        RecoBenchConfig ann =
                ConfigLoader.load(CONF.resolve("movielens-als-ann.yaml"), List.of(), RecoBenchConfig.class);
        assertEquals(RecoAnnSetting.Mode.BOTH, ann.retrieval().mode());
        assertTrue(ann.models().stream().allMatch(m -> m.model() == RecoModel.ALS_IMPLICIT));
        RecoBenchConfig tuned =
                ConfigLoader.load(CONF.resolve("movielens-als-tuned.yaml"), List.of(), RecoBenchConfig.class);
        assertEquals(2, tuned.models().get(0).points().size());
        RecoRetrievalConfig r = ConfigLoader.load(CONF.resolve("retrieval.yaml"), List.of(), RecoRetrievalConfig.class);
        assertEquals(100_000, r.users());
        assertEquals(50_000, r.items());
        assertEquals(64, r.rank());
        assertEquals(RecoFactorsConfig.Kind.SYNTHETIC, r.factors().kind());
        assertTrue(r.factors().spectrumDecay() > 0 && r.factors().itemNormSigma() > 0);
        RecoRetrievalConfig iso =
                ConfigLoader.load(CONF.resolve("retrieval-isotropic.yaml"), List.of(), RecoRetrievalConfig.class);
        assertEquals(0.0, iso.factors().spectrumDecay());
        assertEquals(0, iso.factors().clusters());
        RecoRetrievalConfig als =
                ConfigLoader.load(CONF.resolve("retrieval-als.yaml"), List.of(), RecoRetrievalConfig.class);
        assertEquals(RecoFactorsConfig.Kind.ALS, als.factors().kind());
        assertEquals("movielens-latest-small", als.factors().dataset().displayName());
    }

    @Test
    void sweepFileBindsAndItsSpaceIsAccepted() throws Exception {
        SweepConfig s = ConfigBinder.bind(
                ConfigLoader.parseYaml(
                        Files.readString(CONF.resolve("sweep-als-implicit.yaml")), "sweep-als-implicit.yaml"),
                SweepConfig.class,
                "");
        var objective = Objectives.create(
                s.benchmark().objective(), s.benchmark().options().orElse(null));
        objective.checkSpace(dev.sweeplake.jobs.sweep.spi.SearchSpace.parse(s.space(), 3));
        assertTrue(objective.metrics().contains(s.benchmark().metric()));
    }
}
