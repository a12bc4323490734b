package dev.sweeplake.ann.internal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The shipped PTX must be compiled from the current CUDA sources (regenerate with lib-ann/gpu/build-ptx.sh). */
class PtxModuleTest {

    static Path cudaSources() {
        String root = System.getProperty("sweeplake.repo.root");
        Path p = root == null ? Paths.get("src/main/cuda") : Paths.get(root, "lib-ann", "src", "main", "cuda");
        return Files.isDirectory(p) ? p : Paths.get("lib-ann/src/main/cuda");
    }

    @Test
    void ptxRecordsTheHashOfTheCurrentSources() {
        String ptx = PtxModule.text();
        PtxModule.verify(ptx, PtxModule.RESOURCE, PtxModule.sourceHash(cudaSources()));
        assertEquals(
                "9.0", PtxModule.isaVersion(ptx), "the documented PTX ISA (driver 580+); update README if changed");
    }

    @Test
    void everyKernelIsAnEntryOfThePtx() {
        String ptx = PtxModule.text();
        for (Kernel k : Kernel.values()) {
            assertTrue(ptx.contains(".entry " + k.symbol() + "("), "PTX lacks .entry " + k.symbol());
        }
    }

    @Test
    void aPtxWithAnotherSourceHashIsRefused() {
        String stale = PtxModule.HASH_PREFIX + "00ff\n.version 9.0\n";
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> PtxModule.verify(stale, "x.ptx", "abcd"));
        assertEquals(
                "PTX x.ptx is stale: it records source sha256 00ff, the CUDA sources hash to abcd; run "
                        + "lib-ann/gpu/build-ptx.sh",
                e.getMessage());
        IllegalStateException none = assertThrows(
                IllegalStateException.class, () -> PtxModule.recordedSourceHash(".version 9.0\n", "y.ptx"));
        assertEquals("PTX y.ptx has no '// sweeplake-ptx-source-sha256:<hex>' header line", none.getMessage());
    }
}
