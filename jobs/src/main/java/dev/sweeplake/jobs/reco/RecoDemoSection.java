package dev.sweeplake.jobs.reco;

import dev.sweeplake.jobs.JobContext;
import dev.sweeplake.jobs.demo.DemoConfig;
import dev.sweeplake.jobs.demo.DemoSection;
import dev.sweeplake.jobs.store.RunHandle;
import dev.sweeplake.jobs.store.TrialRecord.SeedRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's recommendation comparison on seeded synthetic interactions with planted low-rank preferences (no
 * ../shared needed, seconds): popularity, EASE (one Spark task each) and MLlib implicit ALS, per-user stratified split,
 * test nDCG@10 with seen items removed. Trials are recorded under the demo run.
 */
public final class RecoDemoSection implements DemoSection {
    @Override
    public String name() {
        return "reco";
    }

    static RecoBenchConfig config(long seed) {
        RecoDatasetConfig d = RecoDatasetConfig.defaults();
        RecoDatasetConfig data = new RecoDatasetConfig(
                RecoDatasetConfig.Kind.SYNTHETIC,
                Optional.of("demo-synthetic-reco"),
                d.dir(),
                Optional.empty(),
                Optional.empty(),
                d.userColumn(),
                d.itemColumn(),
                Optional.empty(),
                Optional.empty(),
                d.delimiter(),
                Optional.empty(),
                1,
                1,
                0,
                new RecoDatasetConfig.SyntheticConfig(400, 300, 6, 10, 40, seed));
        RecoParams als = new RecoParams(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(16),
                Optional.of(0.1),
                Optional.of(5.0),
                Optional.of(8),
                Optional.empty());
        RecoParams ease = new RecoParams(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(50.0),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        List<Long> seeds = List.of(seed);
        return RecoBenchConfig.defaults()
                .withDataset(data)
                .withModels(List.of(
                        new RecoModelSpec(RecoModel.POPULARITY, Optional.empty(), Optional.empty(), Optional.of(seeds)),
                        new RecoModelSpec(RecoModel.EASE, Optional.of(ease), Optional.empty(), Optional.of(seeds)),
                        new RecoModelSpec(
                                RecoModel.ALS_IMPLICIT, Optional.of(als), Optional.empty(), Optional.of(seeds))))
                .withSeedRole(SeedRole.NONE);
    }

    @Override
    public List<DemoRow> run(JobContext ctx, RunHandle run, DemoConfig config) {
        RecoBenchConfig c = config(config.seed());
        RecoBenchResult r = RecoBenchJob.runIn(ctx, run, c);
        List<DemoRow> rows = new ArrayList<>();
        for (RecoBenchRow row : r.rows()) {
            if (!row.ok()) {
                throw new IllegalStateException("demo reco trial " + row.model() + " failed: " + row.error());
            }
            String who = switch (row.model()) {
                case "als-implicit" -> "MLlib implicit ALS (Spark jobs)";
                default -> "lib-ctr " + row.model() + " (one Spark task)";
            };
            rows.add(new DemoRow(
                    name(),
                    String.format(Locale.ROOT, "%s, synthetic 400 users x 300 items", who),
                    "test_ndcg_at_10",
                    row.test().ndcg()));
        }
        return rows;
    }
}
