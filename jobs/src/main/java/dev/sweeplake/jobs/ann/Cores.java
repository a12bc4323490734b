package dev.sweeplake.jobs.ann;

import org.apache.spark.sql.SparkSession;

/** The number of task slots (cores) of the application, for partitioning and per-core figures. Stateless. */
public final class Cores {
    private Cores() {}

    public static int total(SparkSession spark) {
        String master = spark.sparkContext().master();
        if (master.startsWith("local")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]")
                    .matcher(master);
            if (m.matches()) {
                return m.group(1).equals("*")
                        ? Runtime.getRuntime().availableProcessors()
                        : Integer.parseInt(m.group(1));
            }
            return 1;
        }
        int execs = Math.max(1, spark.sparkContext().getExecutorMemoryStatus().size() - 1);
        int perExec = spark.sparkContext().getConf().getInt("spark.executor.cores", 1);
        int taskCpus = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
        return Math.max(1, execs * perExec / taskCpus);
    }
}
