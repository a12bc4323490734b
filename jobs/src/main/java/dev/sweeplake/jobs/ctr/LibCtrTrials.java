package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.data.Schema;
import dev.sweeplake.ctr.features.EncodedData;
import dev.sweeplake.ctr.features.FeatureProcessor;
import dev.sweeplake.ctr.train.BarsTrainer;
import dev.sweeplake.ctr.train.TrainResult;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.util.Errors;
import dev.sweeplake.jobs.util.HeapFootprint;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs lib-ctr trials on Spark: each trial is one Spark job of exactly one task, which reads the prepared splits from
 * Parquet, encodes them with the broadcast feature processor (fitted on the driver on the training split) and trains with
 * {@link BarsTrainer} on {@code threads} threads. At most {@code parallel_trials} trials are in flight; results come back
 * to the driver as each finishes.
 *
 * <p>Cores: on a cluster master (standalone, YARN, Kubernetes; dynamic allocation off) the trial RDD carries a
 * stage-level {@link ResourceProfile} asking for {@code threads} CPUs per task, so the scheduler does not oversubscribe
 * executors. Spark's local mode does not support stage-level scheduling: there every task counts as one core whatever
 * threads it starts, so keep {@code threads x parallel_trials} within the machine's cores.
 *
 * <p>Thread-safety: {@link #run} may be called from one driver thread at a time per bench.
 */
public final class LibCtrTrials {
    private static final Logger LOG = LoggerFactory.getLogger(LibCtrTrials.class);

    private LibCtrTrials() {}

    /** Whether trial tasks use a stage-level ResourceProfile on this master. */
    static boolean useResourceProfile(TrainerConfig.ResourceProfileMode mode, String master) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> !master.startsWith("local");
        };
    }

    /**
     * Runs {@code specs} and returns their outcomes in the same order; {@code onDone} is called on a driver thread as each
     * trial ends (successful or failed). A failed trial does not stop the others.
     */
    public static List<TrialOutcome> run(
            JobContext ctx,
            byte[] processorBytes,
            List<TrialSpec> specs,
            TrainerConfig trainer,
            Consumer<TrialOutcome> onDone) {
        if (specs.isEmpty()) {
            return List.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ctx.spark().sparkContext());
        Broadcast<byte[]> fp = jsc.broadcast(processorBytes);
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
        String master = jsc.master();
        ResourceProfile profile = null;
        if (useResourceProfile(trainer.resourceProfile(), master)) {
            profile = new ResourceProfileBuilder()
                    .require(new TaskResourceRequests().cpus(trainer.threads()))
                    .build();
            LOG.info(
                    "lib-ctr trials ask for {} CPUs per task through ResourceProfile {}",
                    trainer.threads(),
                    profile.id());
        } else {
            LOG.info(
                    "lib-ctr trials run {} threads per task without a ResourceProfile (master {}, resource_profile {})",
                    trainer.threads(),
                    master,
                    trainer.resourceProfile());
        }
        ResourceProfile rp = profile;
        String group = "sweeplake-ctr-trials";
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(trainer.parallelTrials(), specs.size()), r -> {
            Thread t = new Thread(r, "ctr-trial-driver");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TrialOutcome>> futures = new ArrayList<>();
            for (TrialSpec spec : specs) {
                futures.add(pool.submit(() -> {
                    jsc.setJobGroup(
                            group + "-" + spec.trialId(),
                            String.format(
                                    Locale.ROOT,
                                    "lib-ctr %s seed %d (trial %s)",
                                    spec.kind(),
                                    spec.seed(),
                                    spec.trialId()),
                            true);
                    long t0 = System.currentTimeMillis();
                    TrialOutcome out;
                    try {
                        JavaRDD<TrialSpec> rdd = jsc.parallelize(List.of(spec), 1);
                        if (rp != null) {
                            rdd = rdd.withResources(rp);
                        }
                        out = rdd.mapPartitions(new TrainTask(fp, conf))
                                .collect()
                                .get(0);
                    } catch (RuntimeException e) {
                        out = TrialOutcome.failed(
                                spec.trialId(), "driver", t0, System.currentTimeMillis(), Errors.oneLine(e));
                    }
                    onDone.accept(out);
                    return out;
                }));
            }
            List<TrialOutcome> out = new ArrayList<>();
            for (Future<TrialOutcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    jsc.cancelAllJobs();
                    throw new IllegalStateException("interrupted while waiting for lib-ctr trials", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(
                            "lib-ctr trial driver thread failed: " + Errors.oneLine(e.getCause()), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
            fp.destroy();
            conf.destroy();
        }
    }

    /** The task body: one trial per partition (of one element). Serializable; no state beyond the broadcasts. */
    static final class TrainTask implements FlatMapFunction<Iterator<TrialSpec>, TrialOutcome> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> processor;
        private final Broadcast<SerializableConfiguration> conf;

        TrainTask(Broadcast<byte[]> processor, Broadcast<SerializableConfiguration> conf) {
            this.processor = processor;
            this.conf = conf;
        }

        @Override
        public Iterator<TrialOutcome> call(Iterator<TrialSpec> it) {
            List<TrialOutcome> out = new ArrayList<>();
            while (it.hasNext()) {
                out.add(train(it.next()));
            }
            return out.iterator();
        }

        private TrialOutcome train(TrialSpec spec) {
            String executor = executorName();
            long started = System.currentTimeMillis();
            dev.sweeplake.jobs.util.HeapWatermark.install();
            TrialHeapProbe heap = TrialHeapProbe.enter();
            try {
                // the broadcasts are the bench's, shared by its trials: fetched before the heap baseline
                byte[] processorBytes = processor.value();
                org.apache.hadoop.conf.Configuration hadoopConf = conf.value().value();
                heap.baseline(EncodedSplits.cachedFootprint());
                long r0 = System.nanoTime();
                EncodedSplits data = EncodedSplits.get(spec.folder(), spec.schema(), processorBytes, hadoopConf);
                double readSeconds = (System.nanoTime() - r0) / 1e9;
                if (!spec.exportEncoded().isEmpty()) {
                    long e0 = System.nanoTime();
                    boolean wrote = EncodedExport.write(
                            java.nio.file.Path.of(spec.exportEncoded()),
                            spec.fieldNames(),
                            spec.folder(),
                            CtrData.processorId(processorBytes),
                            data.train(),
                            data.valid(),
                            data.test());
                    LOG.info(
                            "export_encoded {}: {} in {} s",
                            spec.exportEncoded(),
                            wrote ? "written" : "already there",
                            String.format(Locale.ROOT, "%.1f", (System.nanoTime() - e0) / 1e9));
                }
                TrainResult r = new BarsTrainer()
                        .train(data.train(), data.valid(), data.test(), spec.modelParams(), spec.trainerParams(), heap);
                heap.exit();
                TrialOutcome out = TrialOutcome.of(
                        spec.trialId(),
                        executor,
                        started,
                        System.currentTimeMillis(),
                        r,
                        readSeconds,
                        new TrialOutcome.TrialHeap(
                                heap.trialHeapBytes(),
                                data.heapBytes(),
                                heap.footprint() == null ? 0 : heap.footprint().optimizerBytes(),
                                heap.footprint() == null ? 0 : heap.footprint().gradientBytes()));
                LOG.info(
                        "trial {} heap: own live {} ({}x encoded {} + parameters {}; optimizer {}, gradients {}),"
                                + " JVM-wide peak {}",
                        spec.trialId(),
                        out.trialHeapBytes() < 0 ? "not measured (shared JVM)" : out.trialHeapBytes(),
                        String.format(Locale.ROOT, "%.3f", out.trialHeapRatio()),
                        out.encodedBytes(),
                        out.modelBytes(),
                        out.optimizerBytes(),
                        out.gradientBytes(),
                        out.peakHeapBytes());
                return out;
            } catch (RuntimeException e) {
                // A deterministic failure (bad parameters, bad data) is reported, not retried by Spark.
                return TrialOutcome.failed(
                        spec.trialId(), executor, started, System.currentTimeMillis(), Errors.oneLine(e));
            } finally {
                heap.exit();
            }
        }

        private static String executorName() {
            SparkEnv env = SparkEnv.get();
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "?";
            }
            return (env == null ? "?" : env.executorId()) + "@" + host;
        }
    }

    /**
     * The encoded splits of one prepared folder, cached per executor JVM (one entry: trials of one bench share it, the
     * next bench replaces it). Thread-safe.
     */
    record EncodedSplits(String key, EncodedData train, EncodedData valid, EncodedData test) {
        private static EncodedSplits cached;

        /** Heap bytes of the three splits' arrays ({@link EncodedData#heapBytes}). */
        long heapBytes() {
            return train.heapBytes() + valid.heapBytes() + test.heapBytes();
        }

        /**
         * Heap the three splits' arrays occupy in this JVM: as {@link #heapBytes}, but each humongous array rounded up
         * to whole G1 regions ({@link HeapFootprint}), since a live-heap reading includes those regions' unused tails.
         */
        long footprint() {
            return footprint(train) + footprint(valid) + footprint(test);
        }

        private static long footprint(EncodedData d) {
            long sum = HeapFootprint.array4(d.labels().length);
            for (int f = 0; f < d.numFields(); f++) {
                sum += HeapFootprint.array4(d.ids(f).length);
                if (d.offsets(f) != null) {
                    sum += HeapFootprint.array4(d.offsets(f).length);
                }
                if (d.weights(f) != null) {
                    sum += HeapFootprint.array4(d.weights(f).length);
                }
            }
            return sum;
        }

        /**
         * Heap the splits cached in this JVM occupy now ({@link #footprint}), 0 if none: what a trial that reuses them
         * takes over from the JVM, so the trial's live heap counts it as the first trial's does.
         */
        static synchronized long cachedFootprint() {
            return cached == null ? 0 : cached.footprint();
        }

        static synchronized EncodedSplits get(
                String folder, Schema schema, byte[] processorBytes, org.apache.hadoop.conf.Configuration conf) {
            String key = folder + "|" + CtrData.processorId(processorBytes);
            EncodedSplits c = cached;
            if (c != null && c.key.equals(key)) {
                return c;
            }
            FeatureProcessor fp = FeatureProcessor.load(new ByteArrayInputStream(processorBytes));
            // streamed into the compact encoding, row by row: no RawTable of strings on the executor
            c = new EncodedSplits(
                    key,
                    SplitStore.readEncoded(conf, folder, "train", fp),
                    SplitStore.readEncoded(conf, folder, "valid", fp),
                    SplitStore.readEncoded(conf, folder, "test", fp));
            cached = c;
            return c;
        }
    }
}
