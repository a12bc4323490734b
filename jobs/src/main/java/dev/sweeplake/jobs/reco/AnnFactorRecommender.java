package dev.sweeplake.jobs.reco;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ctr.reco.FactorModel;
import dev.sweeplake.ctr.reco.Recommender;
import dev.sweeplake.ctr.reco.UserItemMatrix;
import java.util.Arrays;

/**
 * A factor model whose candidates come from a lib-ann index over the item factors (inner product): for a user with s
 * training items the index returns {@code k + s} candidates (all indexed items when fewer), which are scored with the
 * model's own arithmetic ({@link FactorModel#score(int, int)}); every other item scores NaN (never recommended). The
 * evaluator then removes the seen items and keeps the k best, so with an exhaustive search the result equals the exact
 * top k (same scores, same ties by item id). The search uses {@code max(ef, k + s)}.
 *
 * <p>Thread-safety: {@link #score(int, double[])} may be called from many threads (one searcher per thread).
 */
public final class AnnFactorRecommender implements Recommender {
    private final FactorModel model;
    private final AnnIndex index;
    private final SearchParams search;
    private final int k;
    private final double buildSeconds;
    private final ThreadLocal<AnnSearcher> searchers;

    /**
     * Builds the index over the items of {@code model} that have a factor.
     *
     * @param k the cut-off the evaluator will use
     */
    public AnnFactorRecommender(FactorModel model, RecoAnnSetting setting, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.model = model;
        this.k = k;
        UserItemMatrix m = model.matrix();
        int d = model.rank();
        int n = 0;
        for (int j = 0; j < m.items(); j++) {
            n += model.hasItem(j) ? 1 : 0;
        }
        if (n == 0) {
            throw new IllegalArgumentException(model.name() + ": no item has a factor; nothing to index");
        }
        float[] data = new float[n * d];
        long[] ids = new long[n];
        int r = 0;
        for (int j = 0; j < m.items(); j++) {
            if (model.hasItem(j)) {
                System.arraycopy(model.itemFactor(j), 0, data, r * d, d);
                ids[r++] = j;
            }
        }
        long t0 = System.nanoTime();
        this.index = AnnIndex.build(
                VectorMatrix.of(data, d, ids), setting.index().toParams(), setting.threads(), ProgressListener.NONE);
        this.buildSeconds = (System.nanoTime() - t0) / 1e9;
        this.search = setting.search().params();
        this.searchers = ThreadLocal.withInitial(index::searcher);
    }

    /** Seconds spent building the index. */
    public double buildSeconds() {
        return buildSeconds;
    }

    @Override
    public String name() {
        return model.name() + "+ann";
    }

    @Override
    public UserItemMatrix matrix() {
        return model.matrix();
    }

    @Override
    public void score(int user, double[] out) {
        UserItemMatrix m = model.matrix();
        Arrays.fill(out, 0, m.items(), Double.NaN);
        if (!model.hasUser(user)) {
            return;
        }
        int want = (int) Math.min(index.size(), (long) k + (m.rowEnd(user) - m.rowStart(user)));
        SearchParams p = search.ef() >= want ? search : search.withEf(want);
        SearchResults res = searchers.get().search(model.userFactor(user), want, p);
        for (long id : res.idsOf(0)) {
            if (id >= 0) {
                out[(int) id] = model.score(user, (int) id);
            }
        }
    }
}
