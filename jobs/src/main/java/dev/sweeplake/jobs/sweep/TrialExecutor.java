package dev.sweeplake.jobs.sweep;

import dev.sweeplake.jobs.store.TrialRecord.TrialState;
import dev.sweeplake.jobs.sweep.spi.Objective;
import dev.sweeplake.jobs.sweep.spi.SearchSpace;
import dev.sweeplake.jobs.sweep.spi.TrialContext;
import dev.sweeplake.jobs.util.Errors;
import java.io.Serializable;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs trials with bounded concurrency: a pool of {@code parallelism} driver threads, each running one trial at a time in
 * its own Spark job group {@code sweeplake-trial-<trial id>} (visible in the Spark UI, cancellable).
 *
 * <ul>
 *   <li>Task placement: the trial is one Spark task (a one-partition job) on an executor. With {@code cores_per_trial > 1}
 *       on a cluster manager that supports stage-level scheduling (standalone, YARN, Kubernetes), the job carries a task
 *       ResourceProfile asking for that many CPUs per task. In local mode Spark does not support ResourceProfiles: every
 *       trial task takes {@code spark.task.cpus} (default 1) of the {@code local[N]} slots, so at most {@code N} trials run
 *       at once whatever the parallelism; this is logged once.
 *   <li>Driver placement: the objective runs on the pool thread and starts its own Spark jobs (an MLlib estimator), all in
 *       the trial's job group.
 * </ul>
 *
 * <p>A trial still running after {@code timeout} is cancelled: its job group is cancelled (with interruption of the task
 * threads) and a driver-placed trial's thread is interrupted; it is reported TIMED_OUT. An exception from the objective is
 * caught inside the task (so Spark does not retry it) and reported FAILED with its message.
 *
 * <p>The Spark implementation of the sweep loop's {@link TrialRunner} port. Thread-safe.
 */
final class TrialExecutor implements TrialRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TrialExecutor.class);
    private static final AtomicBoolean LOCAL_NOTE = new AtomicBoolean();

    private final SparkSession spark;
    private final Objective objective;
    private final Objective.Placement placement;
    private final long timeoutMillis;
    private final int cores;
    private final ExecutorService pool;
    private final ScheduledExecutorService watchdog;
    private final ResourceProfile profile;
    private final AtomicInteger running = new AtomicInteger();

    /** The result of a trial task: metrics or an error message, and where it ran. Serializable: it travels from a task. */
    static final class TaskResult implements Serializable {
        private static final long serialVersionUID = 1L;
        final HashMap<String, Double> metrics;
        final String error;
        final String executor;
        final long startMillis;
        final long endMillis;

        TaskResult(HashMap<String, Double> metrics, String error, String executor, long startMillis, long endMillis) {
            this.metrics = metrics;
            this.error = error;
            this.executor = executor;
            this.startMillis = startMillis;
            this.endMillis = endMillis;
        }
    }

    TrialExecutor(
            SparkSession spark,
            Objective objective,
            Objective.Placement placement,
            int parallelism,
            double timeoutS,
            int cores) {
        this.spark = spark;
        this.objective = objective;
        this.placement = placement;
        this.timeoutMillis = (long) Math.ceil(timeoutS * 1000);
        this.cores = cores;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "sweep-trial-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sweep-trial-watchdog");
            t.setDaemon(true);
            return t;
        });
        this.profile = placement == Objective.Placement.TASK ? resourceProfile(spark.sparkContext(), cores) : null;
    }

    private static ResourceProfile resourceProfile(SparkContext sc, int cores) {
        if (sc.master().startsWith("local")) {
            if (LOCAL_NOTE.compareAndSet(false, true)) {
                LOG.info(
                        "local mode ({}): stage-level scheduling is not supported, each trial task takes spark.task.cpus = {} core(s); "
                                + "at most {} trials run at once",
                        sc.master(),
                        sc.conf().get("spark.task.cpus", "1"),
                        sc.defaultParallelism());
            }
            return null;
        }
        if (cores <= 1) {
            return null;
        }
        try {
            ResourceProfile p = new ResourceProfileBuilder()
                    .require(new TaskResourceRequests().cpus(cores))
                    .build();
            LOG.info("trial tasks ask for {} CPUs each (stage-level scheduling, resource profile {})", cores, p.id());
            return p;
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot build a ResourceProfile with {} cpus per task ({}); trials use spark.task.cpus",
                    cores,
                    Errors.oneLine(e));
            return null;
        }
    }

    @Override
    public int running() {
        return running.get();
    }

    /** Runs the trial on a pool thread and hands its outcome to {@code done} (on that thread). */
    @Override
    public void submit(TrialSpec spec, Consumer<Outcome> done) {
        pool.execute(() -> done.accept(runOne(spec)));
    }

    private Outcome runOne(TrialSpec spec) {
        running.incrementAndGet();
        String group = "sweeplake-trial-" + spec.trialId();
        SparkContext sc = spark.sparkContext();
        sc.setJobGroup(
                group,
                String.format(
                        Locale.ROOT,
                        "sweep %s trial %s seed %d %s",
                        spec.studyId(),
                        spec.paramsJson(),
                        spec.seed(),
                        Double.isNaN(spec.fidelity()) ? "" : "fidelity " + SearchSpace.fmt(spec.fidelity())),
                true);
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread self = Thread.currentThread();
        ScheduledFuture<?> alarm = watchdog.schedule(
                () -> {
                    timedOut.set(true);
                    sc.cancelJobGroup(group);
                    if (placement == Objective.Placement.DRIVER) {
                        self.interrupt();
                    }
                },
                timeoutMillis,
                TimeUnit.MILLISECONDS);
        Instant start = Instant.now();
        try {
            TrialContext ctx = new TrialContext(
                    spec.params(),
                    spec.seed(),
                    spec.fidelityName(),
                    spec.fidelity(),
                    spec.dataset(),
                    cores,
                    spec.trialId(),
                    null);
            TaskResult r;
            if (placement == Objective.Placement.TASK) {
                r = runAsTask(ctx);
            } else {
                r = runOnDriver(new TrialContext(
                        ctx.params(),
                        ctx.seed(),
                        ctx.fidelityName(),
                        ctx.fidelity(),
                        ctx.dataset(),
                        cores,
                        ctx.trialId(),
                        spark));
            }
            alarm.cancel(false);
            if (timedOut.get()) {
                return timedOut(spec, start);
            }
            Instant s = r.startMillis > 0 ? Instant.ofEpochMilli(r.startMillis) : start;
            Instant e = r.endMillis > 0 ? Instant.ofEpochMilli(r.endMillis) : Instant.now();
            if (r.error != null) {
                return new Outcome(TrialState.FAILED, Map.of(), r.error, s, e, r.executor);
            }
            return new Outcome(TrialState.COMPLETED, r.metrics, null, s, e, r.executor);
        } catch (Throwable t) {
            alarm.cancel(false);
            if (timedOut.get()) {
                return timedOut(spec, start);
            }
            return new Outcome(
                    TrialState.FAILED,
                    Map.of(),
                    Errors.oneLine(t),
                    start,
                    Instant.now(),
                    placement == Objective.Placement.DRIVER ? "driver" : null);
        } finally {
            Thread.interrupted(); // a late alarm must not leak an interrupt into the next trial on this thread
            sc.clearJobGroup();
            running.decrementAndGet();
        }
    }

    private Outcome timedOut(TrialSpec spec, Instant start) {
        return new Outcome(
                TrialState.TIMED_OUT,
                Map.of(),
                String.format(
                        Locale.ROOT, "timed out after %.1f s (execution.trial_timeout_s)", timeoutMillis / 1000.0),
                start,
                Instant.now(),
                placement == Objective.Placement.DRIVER ? "driver" : null);
    }

    private TaskResult runAsTask(TrialContext ctx) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Objective obj = objective;
        JavaRDD<Integer> one = jsc.parallelize(List.of(0), 1);
        if (profile != null) {
            one = one.withResources(profile);
        }
        return one.map(i -> evaluateInTask(obj, ctx)).collect().get(0);
    }

    /** Runs in the task: objective errors become a result (no Spark retry); an interrupt (cancel) kills the task. */
    static TaskResult evaluateInTask(Objective obj, TrialContext ctx) throws InterruptedException {
        long start = System.currentTimeMillis();
        String where = executorName();
        try {
            Map<String, Double> m = obj.evaluate(ctx);
            return new TaskResult(new HashMap<>(m), null, where, start, System.currentTimeMillis());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | LinkageError | AssertionError e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("trial cancelled");
            }
            return new TaskResult(
                    null,
                    e.getClass().getSimpleName() + ": " + Errors.oneLine(e),
                    where,
                    start,
                    System.currentTimeMillis());
        }
    }

    private TaskResult runOnDriver(TrialContext ctx) throws InterruptedException {
        long start = System.currentTimeMillis();
        try {
            Map<String, Double> m = objective.evaluate(ctx);
            return new TaskResult(new HashMap<>(m), null, "driver", start, System.currentTimeMillis());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | LinkageError | AssertionError e) {
            return new TaskResult(
                    null,
                    e.getClass().getSimpleName() + ": " + Errors.oneLine(e),
                    "driver",
                    start,
                    System.currentTimeMillis());
        }
    }

    private static String executorName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        SparkEnv env = SparkEnv.get();
        return (env == null ? "?" : env.executorId()) + "@" + host;
    }

    /** Cancels every running trial's Spark jobs and stops the pool. */
    @Override
    public void close() {
        pool.shutdownNow();
        watchdog.shutdownNow();
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
