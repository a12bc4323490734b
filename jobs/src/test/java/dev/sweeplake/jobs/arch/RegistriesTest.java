package dev.sweeplake.jobs.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.demo.DemoSections;
import dev.sweeplake.jobs.sweep.Objectives;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Objectives and demo sections are found through META-INF/services, the demo's in the order of its service file. */
class RegistriesTest {
    @Test
    void objectivesAreFoundByName() {
        assertEquals(List.of("ann", "ctr", "mllib-logreg", "reco", "synthetic"), Objectives.names());
        assertEquals(
                "config key 'benchmark.objective': unknown objective 'knn' (registered: ann, ctr, mllib-logreg, "
                        + "reco, synthetic)",
                assertThrows(ConfigException.class, () -> Objectives.create("knn", null))
                        .getMessage());
    }

    @Test
    void demoSectionsRunInTheServiceFilesOrder() {
        assertEquals(List.of("digits-knn", "ann", "sweep", "ctr", "reco"), DemoSections.names());
        for (String name : DemoSections.names()) {
            assertEquals(name, DemoSections.create(name).name());
        }
        assertEquals(
                "unknown demo section 'x', expected one of [digits-knn, ann, sweep, ctr, reco]",
                assertThrows(IllegalArgumentException.class, () -> DemoSections.create("x"))
                        .getMessage());
    }
}
