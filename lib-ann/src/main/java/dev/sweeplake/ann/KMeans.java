package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.engine.KMeansTrainer;
import dev.sweeplake.ann.internal.engine.Sampling;

/**
 * Seeded k-means (L2, k-means++ initialisation, Lloyd iterations) for k-means sharding and coarse quantizers.
 * For cosine data normalise the vectors first. Deterministic for a given seed and input, whatever the thread count.
 * Stateless; thread-safe.
 */
public final class KMeans {
    private KMeans() {
    }

    public static KMeansModel train(VectorMatrix data, KMeansParams params, int threads, ProgressListener listener) {
        Checks.notNull("data", data);
        Checks.notNull("params", params);
        Checks.atLeast("threads", threads, 1);
        int[] rows = Sampling.rows(data.size(), params.maxTrainingRows(), params.seed());
        Checks.inRange("k", params.k(), 1, rows.length);
        float[] sample = rows.length == data.size() ? data.data() : Sampling.gather(data.data(), data.dimension(), rows);
        float[] c = KMeansTrainer.train(sample, rows.length, data.dimension(), params.k(), params.iterations(),
                params.seed(), threads, listener == null ? ProgressListener.NONE : listener);
        return KMeansModel.of(c, data.dimension());
    }
}
