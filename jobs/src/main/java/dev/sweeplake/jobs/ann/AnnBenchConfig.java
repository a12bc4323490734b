package dev.sweeplake.jobs.ann;

import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.List;

/**
 * Config of {@code sweeplake ann bench} (conf/ann/mnist-bench.yaml).
 *
 * @param dataDir          replaces {@code {data_dir}} in paths
 * @param base             base vectors
 * @param queries          query vectors
 * @param index            index folder; "" = {@code <warehouse>/ann_indexes/<key of the build settings>}
 * @param reuseIndex       reuse a complete index built from the same input and settings
 * @param build            engine, sharding and build settings (its input/output are the bench's base and index)
 * @param k                neighbours per query (recall@k)
 * @param searches         one trial per search setting
 * @param queryRepeat      the queries are searched this many times over (throughput with more queries)
 * @param partitions       query partitions, 0 = the cluster's cores
 * @param engines          "sweeplake" and/or "mllib-lsh"
 * @param lsh              the MLlib peer's settings
 * @param groundTruthDir   cache of exact results; "" = {@code <warehouse>/ann_ground_truth}
 * @param baseline         also measure the same search single-threaded in lib-ann on the driver (overhead ratio)
 * @param study            study id of the trials
 */
public record AnnBenchConfig(
        String dataDir,
        VectorSourceConfig base,
        VectorSourceConfig queries,
        String index,
        boolean reuseIndex,
        AnnBuildConfig build,
        int k,
        List<SearchSetting> searches,
        int queryRepeat,
        int partitions,
        List<String> engines,
        LshConfig lsh,
        String groundTruthDir,
        boolean baseline,
        String study)
        implements DataDirConfig<AnnBenchConfig> {

    public static final List<String> ENGINES = List.of("sweeplake", "mllib-lsh");

    public AnnBenchConfig {
        Checks.notBlank("data_dir", dataDir);
        Checks.notNull("base", base);
        Checks.notNull("queries", queries);
        Checks.notNull("index", index);
        Checks.notNull("build", build);
        Checks.intIn("k", k, 1, 10_000);
        Checks.notEmpty("searches", searches);
        searches = List.copyOf(searches);
        Checks.intIn("query_repeat", queryRepeat, 1, 1000);
        Checks.intIn("partitions", partitions, 0, 100_000);
        Checks.notEmpty("engines", engines);
        engines = List.copyOf(engines);
        for (String e : engines) {
            if (!ENGINES.contains(e)) {
                throw new InvalidValueException("engines", "expected names from " + ENGINES + ", got '" + e + "'");
            }
        }
        Checks.notNull("lsh", lsh);
        Checks.notNull("ground_truth_dir", groundTruthDir);
        Checks.notBlank("study", study);
    }

    public static AnnBenchConfig defaults() {
        return new AnnBenchConfig(
                "../shared/data",
                VectorSourceConfig.defaults(),
                VectorSourceConfig.defaults().withPath("queries"),
                "",
                true,
                AnnBuildConfig.defaults(),
                10,
                List.of(SearchSetting.defaults()),
                1,
                0,
                List.of("sweeplake"),
                LshConfig.defaults(),
                "",
                true,
                "ann-bench");
    }

    /** The build config of the bench's index. */
    public AnnBuildConfig buildConfig(String indexPath) {
        return build.withDataDir(dataDir).withInput(base).withOutput(indexPath);
    }

    @Override
    public AnnBenchConfig withDataDir(String v) {
        return new AnnBenchConfig(
                v,
                base,
                queries,
                index,
                reuseIndex,
                build,
                k,
                searches,
                queryRepeat,
                partitions,
                engines,
                lsh,
                groundTruthDir,
                baseline,
                study);
    }

    public AnnBenchConfig withIndex(String v) {
        return new AnnBenchConfig(
                dataDir,
                base,
                queries,
                v,
                reuseIndex,
                build,
                k,
                searches,
                queryRepeat,
                partitions,
                engines,
                lsh,
                groundTruthDir,
                baseline,
                study);
    }

    public AnnBenchConfig withEngines(List<String> v) {
        return new AnnBenchConfig(
                dataDir,
                base,
                queries,
                index,
                reuseIndex,
                build,
                k,
                searches,
                queryRepeat,
                partitions,
                v,
                lsh,
                groundTruthDir,
                baseline,
                study);
    }
}
