package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.List;

/**
 * Config of {@code sweeplake ann search}.
 *
 * @param dataDir      replaces {@code {data_dir}} in the query path
 * @param index        the index folder written by {@code ann build}
 * @param queries      the query vectors (id + vector)
 * @param output       the result table: query_id, rank, neighbor_id, distance
 * @param outputFormat parquet, delta or arrow (a folder of Arrow IPC files, see {@link ArrowOutput})
 * @param k            neighbours per query
 * @param search       nprobe (shards per query), ef, ivf_nprobe, rerank
 * @param partitions   query partitions, 0 = the cluster's cores
 * @param badRows      fail or skip-and-count bad query rows
 * @param gpu          off (default), auto or required: the search tasks' device (see {@link GpuTasks})
 * @param gpusPerTask  GPUs each search task asks for where the executors have GPUs: 1, or a fraction in (0, 0.5]
 * @param device       CUDA device ordinal in local mode
 */
public record AnnSearchConfig(
        String dataDir,
        String index,
        VectorSourceConfig queries,
        String output,
        String outputFormat,
        int k,
        SearchSetting search,
        int partitions,
        BadRowPolicy badRows,
        GpuMode gpu,
        double gpusPerTask,
        int device)
        implements DataDirConfig<AnnSearchConfig> {
    public AnnSearchConfig {
        Checks.notBlank("data_dir", dataDir);
        Checks.notBlank("index", index);
        Checks.notNull("queries", queries);
        Checks.notBlank("output", output);
        if (!List.of("parquet", "delta", "arrow").contains(outputFormat)) {
            throw new InvalidValueException(
                    "output_format", "expected parquet, delta or arrow, got '" + outputFormat + "'");
        }
        Checks.intIn("k", k, 1, 100_000);
        Checks.notNull("search", search);
        Checks.intIn("partitions", partitions, 0, 100_000);
        Checks.notNull("bad_rows", badRows);
        GpuTasks.checkKeys(gpu, gpusPerTask, device);
    }

    public static AnnSearchConfig defaults() {
        return new AnnSearchConfig(
                "../shared/data",
                "indexes/ann",
                VectorSourceConfig.defaults(),
                "results/ann-search",
                "parquet",
                10,
                SearchSetting.defaults(),
                0,
                BadRowPolicy.FAIL,
                GpuMode.OFF,
                1.0,
                0);
    }

    @Override
    public AnnSearchConfig withDataDir(String v) {
        return new AnnSearchConfig(
                v, index, queries, output, outputFormat, k, search, partitions, badRows, gpu, gpusPerTask, device);
    }

    public AnnSearchConfig withK(int v) {
        return new AnnSearchConfig(
                dataDir,
                index,
                queries,
                output,
                outputFormat,
                v,
                search,
                partitions,
                badRows,
                gpu,
                gpusPerTask,
                device);
    }

    public AnnSearchConfig withSearch(SearchSetting v) {
        return new AnnSearchConfig(
                dataDir, index, queries, output, outputFormat, k, v, partitions, badRows, gpu, gpusPerTask, device);
    }

    public AnnSearchConfig withIndex(String v) {
        return new AnnSearchConfig(
                dataDir, v, queries, output, outputFormat, k, search, partitions, badRows, gpu, gpusPerTask, device);
    }

    public AnnSearchConfig withGpu(GpuMode mode, double perTask, int dev) {
        return new AnnSearchConfig(
                dataDir, index, queries, output, outputFormat, k, search, partitions, badRows, mode, perTask, dev);
    }
}
