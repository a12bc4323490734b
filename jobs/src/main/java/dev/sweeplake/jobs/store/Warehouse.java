package dev.sweeplake.jobs.store;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where the metrics store's tables live: any Hadoop path (a local folder, {@code s3a://}, {@code abfss://}, {@code dbfs:/}),
 * plus an optional catalog schema under which the tables are also registered by name.
 */
public record Warehouse(String location, Optional<String> catalogSchema) {
    /** The default warehouse: {@code ./warehouse} relative to the working directory. */
    public static final String DEFAULT_LOCATION = "warehouse";

    public Warehouse {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("warehouse: expected a path, got an empty string");
        }
        catalogSchema = catalogSchema == null ? Optional.empty() : catalogSchema.filter(s -> !s.isBlank());
        catalogSchema.ifPresent(s -> {
            if (!s.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw new IllegalArgumentException(
                        "catalog schema: expected an identifier such as ml.sweeplake, got '" + s + "'");
            }
        });
    }

    public static Warehouse of(String location) {
        return new Warehouse(location, Optional.empty());
    }

    /** The fully qualified root path (scheme and authority filled in). */
    public Path root(Configuration conf) {
        Path p = new Path(location);
        try {
            return p.getFileSystem(conf).makeQualified(p);
        } catch (IOException e) {
            throw new WarehouseException(
                    String.format(Locale.ROOT, "warehouse '%s' cannot be reached: %s", location, e.getMessage()), e);
        }
    }

    /** The folder of one table. */
    public String tablePath(Configuration conf, String table) {
        return new Path(root(conf), table).toString();
    }

    /**
     * Fails fast, before any work, when the warehouse cannot be created or written: creates the folder and a probe file,
     * then deletes the probe.
     */
    public void checkWritable(Configuration conf) {
        Path root = root(conf);
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
                throw new WarehouseException(String.format(
                        Locale.ROOT, "warehouse '%s' is not writable: expected a folder, found a file", location));
            }
            if (!fs.mkdirs(root)) {
                throw new WarehouseException(String.format(
                        Locale.ROOT, "warehouse '%s' is not writable: cannot create the folder", location));
            }
            Path probe = new Path(root, "_sweeplake_probe_" + UUID.randomUUID());
            try (FSDataOutputStream out = fs.create(probe, false)) {
                out.write(1);
            }
            fs.delete(probe, false);
        } catch (WarehouseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new WarehouseException(
                    String.format(Locale.ROOT, "warehouse '%s' is not writable: %s", location, firstLine(e)), e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The warehouse cannot be reached, created or written, or holds something that is not a metrics table (exit 5). */
    public static final class WarehouseException extends dev.sweeplake.jobs.errors.SweeplakeException {
        private static final long serialVersionUID = 1L;

        public WarehouseException(String message) {
            super(dev.sweeplake.jobs.errors.ExitCode.WAREHOUSE, message);
        }

        public WarehouseException(String message, Throwable cause) {
            super(dev.sweeplake.jobs.errors.ExitCode.WAREHOUSE, message, cause);
        }
    }
}
