package dev.sweeplake.jobs.reco;

import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.jobs.ann.IndexSpec;
import dev.sweeplake.jobs.ann.SearchSetting;
import dev.sweeplake.jobs.config.Checks;
import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.Locale;

/**
 * How {@code reco bench} retrieves the top k of the factor models (ALS): {@code retrieval:} in a bench config.
 *
 * <pre>
 * retrieval: {mode: both, index: {m: 16, ef_construction: 200}, search: {ef: 100}}
 * </pre>
 *
 * <p>Immutable, serializable.
 *
 * @param mode {@code exact} (default): every catalogue item scored; {@code both}: also through a lib-ann index over the
 *     item factors (inner product), reported beside the exact figures (recall of the ANN top k against the exact one,
 *     the test metrics and their change, users/s). Rows, picks and tuning always use the exact figures.
 * @param index the ANN engine and build parameters (lib-ann's; the metric must be inner_product)
 * @param search the search setting ({@code ef}); a user's search asks for k + (its training items) candidates and
 *     uses {@code max(ef, candidates)}
 * @param threads threads building the index (default 2)
 */
public record RecoAnnSetting(Mode mode, IndexSpec index, SearchSetting search, int threads)
        implements java.io.Serializable {

    /** Retrieval modes. */
    public enum Mode {
        EXACT,
        BOTH
    }

    public RecoAnnSetting {
        Checks.notNull("mode", mode);
        Checks.notNull("index", index);
        Checks.notNull("search", search);
        Checks.intIn("threads", threads, 1, 256);
        if (index.metric() != Metric.INNER_PRODUCT) {
            throw new InvalidValueException(
                    "index.metric",
                    "top-k from factors ranks by inner product: expected inner_product, got "
                            + index.metric().name().toLowerCase(Locale.ROOT));
        }
    }

    /** Exact only; the ANN defaults are HNSW, inner product, m 16, ef_construction 200, ef 100. */
    public static RecoAnnSetting defaults() {
        IndexSpec d = IndexSpec.defaults();
        IndexSpec ip = new IndexSpec(
                EngineKind.HNSW,
                Metric.INNER_PRODUCT,
                16,
                200,
                d.nlist(),
                d.pqSubspaces(),
                d.rerankStore(),
                0,
                d.kmeansIterations(),
                d.seed());
        SearchSetting s = SearchSetting.defaults();
        return new RecoAnnSetting(Mode.EXACT, ip, new SearchSetting(1, 100, s.ivfNprobe(), s.rerank()), 2);
    }

    public boolean ann() {
        return mode == Mode.BOTH;
    }

    /** For result rows. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "%s %s m %d ef_construction %d, ef %d",
                index.engine().name().toLowerCase(Locale.ROOT),
                index.metric().name().toLowerCase(Locale.ROOT),
                index.m(),
                index.efConstruction(),
                search.ef());
    }
}
