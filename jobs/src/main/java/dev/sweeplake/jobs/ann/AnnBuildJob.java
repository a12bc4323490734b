package dev.sweeplake.jobs.ann;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.io.ShardFiles;
import dev.sweeplake.ann.io.ShardManifest;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.TrackedRun;
import dev.sweeplake.jobs.config.ConfigLoader;
import dev.sweeplake.jobs.store.MetricValue;
import dev.sweeplake.jobs.store.TrialRecord;
import dev.sweeplake.jobs.util.Console;
import dev.sweeplake.jobs.util.Ids;
import dev.sweeplake.jobs.util.TextTable;
import dev.sweeplake.jobs.util.Versions;
import dev.sweeplake.jobs.util.WorkCounter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * {@code sweeplake ann build}: reads and checks the base vectors, assigns them to shards, builds one lib-ann index per
 * shard in one Spark task each (multi-threaded inside), and commits the index atomically on the driver.
 *
 * <p>Commit protocol: a task writes its shard under {@code _temporary/<build>/shard-NNNNN-attempt-<task attempt id>}, so a
 * retried or speculative attempt never touches another attempt's files. Spark returns exactly one result per shard (from
 * the attempt that succeeded); the driver renames those folders to {@code shards/<build>/shard-NNNNN}, checks their
 * manifests, removes the old {@code _SUCCESS}, writes {@code manifest.json}, writes {@code _SUCCESS}, and only then
 * deletes the previous build's shards and the temporary folder. Stateless; thread-safe.
 */
public final class AnnBuildJob {
    private static final Logger LOG = LoggerFactory.getLogger(AnnBuildJob.class);
    static final String TEMP = "_temporary";
    static final String SHARDS = "shards";

    private AnnBuildJob() {}

    /** What a shard task reports back. */
    record ShardResult(
            int shard,
            String attemptDir,
            long count,
            long bytes,
            String crc32c,
            double seconds,
            String device,
            String builtOn,
            long taskHeapBytes)
            implements Serializable {}

    /** The result of a build command. */
    public record Result(String runId, String indexPath, IndexManifest manifest) implements JobResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            if (runId != null) {
                o.put("run_id", runId);
            }
            o.put("index", indexPath);
            o.put("build_id", manifest.buildId());
            o.put("engine", manifest.engine().name());
            o.put("shards", manifest.shardCount());
            o.put("sharding", manifest.sharding().name().toLowerCase(Locale.ROOT));
            o.put("count", manifest.count());
            o.put("skipped_rows", manifest.skippedRows());
            o.put("build_s", manifest.buildSeconds());
            o.put("bytes", manifest.bytes());
            var a = o.putArray("shard_sizes");
            manifest.shards().forEach(s -> a.add(s.count()));
            var d = o.putArray("shard_devices");
            manifest.shards().forEach(s -> d.add(s.device()));
            var b = o.putArray("shard_built_on");
            manifest.shards().forEach(s -> b.add(s.builtOn()));
            return o;
        }

        @Override
        public void print(Console console) {
            TextTable t = new TextTable("shard", "vectors", "bytes", "build_s", "crc32c", "device", "built on");
            for (IndexManifest.ShardEntry s : manifest.shards()) {
                t.row(
                        s.shard(),
                        s.count(),
                        s.bytes(),
                        String.format(Locale.ROOT, "%.2f", s.buildSeconds()),
                        s.crc32c(),
                        s.device(),
                        s.builtOn());
            }
            console.println(t.render());
            console.printf(
                    "index %s: %s, %d vectors in %d %s shards, %d bytes, built in %.2f s%s%n",
                    indexPath,
                    manifest.engine(),
                    manifest.count(),
                    manifest.shardCount(),
                    manifest.sharding().name().toLowerCase(Locale.ROOT),
                    manifest.bytes(),
                    manifest.buildSeconds(),
                    manifest.skippedRows() > 0 ? ", " + manifest.skippedRows() + " bad rows skipped" : "");
        }
    }

    /** The tracked command: one runs row, one trial with the build figures. */
    public static Result run(JobContext ctx, AnnBuildConfig cfg) {
        return TrackedRun.run(ctx, "ann build", cfg, run -> {
            Instant start = Instant.now();
            IndexManifest m = build(ctx, cfg);
            String params = ConfigLoader.toJson(cfg);
            List<MetricValue> metrics = new ArrayList<>(buildMetrics(m));
            ctx.store()
                    .recordTrials(
                            run,
                            List.of(TrialRecord.builder(
                                            "ann-build-" + run.runId(),
                                            Ids.sha256Hex(run.runId() + "|build|" + m.buildId(), 16),
                                            "ann-build")
                                    .paramsJson(params)
                                    .seed(cfg.index().seed())
                                    .datasetVersion(m.input() + "#" + Long.toHexString(m.inputFingerprint()))
                                    .startedAt(start)
                                    .endedAt(Instant.now())
                                    .executor(executor(m))
                                    .metrics(metrics)
                                    .build()));
            return new Result(run.runId(), cfg.output(), m);
        });
    }

    /**
     * The trials' {@code executor} column of a build: {@code spark device=<the tasks' devices> built_on=<lib-ann's
     * devices>}, each the distinct values in shard order, e.g. {@code spark device=gpu:0,gpu:1 built_on=cpu}.
     */
    static String executor(IndexManifest m) {
        return "spark device="
                + distinct(m.shards().stream()
                        .map(IndexManifest.ShardEntry::device)
                        .toList()) + " built_on="
                + distinct(m.shards().stream()
                        .map(IndexManifest.ShardEntry::builtOn)
                        .toList());
    }

    static String distinct(List<String> values) {
        String out = String.join(
                ",", new java.util.LinkedHashSet<>(values.stream().sorted().toList()));
        return out.isEmpty() ? GpuTasks.CPU : out;
    }

    static List<MetricValue> buildMetrics(IndexManifest m) {
        List<MetricValue> out = new ArrayList<>();
        out.add(MetricValue.of("build_s", m.buildSeconds()));
        out.add(MetricValue.of("bytes", m.bytes()));
        out.add(MetricValue.of("count", m.count()));
        out.add(MetricValue.of("shards", m.shardCount()));
        out.add(MetricValue.of("skipped_rows", m.skippedRows()));
        for (IndexManifest.ShardEntry s : m.shards()) {
            out.add(new MetricValue("shard_size", s.shard(), s.count()));
            out.add(new MetricValue("shard_build_s", s.shard(), s.buildSeconds()));
        }
        return out;
    }

    /** Builds and commits the index; returns its manifest. */
    public static IndexManifest build(JobContext ctx, AnnBuildConfig cfg) {
        SparkSession spark = ctx.spark();
        long t0 = System.nanoTime();
        IndexParams params = cfg.index().toParams();
        IndexSpec spec = cfg.index();
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        Path indexDir = new Path(cfg.output());
        checkOutput(indexDir, hconf);
        ctx.phase("sweeplake-ann-build", "read and check " + cfg.input().describe());
        int parts = Math.max(cfg.shards(), spark.sparkContext().defaultParallelism());
        VectorInput.Source src = VectorInput.load(spark, cfg.input(), cfg.dataDir(), cfg.dimension(), parts);
        return buildFrom(ctx, cfg, src, t0);
    }

    /** Builds from an already loaded normalised table (cfg.input is then only a description). */
    public static IndexManifest build(JobContext ctx, AnnBuildConfig cfg, VectorInput.Source src) {
        return buildFrom(ctx, cfg, src, System.nanoTime());
    }

    private static IndexManifest buildFrom(JobContext ctx, AnnBuildConfig cfg, VectorInput.Source src, long t0) {
        SparkSession spark = ctx.spark();
        IndexParams params = cfg.index().toParams();
        IndexSpec spec = cfg.index();
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        Path indexDir = new Path(cfg.output());
        checkOutput(indexDir, hconf);
        InputCheck.Checked checked = InputCheck.check(
                spark,
                src.rows().persist(StorageLevel.MEMORY_AND_DISK()),
                src.dimension(),
                cfg.badRows(),
                "input " + src.description());
        int dim = src.dimension();
        ctx.phase(
                "sweeplake-ann-build",
                "assign " + checked.count() + " vectors to " + cfg.shards() + " "
                        + cfg.sharding().name().toLowerCase(Locale.ROOT) + " shards");
        ShardAssigner.Assignment asg =
                ShardAssigner.assign(spark, checked.rows(), checked.count(), dim, cfg, params.metric());
        checkShardSizes(params, asg.sizes());
        String buildId = Ids.sha256Hex(ConfigLoader.toJson(cfg) + "|" + System.nanoTime() + "|" + Math.random(), 12);
        String tempRoot = new Path(new Path(indexDir, TEMP), buildId).toString();
        var sconf = new SerializableConfiguration(hconf);
        int shards = cfg.shards();
        int threads = cfg.threadsPerShard();
        InsertionOrder order = cfg.insertionOrder();
        List<Integer> failFirst = cfg.failFirstAttemptShards();
        GpuTasks.Plan gpu = cfg.gpuPlan(spark.sparkContext(), "ann build");
        // Rows travel in Spark's internal format (an UnsafeRow serialises as one block of bytes), never as Rows of
        // boxed
        // floats nor as float[] (which Java serialisation writes one float at a time).
        long[] shardSizes = asg.sizes();
        ShardPartitioner partitioner = new ShardPartitioner(shardSizes);
        JavaPairRDD<Integer, InternalRow> byShard = VectorRows.internalRows(asg.rows())
                .mapToPair(r -> new Tuple2<>(r.getInt(2), r.copy()))
                .partitionBy(partitioner);
        // The ETA comes from vectors inserted, not from tasks: the shuffle's many map tasks are quick, the shard builds
        // long.
        WorkCounter inserted = WorkCounter.create(spark, "sweeplake-ann-build-vectors", checked.count(), "vectors");
        JavaRDD<ShardResult> tasks = byShard.mapPartitionsWithIndex(
                (Integer partition, Iterator<Tuple2<Integer, InternalRow>> it) -> List.of(buildShard(
                                partitioner.shardOf(partition),
                                it,
                                shardSizes[partitioner.shardOf(partition)],
                                dim,
                                spec.toParams(),
                                threads,
                                order,
                                tempRoot,
                                sconf,
                                failFirst,
                                gpu,
                                inserted))
                        .iterator(),
                true);
        tasks = GpuTasks.withResources(spark.sparkContext(), tasks, threads, gpu, "shard");
        ctx.phase(
                "sweeplake-ann-build",
                "build " + shards + " " + params.engine() + " shards (" + gpu.describe() + ")",
                inserted);
        List<ShardResult> results = new ArrayList<>(tasks.collect());
        inserted.close();
        results.sort(Comparator.comparingInt(ShardResult::shard));
        for (ShardResult r : results) {
            if (gpu.mode() == GpuMode.REQUIRED && r.count() > 0 && GpuTasks.CPU.equals(r.builtOn())) {
                // Checked before the commit: the index is left as it was.
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "ann build: gpu: required, but lib-ann built shard "
                                + "%d on the CPU (task device %s; engine %s has no GPU build here)",
                        r.shard(),
                        r.device(),
                        params.engine()));
            }
        }
        asg.rows().unpersist();
        src.rows().unpersist();
        double seconds = (System.nanoTime() - t0) / 1e9;
        IndexManifest m = commit(
                indexDir,
                hconf,
                buildId,
                results,
                params,
                dim,
                checked,
                cfg,
                asg.centroids(),
                seconds,
                src.description());
        LOG.info("built index {} ({} vectors, {} shards) in {} s", indexDir, checked.count(), shards, seconds);
        return m;
    }

    /**
     * IVF engines need at least {@code nlist} vectors in every shard they build; checked here on the driver, from the
     * assignment's shard sizes, so that a too large {@code nlist} is one clear error instead of failed (and retried) tasks.
     */
    static void checkShardSizes(IndexParams params, long[] sizes) {
        if (params.engine() != dev.sweeplake.ann.EngineKind.IVF_FLAT
                && params.engine() != dev.sweeplake.ann.EngineKind.IVF_PQ
                && params.engine() != dev.sweeplake.ann.EngineKind.GPU_IVF_FLAT) {
            return;
        }
        for (int s = 0; s < sizes.length; s++) {
            if (sizes[s] > 0 && sizes[s] < params.nlist()) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "index.nlist must be at most the vector count "
                                + "of every non-empty shard, actual nlist %d with %d vectors in shard %d (lower nlist or use fewer shards)",
                        params.nlist(),
                        sizes[s],
                        s));
            }
        }
    }

    private static void checkOutput(Path dir, Configuration conf) {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return;
            }
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new IllegalArgumentException("output " + dir + " must be a folder, actual a file");
            }
            for (FileStatus s : fs.listStatus(dir)) {
                String n = s.getPath().getName();
                if (!(n.equals(IndexManifest.FILE_NAME)
                        || n.equals(IndexManifest.SUCCESS)
                        || n.equals(SHARDS)
                        || n.equals(TEMP)
                        || n.startsWith("."))) {
                    throw new IllegalArgumentException(
                            "output " + dir + " must be empty or a sweeplake index, actual it holds '" + n
                                    + "' (refusing to replace it)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("checking output " + dir, e);
        }
    }

    /**
     * Builds one shard in its task. The rows are read into arrays sized from the assignment's count (grown only if more
     * arrive), put into insertion order in place (one int permutation, one row of scratch), and handed to lib-ann
     * without a copy. The returned {@code taskHeapBytes} bounds the heap this task held for the shard: the arrays it
     * allocated to hold the rows plus every byte its thread allocated while lib-ann built the index (with one build
     * thread, so that all of the build's allocations are on this thread; -1 otherwise). Spark's own shuffle-read
     * buffers, which stream, are not counted.
     */
    static ShardResult buildShard(
            int shard,
            Iterator<Tuple2<Integer, InternalRow>> it,
            long expectedRows,
            int dim,
            IndexParams params,
            int threads,
            InsertionOrder order,
            String tempRoot,
            SerializableConfiguration sconf,
            List<Integer> failFirst,
            GpuTasks.Plan gpu,
            WorkCounter inserted) {
        long t0 = System.nanoTime();
        long startMs = System.currentTimeMillis();
        GpuTasks.TaskDevice device = GpuTasks.inTask(gpu);
        int cap = (int) Math.max(1, Math.min(expectedRows, Integer.MAX_VALUE / Math.max(1, dim)));
        long[] ids = new long[cap];
        float[] data = new float[cap * dim];
        int n = 0;
        long copyPeak = 0; // old + new arrays while a growth or trim copy runs (0 when the count was as expected)
        while (it.hasNext()) {
            InternalRow r = it.next()._2();
            if (n == ids.length) {
                copyPeak = Math.max(copyPeak, 3L * n * (8 + 4L * dim));
                ids = Arrays.copyOf(ids, n * 2);
                data = Arrays.copyOf(data, n * 2 * dim);
            }
            ids[n] = r.getLong(0);
            VectorRows.copyVector(r, data, n * dim);
            n++;
        }
        if (n != ids.length) {
            copyPeak = Math.max(copyPeak, (long) (ids.length + n) * (8 + 4L * dim));
            ids = Arrays.copyOf(ids, n);
            data = Arrays.copyOf(data, n * dim);
        }
        // Insertion order is fixed by the config, never by the order in which the shuffle delivered the rows.
        int[] perm = ShardOrder.byId(ids);
        if (order == InsertionOrder.SHUFFLED) {
            ShardOrder.shuffle(perm, params.seed() ^ shard);
        }
        ShardOrder.applyInPlace(perm, ids, data, dim);
        long heldBytes = Math.max(copyPeak, 8L * ids.length + 4L * data.length + 4L * perm.length + 4L * dim);
        perm = null;
        long[] sortedIds = ids;
        TaskContext tc = TaskContext.get();
        long attemptId = tc == null ? 0 : tc.taskAttemptId();
        int attemptNumber = tc == null ? 0 : tc.attemptNumber();
        Path dir = new Path(tempRoot, String.format(Locale.ROOT, "shard-%05d-attempt-%d", shard, attemptId));
        if (sortedIds.length == 0) {
            return new ShardResult(
                    shard, null, 0, 0, "", (System.nanoTime() - t0) / 1e9, device.address(), GpuTasks.CPU, -1);
        }
        // HNSW reports inserts as it goes; other engines count their vectors when the shard is built.
        long[] reported = new long[1];
        ProgressListener progress = (phase, done, total) -> {
            if (phase.equals("hnsw-insert")) {
                synchronized (reported) {
                    inserted.add(done - reported[0]);
                    reported[0] = Math.max(reported[0], done);
                }
            }
        };
        // The kernel's one-time choice and JIT warm-up allocate garbage on whichever thread comes first; keep it out of
        // the first build's bound (a cold JVM's first shard measured 9.9x its index size with it, 1.06x without).
        AnnIndex.prepareKernel();
        long alloc0 = ThreadAllocation.current();
        AnnIndex index =
                AnnIndex.build(VectorMatrix.of(data, dim, sortedIds), params, threads, progress, device.choice());
        long alloc1 = ThreadAllocation.current();
        long taskHeap = threads == 1 && alloc0 >= 0 && alloc1 >= 0 ? heldBytes + (alloc1 - alloc0) : -1;
        synchronized (reported) {
            inserted.add(n - reported[0]);
        }
        String builtOn = index.builtOn();

        try {
            HadoopShardStorage storage = new HadoopShardStorage(dir, sconf.value());
            FileSystem fs = dir.getFileSystem(sconf.value());
            fs.delete(dir, true);
            if (attemptNumber == 0 && failFirst.contains(shard)) {
                // Fault injection (tests): leave a half-written shard behind, then fail this attempt.
                try (OutputStream out = storage.create(ShardFiles.INDEX_FILE)) {
                    out.write(new byte[] {1, 2, 3, 4});
                }
                throw new IllegalStateException("injected failure of shard " + shard + " attempt " + attemptNumber);
            }
            ShardManifest sm = ShardFiles.write(index, storage);
            ShardManifest.ShardFile f = sm.file(ShardFiles.INDEX_FILE);
            // The task's interval and device, in the executor's log (GpuClusterIT checks that overlapping tasks had
            // distinct
            // GPUs).
            LOG.info(
                    "shard {}: {} vectors, task device {}, built on {}, task from {} to {} ms",
                    shard,
                    n,
                    device.address(),
                    builtOn,
                    startMs,
                    System.currentTimeMillis());
            return new ShardResult(
                    shard,
                    dir.toString(),
                    sm.count(),
                    f.bytes(),
                    f.crc32cHex(),
                    (System.nanoTime() - t0) / 1e9,
                    device.address(),
                    builtOn,
                    taskHeap);
        } catch (IOException e) {
            throw new UncheckedIOException("writing shard " + shard + " to " + dir, e);
        }
    }

    private static IndexManifest commit(
            Path indexDir,
            Configuration conf,
            String buildId,
            List<ShardResult> results,
            IndexParams params,
            int dim,
            InputCheck.Checked checked,
            AnnBuildConfig cfg,
            float[] centroids,
            double seconds,
            String input) {
        try {
            FileSystem fs = indexDir.getFileSystem(conf);
            Path shardsRoot = new Path(new Path(indexDir, SHARDS), buildId);
            fs.mkdirs(shardsRoot);
            List<IndexManifest.ShardEntry> entries = new ArrayList<>();
            long total = 0;
            for (ShardResult r : results) {
                String rel = SHARDS + "/" + buildId + "/" + String.format(Locale.ROOT, "shard-%05d", r.shard());
                if (r.count() > 0) {
                    Path target = new Path(indexDir, rel);
                    if (!fs.rename(new Path(r.attemptDir()), target)) {
                        throw new IOException("cannot rename " + r.attemptDir() + " to " + target);
                    }
                    ShardManifest sm = ShardFiles.readManifest(new HadoopShardStorage(target, conf));
                    ShardManifest.ShardFile f = sm.file(ShardFiles.INDEX_FILE);
                    if (sm.count() != r.count() || !f.crc32cHex().equals(r.crc32c())) {
                        throw new IllegalStateException(
                                "shard " + r.shard() + " in " + target + " does not match its task's report");
                    }
                }
                total += r.count();
                entries.add(new IndexManifest.ShardEntry(
                        r.shard(),
                        rel,
                        r.count(),
                        r.bytes(),
                        r.crc32c(),
                        r.seconds(),
                        r.device(),
                        r.builtOn(),
                        r.taskHeapBytes()));
            }
            if (total != checked.count()) {
                throw new IllegalStateException("shards hold " + total + " vectors, expected " + checked.count());
            }
            IndexManifest m = new IndexManifest(
                    IndexManifest.FORMAT_VERSION,
                    buildId,
                    Versions.code(),
                    Instant.now().toString(),
                    params.engine(),
                    params.metric(),
                    dim,
                    total,
                    cfg.sharding(),
                    cfg.balanceFactor(),
                    cfg.insertionOrder(),
                    IndexSpec.of(params),
                    centroids,
                    seconds,
                    checked.skipped(),
                    input,
                    checked.fingerprint(),
                    entries);
            // Readers need _SUCCESS: removing it first means nobody reads the old manifest with the new shards or vice
            // versa.
            fs.delete(new Path(indexDir, IndexManifest.SUCCESS), false);
            m.write(fs, indexDir);
            fs.create(new Path(indexDir, IndexManifest.SUCCESS), true).close();
            Path all = new Path(indexDir, SHARDS);
            for (FileStatus s : fs.listStatus(all)) {
                if (!s.getPath().getName().equals(buildId)) {
                    fs.delete(s.getPath(), true);
                }
            }
            fs.delete(new Path(indexDir, TEMP), true);
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("committing index " + indexDir, e);
        }
    }

    /**
     * Partition p holds shard {@code shardOf[p]}: the shards in descending size (ties: lower shard first), so that Spark,
     * which starts a stage's tasks in partition order, builds the largest shards first and the last wave holds the
     * smallest (longest-processing-time-first scheduling; with 8 shards on 2 cores an unlucky order leaves one core
     * idle while a large shard builds alone).
     */
    static final class ShardPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int[] shardOf;
        private final int[] partitionOf;

        ShardPartitioner(long[] sizes) {
            Integer[] order = new Integer[sizes.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> sizes[a] != sizes[b] ? Long.compare(sizes[b], sizes[a]) : a - b);
            shardOf = new int[sizes.length];
            partitionOf = new int[sizes.length];
            for (int p = 0; p < order.length; p++) {
                shardOf[p] = order[p];
                partitionOf[order[p]] = p;
            }
        }

        /** The shard that partition p holds. */
        int shardOf(int partition) {
            return shardOf[partition];
        }

        @Override
        public int numPartitions() {
            return shardOf.length;
        }

        @Override
        public int getPartition(Object key) {
            return partitionOf[(Integer) key];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShardPartitioner p && Arrays.equals(p.shardOf, shardOf);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(shardOf);
        }
    }
}
