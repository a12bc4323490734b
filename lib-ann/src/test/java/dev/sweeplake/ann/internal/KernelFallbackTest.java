package dev.sweeplake.ann.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel provider in fresh JVMs: without jdk.incubator.vector lib-ann must fall back to the scalar kernel and
 * still work (Spark executors may run without the flag); with it SIMD is chosen unless forced to scalar.
 */
class KernelFallbackTest {

    private static String run(List<String> jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KernelProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static void assertProbe(String out, String kernelPrefix, String logReason) {
        String line =
                out.lines().filter(l -> l.startsWith("kernel=")).findFirst().orElseThrow();
        assertTrue(line.startsWith("kernel=" + kernelPrefix), out);
        String[] f = line.split(" ");
        assertEquals(f[2].substring("expected=".length()), f[1].substring("nearest=".length()), out);
        assertTrue(out.contains(logReason), "logs why: " + out);
    }

    private static long roundBytes(String out) {
        String line =
                out.lines().filter(l -> l.startsWith("kernel=")).findFirst().orElseThrow();
        return Long.parseLong(line.split(" ")[3].substring("round_bytes=".length()));
    }

    @Test
    void withoutTheModuleTheScalarKernelIsUsed() throws Exception {
        assertProbe(run(List.of()), "scalar", "module jdk.incubator.vector absent");
    }

    @Test
    void withTheModuleSimdIsChosenUnlessForced() throws Exception {
        String simd = run(List.of("--add-modules", "jdk.incubator.vector"));
        assertProbe(simd, "panama-", "jdk.incubator.vector present");
        // the warm-up at the choice runs until the compiled code is in: no vector boxes left for the first builds
        long bytes = roundBytes(simd);
        assertTrue(bytes >= 0 && bytes < 4_096, "bytes allocated by 3,000 distance calls after the choice: " + simd);
        assertProbe(
                run(List.of("--add-modules", "jdk.incubator.vector", "-Dsweeplake.ann.kernel=scalar")),
                "scalar",
                "forced by -Dsweeplake.ann.kernel=scalar");
    }
}
