package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.io.ShardStorage;
import java.io.FileNotFoundException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * lib-ann's {@link ShardStorage} on a Hadoop {@link FileSystem}, so shard folders live on any Hadoop path (local, HDFS,
 * s3a, abfss, dbfs). A new file is written under a hidden temporary name and renamed when closed, so a reader never sees a
 * partial file where the file system's rename is atomic (on object stores the shard's manifest, written last, and the
 * index's {@code _SUCCESS} are what make it visible). Safe for one writer or many readers.
 */
public final class HadoopShardStorage implements ShardStorage {
    private final FileSystem fs;
    private final Path dir;

    public HadoopShardStorage(Path dir, Configuration conf) throws IOException {
        this.dir = dir;
        this.fs = dir.getFileSystem(conf);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public OutputStream create(String name) throws IOException {
        Path target = new Path(dir, name);
        Path tmp = new Path(dir, "." + name + ".tmp");
        OutputStream out = fs.create(tmp, true);
        return new FilterOutputStream(out) {
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
                if (fs.exists(target)) {
                    fs.delete(target, false);
                }
                if (!fs.rename(tmp, target)) {
                    throw new IOException("cannot rename " + tmp + " to " + target);
                }
            }
        };
    }

    @Override
    public InputStream open(String name) throws IOException {
        Path p = new Path(dir, name);
        if (!fs.exists(p)) {
            throw new FileNotFoundException(p.toString());
        }
        return fs.open(p, 1 << 20);
    }

    @Override
    public long size(String name) throws IOException {
        Path p = new Path(dir, name);
        return fs.exists(p) ? fs.getFileStatus(p).getLen() : -1;
    }

    @Override
    public boolean exists(String name) throws IOException {
        return fs.exists(new Path(dir, name));
    }

    @Override
    public List<String> list() throws IOException {
        List<String> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (s.isFile() && !n.startsWith(".") && !n.startsWith("_")) {
                out.add(n);
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public String describe() {
        return dir.toString();
    }
}
