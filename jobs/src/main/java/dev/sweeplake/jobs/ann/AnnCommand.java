package dev.sweeplake.jobs.ann;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.JobResult;
import dev.sweeplake.jobs.command.DataDirOption;
import dev.sweeplake.jobs.command.GroupCommand;
import dev.sweeplake.jobs.command.SparkCommand;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code sweeplake ann}: sharded ANN indexes on Spark (build, search, bench) and lib-ann's micro benchmark. */
@Command(
        name = "ann",
        mixinStandardHelpOptions = true,
        description = {
            "Sharded ANN indexes on Spark: build an index from a vector table, search a query table with it,",
            "benchmark engines and settings (recall, queries/s, latency, build time, bytes) against exact ground truth",
            "and Spark MLlib LSH, with every figure in the Delta metrics tables. See conf/ann/README.md."
        },
        subcommands = {
            AnnCommand.Build.class,
            AnnCommand.Search.class,
            AnnCommand.Bench.class,
            AnnCommand.Micro.class,
            AnnCommand.GpuBench.class
        })
public final class AnnCommand extends GroupCommand {

    /** A command whose config has a {@code data_dir}: adds {@code --data-dir}, which replaces it. */
    abstract static class DataDirCommand<C extends Record & DataDirConfig<C>> extends SparkCommand<C> {
        @Mixin
        DataDirOption dataDir = new DataDirOption();

        /** The config with {@code --data-dir} applied. */
        C resolve(C c) {
            return dataDir.apply(c, C::withDataDir);
        }
    }

    /** Checks, before Spark starts, that local input files exist. */
    static void checkLocalFile(VectorSourceConfig src, String dataDir, String key) {
        String path = VectorInput.resolvePath(src, dataDir);
        if (VectorSourceConfig.isTable(src.format()) || path.contains("://")) {
            return;
        }
        String p = path.startsWith("file:") ? path.substring(5) : path;
        if (!Files.exists(Path.of(p))) {
            throw new IllegalArgumentException(
                    key + ": " + src.format() + " file " + path + " must exist, actual missing (check --data-dir)");
        }
    }

    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description = {
                "Build a sharded index: read and check the vectors, assign them to shards (hash or balanced",
                "k-means), build one lib-ann index per shard in one Spark task each, commit atomically (shards, manifest,",
                "_SUCCESS). Config keys (conf/ann/digits-build.yaml): data_dir, input{format,path,id_column,vector_column,",
                "from_row,to_row,repeat,jitter,...}, output, index{engine,metric,m,ef_construction,nlist,...}, shards,",
                "sharding, balance_factor, kmeans_sample_rows, kmeans_iterations, threads_per_shard, dimension, bad_rows,",
                "insertion_order."
            })
    public static final class Build extends DataDirCommand<AnnBuildConfig> {
        @Override
        protected Class<AnnBuildConfig> configType() {
            return AnnBuildConfig.class;
        }

        @Override
        protected void precheck(AnnBuildConfig config) {
            AnnBuildConfig c = resolve(config);
            checkLocalFile(c.input(), c.dataDir(), "input");
        }

        @Override
        protected JobResult run(JobContext ctx, AnnBuildConfig config) {
            return AnnBuildJob.run(ctx, resolve(config));
        }

        @Override
        protected String appName() {
            return "ann build";
        }
    }

    @Command(
            name = "search",
            mixinStandardHelpOptions = true,
            description = {
                "Search a query table with a built index; writes query_id, rank, neighbor_id, distance.",
                "Config keys (conf/ann/digits-search.yaml): data_dir, index, queries{...}, output, output_format, k,",
                "search{nprobe,ef,ivf_nprobe,rerank}, partitions, bad_rows."
            })
    public static final class Search extends DataDirCommand<AnnSearchConfig> {
        @Override
        protected Class<AnnSearchConfig> configType() {
            return AnnSearchConfig.class;
        }

        @Override
        protected void precheck(AnnSearchConfig config) {
            AnnSearchConfig c = resolve(config);
            checkLocalFile(c.queries(), c.dataDir(), "queries");
        }

        @Override
        protected JobResult run(JobContext ctx, AnnSearchConfig config) {
            return AnnSearchJob.run(ctx, resolve(config));
        }

        @Override
        protected String appName() {
            return "ann search";
        }
    }

    @Command(
            name = "bench",
            mixinStandardHelpOptions = true,
            description = {
                "Benchmark: build or reuse an index, exact ground truth (cached), one trial per search setting",
                "(recall@k, queries/s total and per core, latency p50/p95/p99, build s, bytes), optionally Spark MLlib",
                "BucketedRandomProjectionLSH on the same data. With --json the last line is",
                "{\"run_id\":..,\"rows\":[{\"engine\":..,\"shards\":..,\"sharding\":..,\"nprobe\":..,\"queries\":..,",
                "\"recall_at_10\":..,\"qps\":..,\"qps_per_core\":..,\"p50_ms\":..,\"p95_ms\":..,\"p99_ms\":..,\"build_s\":..,",
                "\"bytes\":..,\"params\":{..}},...]}. Config keys (conf/ann/mnist-bench.yaml): data_dir, base, queries, index,",
                "reuse_index, build{...as ann build}, k, searches[{nprobe,ef,ivf_nprobe,rerank}], query_repeat, partitions,",
                "engines, lsh{bucket_lengths,num_hash_tables,max_queries,seed}, ground_truth_dir, baseline, study."
            })
    public static final class Bench extends DataDirCommand<AnnBenchConfig> {
        @Option(
                names = "--arrow-out",
                paramLabel = "FILE.arrow",
                description =
                        "Also write the bench rows as one Arrow IPC file (schema: conf/ann/README.md, \"Arrow formats\").")
        String arrowOut;

        @Override
        protected Class<AnnBenchConfig> configType() {
            return AnnBenchConfig.class;
        }

        @Override
        protected void precheck(AnnBenchConfig config) {
            AnnBenchConfig c = resolve(config);
            if (arrowOut != null && arrowOut.isBlank()) {
                throw new IllegalArgumentException("--arrow-out: expected a file path, got ''");
            }
            checkLocalFile(c.base(), c.dataDir(), "base");
            checkLocalFile(c.queries(), c.dataDir(), "queries");
        }

        @Override
        protected JobResult run(JobContext ctx, AnnBenchConfig config) {
            AnnBenchJob.Result r = AnnBenchJob.run(ctx, resolve(config));
            if (arrowOut != null) {
                ArrowOutput.writeBenchRows(
                        r.rows(), arrowOut, ctx.spark().sparkContext().hadoopConfiguration());
            }
            return r;
        }

        @Override
        protected String appName() {
            return "ann bench";
        }
    }

    @Command(
            name = "micro",
            mixinStandardHelpOptions = true,
            description = {
                "lib-ann's single-JVM micro benchmark (dev.sweeplake.ann.bench.AnnMicroBench, in lib-ann's test",
                "classes with the Java peers). Arguments are passed through, e.g. --dataset mnist-t10k|digits",
                "[--data-dir ../shared/data] [--json] [--repeats 3] [--engines a,b]. bin/sweeplake ann micro puts",
                "lib-ann's test classes and bench class path on the class path."
            })
    public static final class Micro implements Callable<Integer> {
        static final String MAIN = "dev.sweeplake.ann.bench.AnnMicroBench";

        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return runMicro(args.toArray(new String[0]));
        }

        static int runMicro(String[] args) throws Exception {
            Class<?> c;
            try {
                c = Class.forName(MAIN);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(
                        MAIN + " is not on the class path: it lives in lib-ann's test classes; run "
                                + "'bin/sweeplake ann micro ...' (it adds lib-ann/target/test-classes and lib-ann/target/"
                                + "bench-classpath.txt, building them when missing)");
            }
            Method main = c.getMethod("main", String[].class);
            try {
                main.invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            }
            return 0;
        }
    }

    @Command(
            name = "gpu-bench",
            description = {
                "lib-ann's GPU benchmark (no Spark): every GPU engine against its CPU peer on all cores on a",
                "seeded clustered set, one JSON row per engine. Flags: see --help of the benchmark (passed through)."
            })
    public static final class GpuBench implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return dev.sweeplake.ann.gpu.GpuBench.run(args.toArray(new String[0]), System.out, System.err);
        }
    }
}
