package dev.sweeplake.jobs.ctr;

import dev.sweeplake.jobs.config.InvalidValueException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One MLlib baseline entry of a bench ({@code baselines:} list item).
 *
 * @param model mllib-lr, mllib-fm or mllib-gbt
 * @param params the baseline's parameters (see {@link MllibParams#resolved})
 * @param seeds seeds (FM initialisation, GBT subsampling; LR is deterministic and trains once per seed anyway)
 */
public record BaselineSpec(Baseline model, Optional<MllibParams> params, Optional<List<Long>> seeds) {
    public BaselineSpec {
        if (model == null) {
            throw new InvalidValueException("model", "expected one of [mllib-lr, mllib-fm, mllib-gbt], got null");
        }
        if (seeds.isPresent() && seeds.get().isEmpty()) {
            throw new InvalidValueException("seeds", "expected a non-empty list of seeds, got []");
        }
        params.orElse(MllibParams.none()).resolved(model);
    }

    public List<Long> seedList() {
        return seeds.orElse(List.of(2019L));
    }

    /** Every parameter with its value. */
    public Map<String, Object> resolvedParams() {
        return params.orElse(MllibParams.none()).resolved(model);
    }
}
