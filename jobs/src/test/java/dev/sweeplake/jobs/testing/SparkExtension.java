package dev.sweeplake.jobs.testing;

import dev.sweeplake.jobs.spark.Sessions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local SparkSession for the whole test JVM ({@code local[2,4]}: 2 cores, and a failed task is tried up to 4 times,
 * since local mode ignores spark.task.maxFailures; UI off, 4 shuffle partitions, Delta enabled), created
 * on first use and stopped when the JVM's root extension store closes. Inject it as a test/constructor parameter of type
 * {@link SparkSession}, or read {@link #spark()}.
 *
 * <pre>{@code
 * @ExtendWith(SparkExtension.class)
 * class MyJobTest {
 *   @Test void runs(SparkSession spark, @TempDir Path dir) { ... MyJob.run(JobContext.of(spark, dir.toString()), cfg) ... }
 * }
 * }</pre>
 */
public final class SparkExtension implements BeforeAllCallback, ParameterResolver {
    private static final Object LOCK = new Object();
    private static volatile SparkSession session;

    /** The shared session, created on first call. */
    public static SparkSession spark() {
        SparkSession s = session;
        if (s == null) {
            synchronized (LOCK) {
                s = session;
                if (s == null) {
                    s = Sessions.localBuilder("local[2,4]", "sweeplake-tests")
                            .config(
                                    "spark.sql.warehouse.dir",
                                    System.getProperty("java.io.tmpdir") + "/sweeplake-test-spark-warehouse")
                            .config("spark.task.maxFailures", "4")
                            .getOrCreate();
                    session = s;
                    SparkSession created = s;
                    Runtime.getRuntime().addShutdownHook(new Thread(created::stop, "stop-test-spark"));
                }
            }
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        spark();
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        return spark();
    }
}
