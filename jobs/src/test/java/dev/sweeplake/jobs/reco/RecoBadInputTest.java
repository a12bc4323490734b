package dev.sweeplake.jobs.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.data.MalformedDataException;
import dev.sweeplake.jobs.cli.Main;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every bad input of a reco bench is refused with the key, file and line, or column named, before any run starts. */
@ExtendWith(SparkExtension.class)
class RecoBadInputTest {
    @TempDir
    Path dir;

    private RecoBenchConfig load(String yaml) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f, List.of("data_dir=" + dir), RecoBenchConfig.class);
    }

    @Test
    void configErrorsNameTheKey() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> load("models:\n  - model: itemknn\n" + "    params: {lambda: 3}\n"));
        assertTrue(
                e.getMessage()
                        .contains("model itemknn takes the parameters [similarity, neighbours, shrink, "
                                + "memory_budget_mb], got 'lambda'"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("models:\n  - model: bpr\n"));
        assertTrue(e.getMessage().contains("models[0].model") && e.getMessage().contains("bpr"), e.getMessage());
        e = assertThrows(
                ConfigException.class,
                () -> load("split: {kind: stratified, test_ratio: 1.5}\n" + "models: [{model: popularity}]\n"));
        assertTrue(e.getMessage().contains("split.test_ratio"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("split: {kind: random}\nmodels: [{model: popularity}]\n"));
        assertTrue(e.getMessage().contains("split.kind"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("models:\n  - model: ease\n    grid: {lambda: [0]}\n"));
        assertTrue(e.getMessage().contains("lambda must be in (0, 1e12), got 0.0"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("models:\n  - model: als\n    params: {rank: 0}\n"));
        assertTrue(e.getMessage().contains("rank") && e.getMessage().contains("[1, 4096], got 0"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("dataset: {kind: csv}\nmodels: [{model: popularity}]\n"));
        assertTrue(e.getMessage().contains("dataset.path"), e.getMessage());
        ConfigException empty =
                assertThrows(ConfigException.class, () -> load("k: 10\n").checkNotEmpty());
        assertEquals("config key 'models': a reco bench needs at least one model, got none", empty.getMessage());
    }

    @Test
    void badRowsAreNamedByFileAndLineBeforeSparkWork() throws Exception {
        Path ml = Files.createDirectory(dir.resolve("ml"));
        Files.writeString(ml.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,2,3.5,4\n1,x,3.5,4\n");
        RecoBenchConfig c = load("dataset: {kind: movielens, dir: ml}\nmodels: [{model: popularity}]\n");
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> RecoData.prepare(null, c));
        assertEquals(ml.resolve("ratings.csv") + ":3: item id must be an integer, got 'x'", e.getMessage());
        Files.writeString(dir.resolve("events.csv"), "u;i\n1;2\n1;2\n");
        RecoBenchConfig dup = load("dataset: {kind: csv, path: events.csv, user_column: u, item_column: i, "
                + "delimiter: ';'}\nmodels: [{model: popularity}]\n");
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> RecoData.prepare(null, dup));
        assertTrue(d.getMessage().contains("user 1 and item 2 appear twice (rows 1 and 2"), d.getMessage());
        RecoBenchConfig temporal = load("dataset: {kind: csv, path: events.csv, user_column: u, item_column: i, "
                + "delimiter: ';'}\nsplit: {kind: user_temporal}\nmodels: [{model: popularity}]\n");
        Files.writeString(dir.resolve("events.csv"), "u;i\n1;2\n1;3\n");
        d = assertThrows(IllegalArgumentException.class, () -> RecoData.prepare(null, temporal));
        assertTrue(
                d.getMessage()
                        .endsWith("the user_temporal split orders rows by time, but the source has rows "
                                + "without a timestamp"),
                d.getMessage());
    }

    @Test
    void cliExitCodes() throws Exception {
        Path cfg = dir.resolve("bench.yaml");
        Files.writeString(cfg, "dataset: {kind: movielens, dir: nowhere}\nmodels: [{model: popularity}]\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("reco", "bench", "--config", cfg.toString(), "--data-dir", dir.toString());
        assertEquals(Main.EXIT_INPUT, code);
        assertTrue(
                err.toString().contains("movielens dataset: folder not found: " + dir.resolve("nowhere")),
                err.toString());
        Files.writeString(cfg, "models: [{model: popularity, params: {rank: 3}}]\n");
        err.reset();
        code = cl.execute("reco", "bench", "--config", cfg.toString());
        assertEquals(Main.EXIT_CONFIG, code);
        assertTrue(err.toString().contains("model popularity takes the parameters [], got 'rank'"), err.toString());
        err.reset();
        code = cl.execute("reco");
        assertEquals(Main.EXIT_USAGE, code);
    }

    @Test
    void parquetColumnsAreCheckedOnTheDriver(SparkSession spark) throws Exception {
        StructType st = new StructType()
                .add("user", DataTypes.StringType, true)
                .add("item", DataTypes.LongType, true)
                .add("stars", DataTypes.DoubleType, true);
        String path = dir.resolve("t.parquet").toString();
        spark.createDataFrame(List.of(RowFactory.create("a", 1L, 4.0)), st)
                .write()
                .parquet(path);
        RecoBenchConfig c = load("dataset: {kind: parquet, path: t.parquet, rating_column: stars}\n"
                + "models: [{model: popularity}]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecoData.prepare(spark, c));
        assertTrue(
                e.getMessage()
                        .endsWith("id column 'user' must be an integer type (tinyint, smallint, int, bigint), "
                                + "got string"),
                e.getMessage());
        RecoBenchConfig missing = load(
                "dataset: {kind: parquet, path: t.parquet, user_column: uid}\n" + "models: [{model: popularity}]\n");
        e = assertThrows(IllegalArgumentException.class, () -> RecoData.prepare(spark, missing));
        assertTrue(e.getMessage().contains("column 'uid' not found; columns are [user, item, stars]"), e.getMessage());
        StructType ok =
                new StructType().add("user", DataTypes.IntegerType, true).add("item", DataTypes.LongType, true);
        String p2 = dir.resolve("n.parquet").toString();
        spark.createDataFrame(List.of(RowFactory.create(1, 5L), RowFactory.create(2, null)), ok)
                .write()
                .parquet(p2);
        RecoBenchConfig nulls = load("dataset: {kind: parquet, path: n.parquet}\nmodels: [{model: popularity}]\n");
        e = assertThrows(IllegalArgumentException.class, () -> RecoData.prepare(spark, nulls));
        assertTrue(e.getMessage().endsWith("column 'item' is null"), e.getMessage());
    }
}
