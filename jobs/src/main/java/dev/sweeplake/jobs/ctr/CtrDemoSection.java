package dev.sweeplake.jobs.ctr;

import dev.sweeplake.ctr.data.SyntheticFmTask;
import dev.sweeplake.ctr.model.ModelKind;
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
 * The demo's CTR comparison: lib-ctr LR and FM (each one Spark task) against MLlib {@code LogisticRegression} on
 * lib-ctr's seeded synthetic task with planted FM structure, whose best achievable (Bayes) test AUC is known. FM should
 * approach it; the two linear models cannot. Takes seconds; needs no ../shared. Trials are recorded under the demo run.
 */
public final class CtrDemoSection implements DemoSection {
    static final int TRAIN_ROWS = 8000;
    static final int EVAL_ROWS = 2000;

    @Override
    public String name() {
        return "ctr";
    }

    /** The bench the demo runs: small synthetic data, LR and FM for at most 10 epochs, MLlib LR with 30 iterations. */
    static CtrBenchConfig config(long seed) {
        DatasetConfig.SyntheticConfig s = DatasetConfig.SyntheticConfig.defaults();
        DatasetConfig.SyntheticConfig small = new DatasetConfig.SyntheticConfig(
                s.fields(),
                s.cardinality(),
                s.rank(),
                s.interactionScale(),
                s.linearScale(),
                s.bias(),
                TRAIN_ROWS,
                EVAL_ROWS,
                EVAL_ROWS,
                seed);
        DatasetConfig d = DatasetConfig.defaults();
        DatasetConfig data = new DatasetConfig(
                DatasetConfig.Kind.SYNTHETIC,
                Optional.of("demo-synthetic-fm"),
                d.dir(),
                small,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                d.label(),
                List.of(),
                d.delimiter(),
                d.multiSeparator());
        ModelOverrides fm = new ModelOverrides(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(0.01),
                Optional.of(256));
        ModelOverrides lrSmallBatch = new ModelOverrides(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(256));
        MllibParams mllib = new MllibParams(
                Optional.of(30),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        List<Long> seeds = List.of(seed);
        return CtrBenchConfig.defaults()
                .withDataset(data)
                .withTrainer(new TrainerConfig(10, 2, 0.1, 1, 2, TrainerConfig.ResourceProfileMode.AUTO))
                .withModels(List.of(
                        new ModelSpec(ModelKind.LR, Optional.of(lrSmallBatch), Optional.empty(), Optional.of(seeds)),
                        new ModelSpec(ModelKind.FM, Optional.of(fm), Optional.empty(), Optional.of(seeds))))
                .withBaselines(List.of(new BaselineSpec(Baseline.MLLIB_LR, Optional.of(mllib), Optional.of(seeds))))
                .withSeedRole(SeedRole.NONE);
    }

    @Override
    public List<DemoRow> run(JobContext ctx, RunHandle run, DemoConfig config) {
        CtrBenchConfig c = config(config.seed());
        DatasetConfig.SyntheticConfig s = c.dataset().synthetic();
        double bayes = SyntheticFmTask.generate(
                        new SyntheticFmTask.Params(
                                s.fields(), s.cardinality(), s.rank(), s.interactionScale(), s.linearScale(), s.bias()),
                        s.trainRows(),
                        s.validRows(),
                        s.testRows(),
                        s.seed())
                .bayesTestAuc();
        CtrBenchResult r = CtrBenchJob.runIn(ctx, run, c);
        List<DemoRow> rows = new ArrayList<>();
        String what = String.format(Locale.ROOT, "synthetic FM task, %d train rows", s.trainRows());
        rows.add(new DemoRow(name(), "best achievable (Bayes), " + what, "test_auc", bayes));
        for (CtrBenchRow row : r.rows()) {
            if (!row.ok()) {
                throw new IllegalStateException("demo ctr trial " + row.model() + " failed: " + row.error());
            }
            String who = row.isBaseline()
                    ? "MLlib LogisticRegression"
                    : "lib-ctr " + row.model().toUpperCase(Locale.ROOT) + " (one Spark task)";
            rows.add(new DemoRow(name(), who, "test_auc", row.testAuc()));
        }
        return rows;
    }
}
