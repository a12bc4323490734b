package dev.sweeplake.jobs.util;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Units of work done by a phase's tasks (vectors inserted, rows written), out of a total known on the driver, so that a
 * progress line estimates its ETA from the work rather than from task counts (tasks of one phase can differ in cost by
 * orders of magnitude: a shuffle's many quick map tasks, then a few long shard builds). Tasks call {@link #add}; the
 * driver reads {@link #done()}: a named {@link LongAccumulator} (exact, but merged only when a task ends) and, in local
 * mode where tasks share the driver's JVM, a JVM-wide live counter of the same name, so the estimate moves while a long
 * task runs. Thread-safe; serialisable (shipped inside task closures).
 */
public final class WorkCounter implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicLong> LIVE = new ConcurrentHashMap<>();

    private final String key;
    private final LongAccumulator acc;
    private final long total;
    private final String unit;

    private WorkCounter(String key, LongAccumulator acc, long total, String unit) {
        this.key = key;
        this.acc = acc;
        this.total = total;
        this.unit = unit;
    }

    /** A counter for {@code total} units named {@code unit} (e.g. "vectors"), registered with the session. */
    public static WorkCounter create(SparkSession spark, String name, long total, String unit) {
        String key = name + "#" + System.nanoTime();
        LongAccumulator acc = spark.sparkContext().longAccumulator(name);
        return new WorkCounter(key, acc, Math.max(0, total), unit);
    }

    /** Called by tasks: {@code n} more units done. */
    public void add(long n) {
        if (n <= 0) {
            return;
        }
        acc.add(n);
        LIVE.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(n);
    }

    /** Driver side: units done so far (at most the total). */
    public long done() {
        AtomicLong live = LIVE.get(key);
        long d = Math.max(acc.value(), live == null ? 0 : live.get());
        return Math.min(total, d);
    }

    public long total() {
        return total;
    }

    public String unit() {
        return unit;
    }

    /** Driver side: forgets the live counter once the phase is over. */
    public void close() {
        LIVE.remove(key);
    }
}
