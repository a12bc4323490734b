package dev.sweeplake.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code sweeplake} in a separate JVM (a driver of its own, with a local Spark), as a second user or an Airflow
 * retry would: the test's class path, the JVM flags Spark needs, output to a log file.
 */
public final class ChildJvm {
    /** The same JVM options as Surefire's argLine (the parent pom's spark.jvm.flags). */
    public static final List<String> JVM_FLAGS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private ChildJvm() {}

    /** The command line of a child driver: {@code extraJvm} (e.g. -D flags) then the CLI arguments. */
    public static List<String> command(List<String> extraJvm, List<String> cliArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx700m");
        cmd.addAll(JVM_FLAGS);
        cmd.add("-Dspark.master=local[1]");
        cmd.add("-Dspark.ui.enabled=false");
        cmd.add("-Dspark.driver.host=127.0.0.1");
        cmd.add("-Dspark.driver.bindAddress=127.0.0.1");
        cmd.add("-Dspark.sql.shuffle.partitions=2");
        cmd.addAll(extraJvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.sweeplake.jobs.cli.Main");
        cmd.addAll(cliArgs);
        return cmd;
    }

    /** Starts a child driver with standard output and error together in {@code log}. */
    public static Process start(List<String> extraJvm, List<String> cliArgs, Path log) throws IOException {
        return new ProcessBuilder(command(extraJvm, cliArgs))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The last lines of a log, for assertion messages. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
