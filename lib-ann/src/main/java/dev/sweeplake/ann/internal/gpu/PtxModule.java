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
import java.util.stream.Stream;

/**
 * The shipped PTX (resource {@value #RESOURCE}) and its provenance header: the SHA-256 of the CUDA sources it was
 * compiled from ({@code lib-ann/gpu/build-ptx.sh} writes it, a CI test recomputes it) and the compiler. Stateless;
 * thread-safe.
 */
public final class PtxModule {
    public static final String RESOURCE = "/dev/sweeplake/ann/gpu/sweeplake_ann.ptx";
    static final String HASH_PREFIX = "// sweeplake-ptx-source-sha256: ";
    private static volatile String cached;

    private PtxModule() {}

    /** The PTX text of the resource. */
    public static String text() {
        String t = cached;
        if (t == null) {
            try (InputStream in = PtxModule.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("PTX resource " + RESOURCE + " is missing from the classpath");
                }
                t = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException("reading PTX resource " + RESOURCE, e);
            }
            cached = t;
        }
        return t;
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
