package dev.sweeplake.jobs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real multi-JVM Spark standalone cluster (master + worker on 127.0.0.1) started from the project's own jars by
 * {@code submit/local-cluster.sh}, and a way to run {@code bin/sweeplake --master ...} against it (spark-submit path).
 */
public final class LocalCluster implements AutoCloseable {
    private final Path root;
    private final Path dir;
    private final String master;
    private final String sparkHome;

    private final Map<String, String> env;

    private LocalCluster(Path root, Path dir, String master, String sparkHome, Map<String, String> env) {
        this.env = env;
        this.root = root;
        this.dir = dir;
        this.master = master;
        this.sparkHome = sparkHome;
    }

    /** The repository root (set by Surefire/Failsafe). */
    public static Path repoRoot() {
        return Path.of(System.getProperty("sweeplake.repo.root", System.getProperty("user.dir") + "/.."));
    }

    public static LocalCluster start(Path dir, int cores) throws IOException, InterruptedException {
        return start(dir, cores, 0, Map.of());
    }

    /**
     * A cluster whose worker offers {@code gpus} GPUs found by {@code submit/gpu-discovery.sh}; {@code env} is added to the
     * daemons' and the submissions' environment (e.g. a PATH with a fake nvidia-smi).
     */
    public static LocalCluster start(Path dir, int cores, int gpus, Map<String, String> env)
            throws IOException, InterruptedException {
        Path root = repoRoot();
        Result r = exec(
                root,
                env,
                300,
                root.resolve("submit/local-cluster.sh").toString(),
                "start",
                "--dir",
                dir.toString(),
                "--cores",
                String.valueOf(cores),
                "--memory",
                "2g",
                "--gpus",
                String.valueOf(gpus));
        if (r.code() != 0) {
            throw new IllegalStateException("local cluster did not start: " + r.err());
        }
        String master = null;
        String home = null;
        for (String line : r.out().split("\n")) {
            if (line.startsWith("MASTER=")) {
                master = line.substring(7).trim();
            } else if (line.startsWith("SPARK_HOME=")) {
                home = line.substring(11).trim();
            }
        }
        return new LocalCluster(root, dir, master, home, Map.copyOf(env));
    }

    public String master() {
        return master;
    }

    /** Runs {@code bin/sweeplake --master <this cluster> args...} (spark-submit path). */
    public Result sweeplake(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        return sweeplakeWith("", timeoutSeconds, args);
    }

    /** As {@link #sweeplake(int, String...)} with extra spark-submit options. */
    public Result sweeplakeWith(String submitOpts, int timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("bin/sweeplake").toString());
        cmd.add("--master");
        cmd.add(master);
        cmd.addAll(List.of(args));
        // Everything on loopback: the driver binds to and advertises 127.0.0.1 to the executors.
        Map<String, String> e = new java.util.HashMap<>(env);
        e.putAll(Map.of(
                "SPARK_HOME",
                sparkHome,
                "SWEEPLAKE_DRIVER_MEMORY",
                "1g",
                "SPARK_LOCAL_IP",
                "127.0.0.1",
                "SWEEPLAKE_SUBMIT_OPTS",
                "--executor-memory 1g --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1"
                        + " --conf spark.driver.bindAddress=127.0.0.1 " + submitOpts));
        return exec(root, e, timeoutSeconds, cmd.toArray(new String[0]));
    }

    /** How many applications ran on the worker (each in its own executor JVM folder). */
    public long applicationsRun() throws IOException {
        Path work = dir.resolve("work");
        try (var s = Files.list(work)) {
            return s.filter(p -> p.getFileName().toString().startsWith("app-")).count();
        }
    }

    /** The executors' stderr logs of every application run on the worker. */
    public List<Path> executorLogs() throws IOException {
        try (var s = Files.walk(dir.resolve("work"))) {
            return s.filter(p -> p.getFileName().toString().equals("stderr")).toList();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        exec(root, Map.of(), 60, root.resolve("submit/local-cluster.sh").toString(), "stop", "--dir", dir.toString());
    }

    /** A finished process. */
    public record Result(int code, String out, String err) {}

    public static Result exec(Path cwd, Map<String, String> env, int timeoutSeconds, String... cmd)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("proc", ".out");
        Path err = Files.createTempFile("proc", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " timed out after " + timeoutSeconds
                    + " s; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
