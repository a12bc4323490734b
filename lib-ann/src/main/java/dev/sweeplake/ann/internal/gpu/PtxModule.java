package dev.sweeplake.ann.internal.gpu;

import dev.sweeplake.ann.internal.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The shipped PTX variants and their provenance header: the SHA-256 of the CUDA sources they were compiled from
 * ({@code lib-ann/gpu/build-ptx.sh} writes it, a CI test recomputes it) and the compiler. Two variants of the same
 * sources are shipped, newest PTX ISA first: {@value #RESOURCE} (nvcc 13, ISA 9.0, drivers 580+) and
 * {@value #RESOURCE_ISA78} (nvcc 11.8, ISA 7.8, drivers 520+). A driver JIT-compiles the newest one it accepts
 * ({@link #loadNewestAccepted}). Stateless apart from a cache of the resource texts; thread-safe.
 */
public final class PtxModule {
    public static final String RESOURCE = "/dev/sweeplake/ann/gpu/sweeplake_ann.ptx";
    public static final String RESOURCE_ISA78 = "/dev/sweeplake/ann/gpu/sweeplake_ann-isa78.ptx";
    /** Every shipped variant, newest PTX ISA first: the order in which a driver is offered them. */
    public static final List<String> RESOURCES = List.of(RESOURCE, RESOURCE_ISA78);

    /** System property that restricts loading to the variant of one PTX ISA (e.g. 7.8), for checks on a new driver. */
    public static final String ISA_PROPERTY = "sweeplake.ann.gpu.ptx.isa";

    static final String HASH_PREFIX = "// sweeplake-ptx-source-sha256: ";
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private PtxModule() {}

    /** One shipped PTX: its resource name and text. */
    public record Variant(String resource, String text) {
        public Variant {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(text, "text");
        }

        /** The PTX ISA version of its {@code .version} directive, e.g. {@code 9.0}. */
        public String isa() {
            return isaVersion(text);
        }
    }

    /** Tries to load one PTX text into the current context; returns the CUDA result code (0 = success). */
    @FunctionalInterface
    public interface Loader {
        int tryLoad(Variant variant);
    }

    /** The PTX text of the newest variant ({@value #RESOURCE}). */
    public static String text() {
        return text(RESOURCE);
    }

    /** The PTX text of one shipped resource. */
    public static String text(String resource) {
        return CACHE.computeIfAbsent(resource, PtxModule::readResource);
    }

    /** Every shipped variant, newest PTX ISA first. */
    public static List<Variant> variants() {
        return RESOURCES.stream().map(r -> new Variant(r, text(r))).toList();
    }

    /** The shipped variants of PTX ISA {@code isa}, or all of them when {@code isa} is empty; none is an error. */
    public static List<Variant> variants(String isa) {
        if (isa.isEmpty()) {
            return variants();
        }
        List<Variant> some =
                variants().stream().filter(v -> v.isa().equals(isa)).toList();
        if (some.isEmpty()) {
            throw new GpuUnavailableException(Checks.fmt(
                    "%s=%s: no shipped PTX has that ISA (shipped: %s)",
                    ISA_PROPERTY,
                    isa,
                    String.join(", ", variants().stream().map(Variant::isa).toList())));
        }
        return some;
    }

    /**
     * Offers {@code variants} to {@code loader} in order and returns the first one it loads. A variant refused with
     * {@code unsupportedCode} (the driver is too old for its PTX ISA) passes on to the next; any other failure, or
     * every variant refused, throws a {@link GpuUnavailableException} with one line naming the ISAs tried, the driver
     * ({@code driver}, e.g. "CUDA 12.2") and the reason ({@code errorName} turns a code into a name).
     */
    public static Variant loadNewestAccepted(
            List<Variant> variants, Loader loader, int unsupportedCode, String driver, IntFunction<String> errorName) {
        List<String> refused = new ArrayList<>();
        for (Variant v : variants) {
            int rc = loader.tryLoad(v);
            if (rc == 0) {
                return v;
            }
            if (rc != unsupportedCode) {
                throw new GpuUnavailableException(Checks.fmt(
                        "PTX ISA %s (%s) not loadable with driver %s: cuModuleLoadData returned %s",
                        v.isa(), v.resource(), driver, errorName.apply(rc)));
            }
            refused.add(v.isa());
        }
        throw new GpuUnavailableException(Checks.fmt(
                "driver %s is too old for every shipped PTX (ISA %s; the oldest, 7.8, needs a driver of CUDA 11.8, "
                        + "520+): update the driver or rebuild the PTX with its nvcc (lib-ann/gpu/build-ptx.sh)",
                driver, String.join(", ", refused)));
    }

    private static String readResource(String resource) {
        try (InputStream in = PtxModule.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("PTX resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("reading PTX resource " + resource, e);
        }
    }

    /** The source hash recorded in the PTX header. */
    public static String recordedSourceHash(String ptx, String name) {
        for (String line : ptx.split("\n", 8)) {
            if (line.startsWith(HASH_PREFIX)) {
                return line.substring(HASH_PREFIX.length()).trim();
            }
        }
        throw new IllegalStateException(Checks.fmt("PTX %s has no '%s<hex>' header line", name, HASH_PREFIX.trim()));
    }

    /** The PTX ISA version of the {@code .version} directive, e.g. {@code 9.0}. */
    public static String isaVersion(String ptx) {
        for (String line : ptx.split("\n", 64)) {
            if (line.startsWith(".version ")) {
                return line.substring(".version ".length()).trim();
            }
        }
        return "unknown";
    }

    /** SHA-256 over the {@code *.cu} files of a folder in name order: file name, a NUL byte, the contents. */
    public static String sourceHash(Path cudaDir) {
        try (Stream<Path> s = Files.list(cudaDir)) {
            List<Path> files =
                    new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".cu"))
                            .sorted()
                            .toList());
            if (files.isEmpty()) {
                throw new IllegalStateException("no .cu files in " + cudaDir);
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("hashing CUDA sources in " + cudaDir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails when the PTX was not compiled from sources with the expected hash. */
    public static void verify(String ptx, String name, String expectedSourceHash) {
        String recorded = recordedSourceHash(ptx, name);
        if (!recorded.equals(expectedSourceHash)) {
            throw new IllegalStateException(Checks.fmt(
                    "PTX %s is stale: it records source sha256 %s, the CUDA "
                            + "sources hash to %s; run lib-ann/gpu/build-ptx.sh",
                    name, recorded, expectedSourceHash));
        }
    }
}
