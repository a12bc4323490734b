package dev.sweeplake.jobs.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ann.IndexFormatException;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.store.Warehouse.WarehouseException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The one mapping of errors to their line and exit code, and the executor round trip of the tag. No Spark needed. */
class SweeplakeErrorsTest {
    @Test
    void everyKindHasItsDocumentedExitCode() {
        assertEquals(2, SweeplakeErrors.exitCode(SweeplakeErrors.usage("--set expects key.path=value, got '%s'", "x")));
        assertEquals(3, SweeplakeErrors.exitCode(new ConfigException("config key 'k': bad")));
        assertEquals(4, SweeplakeErrors.exitCode(SweeplakeErrors.input("row %d: bad", 3)));
        assertEquals(5, SweeplakeErrors.exitCode(new WarehouseException("warehouse 'x' is not writable")));
        assertEquals(1, SweeplakeErrors.exitCode(SweeplakeErrors.job(null, "boom")));
        assertEquals(1, SweeplakeErrors.exitCode(new IllegalStateException("bug")));
        assertEquals(4, SweeplakeErrors.exitCode(new IllegalArgumentException("legacy input error")));
    }

    /** Finding 4: a Hadoop ChecksumException under "reading FILE" keeps its reason in the one line. */
    @Test
    void causesKeepTheirReason() {
        ChecksumException crc = new ChecksumException("Checksum error: file:/x/index.bin at 512 exp: 1 got: 2", 512);
        UncheckedIOException wrapped = new UncheckedIOException("opening shard /x", crc);
        assertEquals(
                "opening shard /x: Checksum error: file:/x/index.bin at 512 exp: 1 got: 2",
                SweeplakeErrors.oneLine(wrapped));
        assertEquals(4, SweeplakeErrors.exitCode(wrapped));
        // A message already saying its cause is not repeated.
        assertEquals("a: b", SweeplakeErrors.oneLine(new RuntimeException("a: b", new RuntimeException("b"))));
    }

    /** Finding 3: an error raised in a task comes back to the driver with its kind, from the cause or from the text. */
    @Test
    void taskErrorsMapBackByCauseOrByTag() {
        SweeplakeException inTask = assertThrows(
                SweeplakeException.class,
                () -> SweeplakeErrors.inTask(() -> {
                    throw new IndexFormatException("shard file f: crc32c must be 1 as in manifest.json, actual 2");
                }));
        assertEquals(ExitCode.INPUT, inTask.exitCode());
        assertTrue(inTask.toString().startsWith("sweeplake-error[INPUT] shard file f"), inTask.toString());

        SparkException withCause = new SparkException("Job aborted due to stage failure: ...", inTask);
        SweeplakeException back = assertThrows(
                SweeplakeException.class,
                () -> SweeplakeErrors.fromTask(() -> {
                    throw sneaky(withCause);
                }));
        assertEquals(ExitCode.INPUT, back.exitCode());
        assertEquals("shard file f: crc32c must be 1 as in manifest.json, actual 2", back.getMessage());

        // Only the text survived (e.g. a class the driver cannot load): the tag still says what it was.
        SparkException textOnly = new SparkException(
                "Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, "
                        + "most recent failure: Lost task 0.3: dev.sweeplake.jobs.x.Y: sweeplake-error[INPUT] row 7: bad\n\tat a.b.c");
        back = assertThrows(
                SweeplakeException.class,
                () -> SweeplakeErrors.fromTask(() -> {
                    throw sneaky(textOnly);
                }));
        assertEquals("row 7: bad", back.getMessage());
        assertEquals(4, SweeplakeErrors.exitCode(textOnly));
        assertEquals("row 7: bad", SweeplakeErrors.oneLine(textOnly));

        IllegalStateException other = new IllegalStateException("not an input error");
        assertSame(
                other,
                assertThrows(
                        IllegalStateException.class,
                        () -> SweeplakeErrors.fromTask(() -> {
                            throw other;
                        })));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> RuntimeException sneaky(Exception e) throws E {
        throw (E) e;
    }
}
