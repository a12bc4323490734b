package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.errors.SweeplakeErrors;
import dev.sweeplake.jobs.testing.ChildJvm;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A missing, half-written or corrupt index and out-of-range k / nprobe give an error naming the file or value. */
@ExtendWith(SparkExtension.class)
class AnnIndexFaultTest {
    @TempDir
    static Path dir;

    static String index;
    static String queries;

    @BeforeAll
    static void buildOnce(SparkSession spark) {
        String base = AnnTestData.writeParquet(spark, AnnTestData.base(), dir, "base");
        queries = AnnTestData.writeParquet(spark, AnnTestData.queries(), dir, "queries");
        index = dir.resolve("index").toString();
        AnnBuildJob.build(
                ctx(spark),
                AnnTestData.buildConfig(base, index)
                        .withIndex(IndexSpec.defaults().withEngine(dev.sweeplake.ann.EngineKind.FLAT)));
    }

    static JobContext ctx(SparkSession spark) {
        return JobContext.of(spark, dir.resolve("wh").toString());
    }

    private static String copyIndex(String name) throws IOException {
        Path target = dir.resolve(name);
        try (Stream<Path> files = Files.walk(Path.of(index))) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path t = target.resolve(Path.of(index).relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target.toString();
    }

    private static String searchError(SparkSession spark, String idx, int k, int nprobe) {
        AnnSearchConfig c = AnnBuildSearchTest.searchConfig(
                        idx, queries, dir.resolve("out-" + k + "-" + nprobe).toString(), nprobe)
                .withK(k);
        RuntimeException e = assertThrows(RuntimeException.class, () -> AnnSearchJob.execute(ctx(spark), c));
        assertEquals(4, SweeplakeErrors.exitCode(e), "an index fault is an input error (exit 4): " + e);
        assertFalse(Files.exists(Path.of(c.output())), "a failed search leaves no output folder: " + c.output());
        return SweeplakeErrors.oneLine(e);
    }

    private static String flipAByte(Path f) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            int b = raf.read();
            raf.seek(raf.length() / 2);
            raf.write(b ^ 0x5a);
        }
        return f.toString();
    }

    /** Issue 17, finding 4: with Hadoop's .crc sidecar present, its ChecksumException is the reason, kept in the one line. */
    @Test
    void checksumCaughtByHadoopKeepsItsReason(SparkSession spark) throws IOException {
        String p = copyIndex("corrupt-crc");
        IndexManifest m = IndexManifest.read(p, spark.sparkContext().hadoopConfiguration());
        Path f = Path.of(p, m.shards().get(1).dir(), "index.bin");
        flipAByte(f);
        assertTrue(Files.exists(f.resolveSibling(".index.bin.crc")), "the local file system wrote a .crc sidecar");
        String msg = searchError(spark, p, 10, 4);
        assertTrue(
                msg.contains("Checksum error") && msg.contains(f.getFileName().toString()), msg);
    }

    /**
     * Issue 17, finding 3: an executor task's failure (a corrupt shard) is one line on standard error without --verbose
     * (the launcher's logging configuration keeps Spark's task-failure traces off); --verbose shows them.
     */
    @Test
    void taskFailureIsOneLineWithoutVerbose(SparkSession spark) throws Exception {
        String p = copyIndex("corrupt-log");
        IndexManifest m = IndexManifest.read(p, spark.sparkContext().hadoopConfiguration());
        Path f = Path.of(p, m.shards().get(0).dir(), "index.bin");
        flipAByte(f);
        String logConf = "-Dlog4j2.configurationFile="
                + Path.of("..", "conf", "log4j2.properties").toAbsolutePath().normalize();
        List<String> args = List.of(
                "ann",
                "search",
                "--set",
                "index=" + p,
                "--set",
                "queries.path=" + queries,
                "--set",
                "output=" + dir.resolve("child-out"),
                "--warehouse",
                dir.resolve("child-wh").toString());
        Path quiet = dir.resolve("quiet.log");
        Process q = ChildJvm.start(List.of(logConf), args, quiet);
        assertTrue(q.waitFor(900, TimeUnit.SECONDS), "child finished");
        assertEquals(4, q.exitValue(), ChildJvm.tail(quiet, 60));
        List<String> lines = Files.readAllLines(quiet);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("error: ")).count(), String.join("\n", lines));
        assertTrue(
                lines.stream()
                        .noneMatch(l ->
                                l.startsWith("\tat ") || l.contains("Exception in task") || l.contains("Lost task")),
                "no stack trace without --verbose:\n" + String.join("\n", lines));
        Path loud = dir.resolve("verbose.log");
        List<String> verbose = new java.util.ArrayList<>(args);
        verbose.add("--verbose");
        Process v = ChildJvm.start(
                List.of(logConf, "-Dsweeplake.log.level=info", "-Dsweeplake.log.tasks=info"), verbose, loud);
        assertTrue(v.waitFor(900, TimeUnit.SECONDS), "child finished");
        assertEquals(4, v.exitValue(), ChildJvm.tail(loud, 60));
        String all = Files.readString(loud);
        assertTrue(all.contains("Lost task") && all.contains("\tat "), "--verbose shows Spark's task failure: " + all);
    }

    @Test
    void missingIndex(SparkSession spark) {
        String p = dir.resolve("nothing").toString();
        assertEquals(
                "index " + p + " must exist, actual missing (run 'sweeplake ann build')", searchError(spark, p, 10, 1));
    }

    @Test
    void indexWithoutSuccessIsIncomplete(SparkSession spark) throws IOException {
        String p = copyIndex("no-success");
        Files.delete(Path.of(p, "_SUCCESS"));
        assertEquals(
                "index " + p + " is incomplete: _SUCCESS must exist, actual missing (the build did not finish; run "
                        + "'sweeplake ann build' again)",
                searchError(spark, p, 10, 1));
    }

    @Test
    void truncatedShardFileIsNamed(SparkSession spark) throws IOException {
        String p = copyIndex("truncated");
        IndexManifest m = IndexManifest.read(p, spark.sparkContext().hadoopConfiguration());
        Path f = Path.of(p, m.shards().get(2).dir(), "index.bin");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() - 5);
        }
        assertEquals(
                "index " + p + ": shard 2 file " + f + " must be "
                        + m.shards().get(2).bytes() + " bytes as in manifest.json, actual "
                        + (m.shards().get(2).bytes() - 5),
                searchError(spark, p, 10, 1));
    }

    @Test
    void checksumMismatchIsNamedByTheExecutor(SparkSession spark) throws IOException {
        String p = copyIndex("corrupt");
        IndexManifest m = IndexManifest.read(p, spark.sparkContext().hadoopConfiguration());
        Path f = Path.of(p, m.shards().get(0).dir(), "index.bin");
        flipAByte(f);
        // Hadoop's local file system keeps its own .crc sidecar; object stores do not. Remove it so that the flipped
        // byte
        // reaches lib-ann's CRC32C check against the manifest.
        Files.deleteIfExists(f.resolveSibling(".index.bin.crc"));
        String msg = searchError(spark, p, 10, 4);
        assertTrue(
                msg.startsWith("shard file " + f + ": crc32c must be "
                        + m.shards().get(0).crc32c() + " as in manifest.json, actual "),
                msg);
    }

    @Test
    void kAndNprobeOutOfRange(SparkSession spark) {
        assertEquals(
                "k must be in [1, 1617] (the vectors in index " + index + "), actual 1618",
                searchError(spark, index, 1618, 1));
        assertEquals(
                "nprobe must be in [1, 4] (the shards of index " + index + "), actual 5",
                searchError(spark, index, 10, 5));
        assertEquals(
                "--set k=0: config key 'k': expected an integer in [1, 100000], got 0",
                assertThrows(
                                dev.sweeplake.jobs.config.ConfigException.class,
                                () -> dev.sweeplake.jobs.config.ConfigLoader.load(
                                        null, java.util.List.of("k=0"), AnnSearchConfig.class))
                        .getMessage());
    }
}
