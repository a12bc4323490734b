package dev.sweeplake.jobs.util;

import java.util.Locale;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;

/**
 * Progress lines for Spark work: while a phase (a Spark job group) runs longer than a few seconds, prints every few
 * seconds the tasks done/total of its jobs, the rate and an ETA. A phase given a {@link WorkCounter} estimates rate and
 * ETA from its units of work (tasks of one phase can differ in cost by orders of magnitude); otherwise from tasks, and
 * then only while all of the phase's tasks belong to one stage (a later stage's tasks are not comparable). One daemon
 * thread per instance, started on first use. Thread-safe.
 */
public final class SparkProgress {
    private static final long FIRST_LINE_AFTER_MS = 4000;
    private static final long INTERVAL_MS = 3000;

    private final SparkSession spark;
    private final Console console;
    private volatile String group;
    private volatile String description;
    private volatile long phaseStart;
    private volatile WorkCounter work;
    private Thread thread;

    public SparkProgress(SparkSession spark, Console console) {
        this.spark = spark;
        this.console = console;
    }

    /** Follows the jobs of {@code group} from now on. */
    public synchronized void watch(String group, String description) {
        watch(group, description, null);
    }

    /** Follows the jobs of {@code group} from now on, estimating the ETA from {@code work} (may be null). */
    public synchronized void watch(String group, String description, WorkCounter work) {
        this.work = work;
        this.group = group;
        this.description = description;
        this.phaseStart = System.currentTimeMillis();
        if (thread == null) {
            thread = new Thread(this::loop, "sweeplake-spark-progress");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops following the current group. */
    public void clear() {
        this.group = null;
    }

    private void loop() {
        String lastLine = "";
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
            String g = group;
            if (g == null
                    || System.currentTimeMillis() - phaseStart < FIRST_LINE_AFTER_MS
                    || spark.sparkContext().isStopped()) {
                continue;
            }
            try {
                String line = line(g);
                if (line != null && !line.equals(lastLine)) {
                    console.progress(line);
                    lastLine = line;
                }
            } catch (RuntimeException ignored) {
                // The tracker is best effort; never let progress reporting disturb the job.
            }
        }
    }

    private String line(String g) {
        SparkStatusTracker tracker = spark.sparkContext().statusTracker();
        long total = 0;
        long done = 0;
        long running = 0;
        int stages = 0;
        boolean active = false;
        for (int jobId : tracker.getJobIdsForGroup(g)) {
            scala.Option<SparkJobInfo> job = tracker.getJobInfo(jobId);
            if (job.isEmpty()) {
                continue;
            }
            active |= job.get().status() == org.apache.spark.JobExecutionStatus.RUNNING;
            for (int stageId : job.get().stageIds()) {
                scala.Option<SparkStageInfo> st = tracker.getStageInfo(stageId);
                if (st.isDefined()) {
                    stages++;
                    total += st.get().numTasks();
                    done += st.get().numCompletedTasks();
                    running += st.get().numActiveTasks();
                }
            }
        }
        if (!active || total == 0) {
            return null;
        }
        double secs = Math.max(1e-3, (System.currentTimeMillis() - phaseStart) / 1000.0);
        WorkCounter w = work;
        if (w != null && w.total() > 0) {
            long units = w.done();
            double rate = units / secs;
            String eta = units > 0 && units < w.total() ? Progress.formatSeconds((w.total() - units) / rate) : "-";
            return String.format(
                    Locale.ROOT,
                    "[%s] %d/%d %s (%.0f%%), %.0f %s/s; %d/%d tasks, %d running; elapsed %s, ETA %s",
                    description,
                    units,
                    w.total(),
                    w.unit(),
                    100.0 * units / w.total(),
                    rate,
                    w.unit(),
                    done,
                    total,
                    running,
                    Progress.formatSeconds(secs),
                    eta);
        }
        double rate = done / secs;
        String eta = done > 0 && done < total && stages == 1 ? Progress.formatSeconds((total - done) / rate) : "-";
        return String.format(
                Locale.ROOT,
                "[%s] %d/%d tasks (%.0f%%), %d running, %.2f tasks/s, elapsed %s, ETA %s",
                description,
                done,
                total,
                100.0 * done / total,
                running,
                rate,
                Progress.formatSeconds(secs),
                eta);
    }
}
