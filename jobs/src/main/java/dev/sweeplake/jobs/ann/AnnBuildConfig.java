package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import dev.sweeplake.jobs.config.Required;
import java.util.List;

/**
 * Config of {@code sweeplake ann build} (conf/ann/*.yaml). Immutable; validated once on the driver.
 *
 * @param dataDir           replaces {@code {data_dir}} in input paths (the CLI's --data-dir)
 * @param input             the base vectors (required)
 * @param output            index folder: local path or any Hadoop path (required)
 * @param index             engine and build parameters of every shard
 * @param shards            number of shards, one Spark task each
 * @param sharding          hash of the id, or nearest k-means centroid
 * @param balanceFactor     kmeans: no shard holds more than max(ceil(n/shards), balance_factor * n / shards) vectors
 * @param kmeansSampleRows  kmeans: rows sampled (seeded) to train the centroids on the driver
 * @param kmeansIterations  kmeans: Lloyd iterations for the centroids
 * @param threadsPerShard   threads that build one shard inside its task (and CPUs requested per task where the cluster
 *                          supports stage-level scheduling)
 * @param dimension         expected dimension, 0 = take it from the input (file header or first row)
 * @param badRows           fail (default) or skip-and-count rows with a null id, a wrong dimension or NaN/Inf
 * @param insertionOrder    insertion order inside a shard
 * @param failFirstAttemptShards fault injection for tests: these shards' tasks fail on their first attempt after
 *                          writing part of their files
 * @param gpu               off (default), auto or required: the shard builds' device (see {@link GpuTasks}); auto falls
 *                          back to the CPU engine of the same family where no GPU is usable
 * @param gpusPerTask       GPUs each shard task asks for where the executors have GPUs: 1, or a fraction in (0, 0.5]
 * @param device            CUDA device ordinal in local mode (on a cluster the task's address from Spark is used)
 */
public record AnnBuildConfig(
        String dataDir,
        @Required VectorSourceConfig input,
        @Required String output,
        IndexSpec index,
        int shards,
        Sharding sharding,
        double balanceFactor,
        int kmeansSampleRows,
        int kmeansIterations,
        int threadsPerShard,
        int dimension,
        BadRowPolicy badRows,
        InsertionOrder insertionOrder,
        List<Integer> failFirstAttemptShards,
        GpuMode gpu,
        double gpusPerTask,
        int device)
        implements DataDirConfig<AnnBuildConfig> {

    public AnnBuildConfig {
        Checks.notBlank("data_dir", dataDir);
        Checks.notNull("input", input);
        Checks.notBlank("output", output);
        Checks.notNull("index", index);
        Checks.intIn("shards", shards, 1, 100_000);
        Checks.notNull("sharding", sharding);
        Checks.doubleIn("balance_factor", balanceFactor, 1.0, 1000.0);
        Checks.intIn("kmeans_sample_rows", kmeansSampleRows, 1, 10_000_000);
        Checks.intIn("kmeans_iterations", kmeansIterations, 1, 1000);
        Checks.intIn("threads_per_shard", threadsPerShard, 1, 1024);
        Checks.intIn("dimension", dimension, 0, 1 << 16);
        Checks.notNull("bad_rows", badRows);
        Checks.notNull("insertion_order", insertionOrder);
        failFirstAttemptShards = failFirstAttemptShards == null ? List.of() : List.copyOf(failFirstAttemptShards);
        for (int s : failFirstAttemptShards) {
            if (s < 0 || s >= shards) {
                throw new InvalidValueException(
                        "fail_first_attempt_shards", "expected shard numbers in [0, " + (shards - 1) + "], got " + s);
            }
        }
        GpuTasks.checkKeys(gpu, gpusPerTask, device);
    }

    public static AnnBuildConfig defaults() {
        return new AnnBuildConfig(
                "../shared/data",
                VectorSourceConfig.defaults(),
                "indexes/ann",
                IndexSpec.defaults(),
                4,
                Sharding.KMEANS,
                1.5,
                20_000,
                20,
                1,
                0,
                BadRowPolicy.FAIL,
                InsertionOrder.ID,
                List.of(),
                GpuMode.OFF,
                1.0,
                0);
    }

    public AnnBuildConfig withInput(VectorSourceConfig v) {
        return new AnnBuildConfig(
                dataDir,
                v,
                output,
                index,
                shards,
                sharding,
                balanceFactor,
                kmeansSampleRows,
                kmeansIterations,
                threadsPerShard,
                dimension,
                badRows,
                insertionOrder,
                failFirstAttemptShards,
                gpu,
                gpusPerTask,
                device);
    }

    public AnnBuildConfig withOutput(String v) {
        return new AnnBuildConfig(
                dataDir,
                input,
                v,
                index,
                shards,
                sharding,
                balanceFactor,
                kmeansSampleRows,
                kmeansIterations,
                threadsPerShard,
                dimension,
                badRows,
                insertionOrder,
                failFirstAttemptShards,
                gpu,
                gpusPerTask,
                device);
    }

    public AnnBuildConfig withIndex(IndexSpec v) {
        return new AnnBuildConfig(
                dataDir,
                input,
                output,
                v,
                shards,
                sharding,
                balanceFactor,
                kmeansSampleRows,
                kmeansIterations,
                threadsPerShard,
                dimension,
                badRows,
                insertionOrder,
                failFirstAttemptShards,
                gpu,
                gpusPerTask,
                device);
    }

    public AnnBuildConfig withSharding(Sharding v, int n) {
        return new AnnBuildConfig(
                dataDir,
                input,
                output,
                index,
                n,
                v,
                balanceFactor,
                kmeansSampleRows,
                kmeansIterations,
                threadsPerShard,
                dimension,
                badRows,
                insertionOrder,
                failFirstAttemptShards,
                gpu,
                gpusPerTask,
                device);
    }

    public AnnBuildConfig withBadRows(BadRowPolicy v) {
        return new AnnBuildConfig(
                dataDir,
                input,
                output,
                index,
                shards,
                sharding,
                balanceFactor,
                kmeansSampleRows,
                kmeansIterations,
                threadsPerShard,
                dimension,
                v,
                insertionOrder,
                failFirstAttemptShards,
                gpu,
                gpusPerTask,
                device);
    }

    public AnnBuildConfig withFailFirstAttemptShards(List<Integer> v) {
        return new AnnBuildConfig(
                dataDir,
                input,
                output,
                index,
                shards,
                sharding,
                balanceFactor,
                kmeansSampleRows,
                kmeansIterations,
                threadsPerShard,
                dimension,
                badRows,
                insertionOrder,
                v,
                gpu,
                gpusPerTask,
                device);
    }

    @Override
    public AnnBuildConfig withDataDir(String v) {
        return new AnnBuildConfig(
                v,
                input,
                output,
                index,
                shards,
                sharding,
                balanceFactor,
                kmeansSampleRows,
                kmeansIterations,
                threadsPerShard,
                dimension,
                badRows,
                insertionOrder,
                failFirstAttemptShards,
                gpu,
                gpusPerTask,
                device);
    }

    public AnnBuildConfig withThreadsPerShard(int v) {
        return new AnnBuildConfig(
                dataDir,
                input,
                output,
                index,
                shards,
                sharding,
                balanceFactor,
                kmeansSampleRows,
                kmeansIterations,
                v,
                dimension,
                badRows,
                insertionOrder,
                failFirstAttemptShards,
                gpu,
                gpusPerTask,
                device);
    }

    public AnnBuildConfig withGpu(GpuMode mode, double perTask, int dev) {
        return new AnnBuildConfig(
                dataDir,
                input,
                output,
                index,
                shards,
                sharding,
                balanceFactor,
                kmeansSampleRows,
                kmeansIterations,
                threadsPerShard,
                dimension,
                badRows,
                insertionOrder,
                failFirstAttemptShards,
                mode,
                perTask,
                dev);
    }

    /** The driver-side GPU plan of the shard tasks. */
    public GpuTasks.Plan gpuPlan(org.apache.spark.SparkContext sc, String what) {
        return GpuTasks.plan(sc, gpu, gpusPerTask, device, what);
    }
}
