package dev.sweeplake.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigBinderTest {
    enum Engine {
        HNSW,
        IVF_PQ,
        FLAT
    }

    record Build(int shards, double sampleFraction, Engine engine) {
        Build {
            Checks.intIn("shards", shards, 1, 4096);
            Checks.doubleIn("sample_fraction", sampleFraction, 0.0, 1.0);
        }

        static Build defaults() {
            return new Build(4, 0.1, Engine.HNSW);
        }
    }

    record Job(
            String input,
            Build build,
            List<Integer> ks,
            Map<String, String> sparkConf,
            Optional<String> note,
            boolean verbose) {}

    private static Job load(Path dir, String yaml, String... sets) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f, List.of(sets), Job.class);
    }

    private static String error(Path dir, String yaml, String... sets) {
        return assertThrows(ConfigException.class, () -> load(dir, yaml, sets)).getMessage();
    }

    @Test
    void bindsNestedRecordsWithDefaultsListsMapsAndEnums(@TempDir Path dir) throws Exception {
        Job j = load(dir, """
        input: data/x.parquet
        build: {shards: 8, engine: ivf-pq}
        ks: [1, 10]
        spark_conf: {spark.sql.shuffle.partitions: 4}
        verbose: true
        """);
        assertEquals("data/x.parquet", j.input());
        assertEquals(new Build(8, 0.1, Engine.IVF_PQ), j.build());
        assertEquals(List.of(1, 10), j.ks());
        assertEquals(Map.of("spark.sql.shuffle.partitions", "4"), j.sparkConf());
        assertEquals(Optional.empty(), j.note());
        assertTrue(j.verbose());
    }

    @Test
    void unknownKeyNamesPathAndKnownKeys(@TempDir Path dir) {
        String m = error(dir, "input: x\nbuild: {shard: 3}\nks: []\nspark_conf: {}\nverbose: false\n");
        assertTrue(m.contains("unknown config key 'build.shard'"), m);
        assertTrue(m.contains("expected one of: shards, sample_fraction, engine"), m);
        assertTrue(m.contains("c.yaml"), m);
    }

    @Test
    void missingRequiredKeyIsNamed(@TempDir Path dir) {
        String m = error(dir, "build: {}\nks: []\nspark_conf: {}\nverbose: false\n");
        assertTrue(m.contains("missing required config key 'input' (expected a string)"), m);
    }

    @Test
    void wrongTypeNamesExpectedAndActual(@TempDir Path dir) {
        String m = error(dir, "input: x\nbuild: {shards: many}\nks: []\nspark_conf: {}\nverbose: false\n");
        assertTrue(m.contains("config key 'build.shards': expected an integer, got 'many' (a string)"), m);
        m = error(dir, "input: x\nks: [1, two]\nspark_conf: {}\nverbose: false\n");
        assertTrue(m.contains("config key 'ks[1]': expected an integer, got 'two' (a string)"), m);
        m = error(dir, "input: x\nks: []\nspark_conf: {}\nverbose: yes please\n");
        assertTrue(m.contains("config key 'verbose': expected true or false"), m);
    }

    @Test
    void outOfRangeNamesFullPathRangeAndValue(@TempDir Path dir) {
        String m = error(dir, "input: x\nbuild: {shards: 0}\nks: []\nspark_conf: {}\nverbose: false\n");
        assertTrue(m.contains("config key 'build.shards': expected an integer in [1, 4096], got 0"), m);
        m = error(dir, "input: x\nbuild: {sample_fraction: 1.5}\nks: []\nspark_conf: {}\nverbose: false\n");
        assertTrue(m.contains("config key 'build.sample_fraction': expected a number in [0.0, 1.0], got 1.5"), m);
    }

    @Test
    void unknownEnumListsChoices(@TempDir Path dir) {
        String m = error(dir, "input: x\nbuild: {engine: annoy}\nks: []\nspark_conf: {}\nverbose: false\n");
        assertTrue(m.contains("config key 'build.engine': expected one of [hnsw, ivf-pq, flat], got 'annoy'"), m);
    }

    @Test
    void setOverridesParseYamlValuesAndReachNestedKeys(@TempDir Path dir) throws Exception {
        Job j = load(
                dir, "input: x\nks: [1]\nspark_conf: {}\nverbose: false\n", "build.shards=16", "ks=[5, 6]", "input=y");
        assertEquals(16, j.build().shards());
        assertEquals(List.of(5, 6), j.ks());
        assertEquals("y", j.input());
        String m = error(dir, "input: x\nks: []\nspark_conf: {}\nverbose: false\n", "build.shards=0");
        assertTrue(m.contains("build.shards"), m);
        // A malformed --set is a command-line error (exit 2), not a configuration error.
        dev.sweeplake.jobs.errors.SweeplakeException usage = assertThrows(
                dev.sweeplake.jobs.errors.SweeplakeException.class,
                () -> load(dir, "input: x\nks: []\nspark_conf: {}\nverbose: false\n", "nokey"));
        assertEquals(dev.sweeplake.jobs.errors.ExitCode.USAGE, usage.exitCode());
        assertTrue(usage.getMessage().contains("--set expects key.path=value, got 'nokey'"), usage.getMessage());
        m = error(dir, "input: x\nks: []\nspark_conf: {}\nverbose: false\n", "buildd.shards=3");
        assertTrue(m.contains("unknown config key 'buildd'"), m);
    }

    @Test
    void malformedYamlNamesFileAndLine(@TempDir Path dir) {
        String m = error(dir, "input: x\nbuild: {shards: 3\nks: []\n");
        assertTrue(m.startsWith("malformed YAML in "), m);
        assertTrue(m.contains("c.yaml at line"), m);
    }

    @Test
    void missingFileAndNonMappingTopLevel(@TempDir Path dir) throws Exception {
        String m = assertThrows(
                        ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml"), List.of(), Job.class))
                .getMessage();
        assertTrue(m.startsWith("config file not found: "), m);
        m = error(dir, "- a\n- b\n");
        assertTrue(m.contains("expected a YAML mapping at the top level, got a list"), m);
    }

    @Test
    void nullFileMeansAllDefaults() {
        assertEquals(Build.defaults(), ConfigLoader.load(null, List.of(), Build.class));
    }

    @Test
    void toJsonRoundTripsThroughTheBinder() {
        Job j = new Job("in", new Build(2, 0.5, Engine.FLAT), List.of(3), Map.of("a", "b"), Optional.of("n"), false);
        String json = ConfigLoader.toJson(j);
        assertEquals(j, ConfigBinder.bind(ConfigLoader.parseYaml(json, "json"), Job.class, ""));
        assertTrue(json.contains("\"sample_fraction\":0.5"), json);
        assertTrue(json.contains("\"engine\":\"flat\""), json);
    }
}
