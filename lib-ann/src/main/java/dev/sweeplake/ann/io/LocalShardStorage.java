package dev.sweeplake.ann.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link ShardStorage} on a local folder (java.nio). {@link #create} writes to a hidden temporary file and renames it
 * atomically on close, so a crash never leaves a half-written file under the real name. Thread-safe.
 */
public final class LocalShardStorage implements ShardStorage {
    private final Path dir;

    public LocalShardStorage(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    private Path resolve(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "file name must be a plain name without slashes or leading dot, actual '%s'", name));
        }
        return dir.resolve(name);
    }

    @Override
    public OutputStream create(String name) throws IOException {
        Path target = resolve(name);
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        return new FilterOutputStream(raw) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                super.close();
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        };
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(resolve(name));
    }

    @Override
    public java.nio.channels.ReadableByteChannel openChannel(String name) throws IOException {
        return java.nio.channels.FileChannel.open(resolve(name), java.nio.file.StandardOpenOption.READ);
    }

    @Override
    public long size(String name) throws IOException {
        return Files.size(resolve(name));
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(resolve(name));
    }

    @Override
    public List<String> list() throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }

    @Override
    public String describe() {
        return dir.toString();
    }
}
