package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.jobs.testing.CliRunner;
import dev.sweeplake.jobs.testing.CliRunner.Outcome;
import org.junit.jupiter.api.Test;

/** {@code sweeplake ann gpu-bench}: lib-ann's GPU benchmark through the CLI (no Spark). */
class AnnGpuBenchCliTest {
    @Test
    void runsTheBenchmarkAndRefusesBadFlags() {
        // Ordinal 1000: no machine has it, so the GPU row is "unavailable" and the CPU row is measured.
        Outcome o = CliRunner.run(
                "ann",
                "gpu-bench",
                "--n",
                "200",
                "--queries",
                "5",
                "--dim",
                "4",
                "--clusters",
                "4",
                "--parts",
                "flat",
                "--threads",
                "1",
                "--device",
                "1000");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("\"engine\": \"flat\", \"device\": \"cpu\""), o.out());
        assertTrue(o.out().contains("\"engine\": \"gpu_flat\", \"device\": \"unavailable\""), o.out());
        Outcome bad = CliRunner.run("ann", "gpu-bench", "--n", "5");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("gpu-bench: --n must be in [10, 50000000], actual 5"), bad.err());
    }
}
