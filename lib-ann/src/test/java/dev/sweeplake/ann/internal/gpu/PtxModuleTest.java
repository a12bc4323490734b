package dev.sweeplake.ann.internal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped PTX must be compiled from the current CUDA sources (regenerate with lib-ann/gpu/build-ptx.sh). */
class PtxModuleTest {

    static Path cudaSources() {
        String root = System.getProperty("sweeplake.repo.root");
        Path p = root == null ? Paths.get("src/main/cuda") : Paths.get(root, "lib-ann", "src", "main", "cuda");
        return Files.isDirectory(p) ? p : Paths.get("lib-ann/src/main/cuda");
    }

    @Test
    void everyVariantRecordsTheHashOfTheCurrentSources() {
        String sources = PtxModule.sourceHash(cudaSources());
        List<PtxModule.Variant> variants = PtxModule.variants();
        assertEquals(2, variants.size());
        for (PtxModule.Variant v : variants) {
            PtxModule.verify(v.text(), v.resource(), sources);
        }
        // The documented ISAs (README "GPU"): 9.0 for drivers 580+, 7.8 for drivers 520+; newest first.
        assertEquals(
                List.of("9.0", "7.8"),
                variants.stream().map(PtxModule.Variant::isa).toList());
        assertEquals(PtxModule.text(), variants.get(0).text());
        assertEquals(List.of(variants.get(1)), PtxModule.variants("7.8"), "the check of the older PTX on a new driver");
        GpuUnavailableException none = assertThrows(GpuUnavailableException.class, () -> PtxModule.variants("8.5"));
        assertEquals(
                "sweeplake.ann.gpu.ptx.isa=8.5: no shipped PTX has that ISA (shipped: 9.0, 7.8)", none.getMessage());
    }

    @Test
    void everyKernelIsAnEntryOfEveryVariant() {
        for (PtxModule.Variant v : PtxModule.variants()) {
            for (Kernel k : Kernel.values()) {
                assertTrue(
                        v.text().contains(".entry " + k.symbol() + "("), v.resource() + " lacks .entry " + k.symbol());
            }
        }
    }

    private static final int UNSUPPORTED = 222;
    private static final List<PtxModule.Variant> TWO = List.of(
            new PtxModule.Variant("new.ptx", ".version 9.0\n"), new PtxModule.Variant("old.ptx", ".version 7.8\n"));

    @Test
    void theNewestVariantTheDriverAcceptsIsLoaded() {
        List<String> offered = new ArrayList<>();
        PtxModule.Variant got = PtxModule.loadNewestAccepted(
                TWO, v -> offered.add(v.resource()) ? 0 : 1, UNSUPPORTED, "CUDA 13.0", c -> "E" + c);
        assertEquals("new.ptx", got.resource());
        assertEquals(List.of("new.ptx"), offered, "an accepted variant stops the search");

        offered.clear();
        got = PtxModule.loadNewestAccepted(
                TWO,
                v -> offered.add(v.resource()) && v.isa().equals("9.0") ? UNSUPPORTED : 0,
                UNSUPPORTED,
                "CUDA 12.2",
                c -> "E" + c);
        assertEquals("old.ptx", got.resource(), "a driver too old for ISA 9.0 gets the ISA 7.8 variant");
        assertEquals(List.of("new.ptx", "old.ptx"), offered);
    }

    @Test
    void aDriverTooOldForEveryVariantOrAnotherLoadErrorIsOneLine() {
        GpuUnavailableException old = assertThrows(
                GpuUnavailableException.class,
                () -> PtxModule.loadNewestAccepted(TWO, v -> UNSUPPORTED, UNSUPPORTED, "CUDA 11.4", c -> "E" + c));
        assertEquals(
                "driver CUDA 11.4 is too old for every shipped PTX (ISA 9.0, 7.8; the oldest, 7.8, needs a driver of "
                        + "CUDA 11.8, 520+): update the driver or rebuild the PTX with its nvcc "
                        + "(lib-ann/gpu/build-ptx.sh)",
                old.getMessage());
        GpuUnavailableException other = assertThrows(
                GpuUnavailableException.class,
                () -> PtxModule.loadNewestAccepted(
                        TWO, v -> 218, UNSUPPORTED, "CUDA 13.0", c -> "CUDA_ERROR_INVALID_PTX(" + c + ")"));
        assertEquals(
                "PTX ISA 9.0 (new.ptx) not loadable with driver CUDA 13.0: cuModuleLoadData returned "
                        + "CUDA_ERROR_INVALID_PTX(218)",
                other.getMessage());
        assertTrue(!other.getMessage().contains("\n"));
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
