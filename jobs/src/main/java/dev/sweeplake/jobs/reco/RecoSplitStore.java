package dev.sweeplake.jobs.reco;

import dev.sweeplake.ctr.reco.Interactions;
import dev.sweeplake.ctr.reco.RecoSplits;
import dev.sweeplake.ctr.reco.SplitFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The prepared splits of a reco bench as text files, content-addressed so that every run on the same data and protocol
 * reuses them, and readable by any tool (the NumPy reference reads them).
 *
 * <p>Layout: {@code <root>/<dataset>-<version>/{train,valid,test}.tsv} in {@link SplitFormat} and an empty
 * {@code _COMPLETE} marker written last (a folder without it is a crashed write and is replaced). {@code train.tsv}
 * excludes the validation rows; the reported models are fitted on train + valid. Any Hadoop file system.
 *
 * <p>Thread-safety: stateless.
 */
public final class RecoSplitStore {
    static final String COMPLETE = "_COMPLETE";
    static final List<String> SPLITS = List.of("train", "valid", "test");

    private RecoSplitStore() {}

    /** Writes (or reuses) the splits and returns their qualified folder. */
    public static String write(Configuration conf, String root, String dataset, RecoSplits s) {
        Path folder = new Path(root, dataset.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + s.version());
        try {
            FileSystem fs = folder.getFileSystem(conf);
            if (fs.exists(new Path(folder, COMPLETE))) {
                return fs.makeQualified(folder).toString();
            }
            if (fs.exists(folder)) {
                fs.delete(folder, true);
            }
            Interactions[] parts = {s.train(), s.valid(), s.test()};
            for (int i = 0; i < 3; i++) {
                try (OutputStream out = fs.create(new Path(folder, SPLITS.get(i) + ".tsv"), true)) {
                    SplitFormat.write(parts[i], out);
                }
            }
            fs.create(new Path(folder, COMPLETE), false).close();
            return fs.makeQualified(folder).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reco splits to " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Reads one split (train, valid, test) of a prepared folder; runs in a task or on the driver. */
    public static Interactions read(Configuration conf, String folder, String split) {
        Path f = new Path(folder, split + ".tsv");
        try {
            FileSystem fs = f.getFileSystem(conf);
            if (!fs.exists(new Path(folder, COMPLETE))) {
                throw new IllegalStateException(
                        "prepared reco splits in " + folder + " are incomplete (no " + COMPLETE + ")");
            }
            try (InputStream in = fs.open(f)) {
                return SplitFormat.read(in, f.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reco split " + f + ": " + e.getMessage(), e);
        }
    }
}
