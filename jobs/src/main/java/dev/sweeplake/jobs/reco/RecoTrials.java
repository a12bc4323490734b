package dev.sweeplake.jobs.reco;

import dev.sweeplake.ctr.reco.Interactions;
import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.util.Errors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Runs a reco bench's trials. A lib-ctr trial (popularity, ItemKNN, EASE) is one Spark job of one task that reads the
 * prepared split files and runs {@link RecoFits#protocol} on {@code threads} threads; at most {@code parallel_trials}
 * are in flight. An ALS trial runs on the calling driver thread (its fits are Spark jobs). Results come back in plan
 * order; {@code onDone} sees each as it ends; a failed trial does not stop the others.
 *
 * <p>Thread-safety: one call at a time per bench.
 */
public final class RecoTrials {
    private RecoTrials() {}

    /** One trial: its position in the plan, model point and seed. Serializable (it travels into the task). */
    public record Planned(int index, RecoParams.Point point, long seed) implements Serializable {}

    public static List<RecoOutcome> run(
            JobContext ctx,
            String folder,
            RecoBenchConfig config,
            List<Planned> plan,
            RecoData.Prepared data,
            Consumer<RecoOutcome> onDone) {
        RecoOutcome[] out = new RecoOutcome[plan.size()];
        List<Planned> lib =
                plan.stream().filter(p -> !p.point().model().isSpark()).toList();
        List<Planned> als =
                plan.stream().filter(p -> p.point().model().isSpark()).toList();
        if (!lib.isEmpty()) {
            for (RecoOutcome o : runLib(ctx, folder, config, lib, onDone)) {
                out[o.index()] = o;
            }
        }
        for (Planned p : als) {
            ctx.phase(
                    "sweeplake-reco-als",
                    String.format(
                            Locale.ROOT,
                            "MLlib %s %s seed %d",
                            p.point().model().id(),
                            p.point().json(),
                            p.seed()));
            long started = System.currentTimeMillis();
            RecoOutcome o;
            try {
                RecoFits.Evaluated e = RecoFits.protocol(
                        ctx.spark(),
                        p.point(),
                        p.seed(),
                        data.splits().train(),
                        data.splits().valid(),
                        data.splits().test(),
                        config.k(),
                        config.threads(),
                        config.retrieval());
                long ended = System.currentTimeMillis();
                o = new RecoOutcome(
                        p.index(),
                        e.valid(),
                        e.test(),
                        e.fitSeconds(),
                        (ended - started) / 1e3,
                        e.usersPerSecond(),
                        "driver",
                        started,
                        ended,
                        null,
                        e.ann());
            } catch (RuntimeException e) {
                o = RecoOutcome.failed(p.index(), "driver", started, Errors.oneLine(e));
            }
            onDone.accept(o);
            out[p.index()] = o;
        }
        return List.of(out);
    }

    private static List<RecoOutcome> runLib(
            JobContext ctx, String folder, RecoBenchConfig config, List<Planned> plan, Consumer<RecoOutcome> onDone) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ctx.spark().sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.parallelTrials(), plan.size()), r -> {
            Thread t = new Thread(r, "reco-trial-driver");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RecoOutcome>> futures = new ArrayList<>();
            for (Planned p : plan) {
                futures.add(pool.submit(() -> {
                    jsc.setJobGroup(
                            "sweeplake-reco-trial-" + p.index(),
                            String.format(
                                    Locale.ROOT,
                                    "lib-ctr %s %s",
                                    p.point().model().id(),
                                    p.point().json()),
                            true);
                    long t0 = System.currentTimeMillis();
                    RecoOutcome o;
                    try {
                        o = jsc.parallelize(List.of(p), 1)
                                .mapPartitions(new Task(conf, folder, config.k(), config.threads()))
                                .collect()
                                .get(0);
                    } catch (RuntimeException e) {
                        o = RecoOutcome.failed(p.index(), "driver", t0, Errors.oneLine(e));
                    }
                    onDone.accept(o);
                    return o;
                }));
            }
            List<RecoOutcome> out = new ArrayList<>();
            for (Future<RecoOutcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    jsc.cancelAllJobs();
                    throw new IllegalStateException("interrupted while waiting for reco trials", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(
                            "reco trial driver thread failed: " + Errors.oneLine(e.getCause()), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
            conf.destroy();
        }
    }

    /** The task body: reads the split files (cached per executor) and runs the protocol. */
    static final class Task implements FlatMapFunction<Iterator<Planned>, RecoOutcome> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<SerializableConfiguration> conf;
        private final String folder;
        private final int k;
        private final int threads;

        Task(Broadcast<SerializableConfiguration> conf, String folder, int k, int threads) {
            this.conf = conf;
            this.folder = folder;
            this.k = k;
            this.threads = threads;
        }

        @Override
        public Iterator<RecoOutcome> call(Iterator<Planned> it) {
            List<RecoOutcome> out = new ArrayList<>();
            while (it.hasNext()) {
                Planned p = it.next();
                String executor = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
                long started = System.currentTimeMillis();
                try {
                    Splits s = Splits.get(conf.value().value(), folder);
                    RecoFits.Evaluated e =
                            RecoFits.protocol(null, p.point(), p.seed(), s.train, s.valid, s.test, k, threads);
                    long ended = System.currentTimeMillis();
                    out.add(new RecoOutcome(
                            p.index(),
                            e.valid(),
                            e.test(),
                            e.fitSeconds(),
                            (ended - started) / 1e3,
                            e.usersPerSecond(),
                            executor,
                            started,
                            ended,
                            null,
                            null));
                } catch (RuntimeException | OutOfMemoryError e) {
                    out.add(RecoOutcome.failed(p.index(), executor, started, Errors.oneLine(e)));
                }
            }
            return out.iterator();
        }
    }

    /** The split files of one folder, cached per executor JVM (one entry). Thread-safe. */
    static final class Splits {
        private static Splits cached;
        final String folder;
        final Interactions train;
        final Interactions valid;
        final Interactions test;

        private Splits(String folder, Interactions train, Interactions valid, Interactions test) {
            this.folder = folder;
            this.train = train;
            this.valid = valid;
            this.test = test;
        }

        static synchronized Splits get(org.apache.hadoop.conf.Configuration conf, String folder) {
            if (cached != null && cached.folder.equals(folder)) {
                return cached;
            }
            cached = new Splits(
                    folder,
                    RecoSplitStore.read(conf, folder, "train"),
                    RecoSplitStore.read(conf, folder, "valid"),
                    RecoSplitStore.read(conf, folder, "test"));
            return cached;
        }
    }
}
