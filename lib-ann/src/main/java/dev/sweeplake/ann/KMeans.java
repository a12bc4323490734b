package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.engine.KMeansTrainer;
import dev.sweeplake.ann.internal.engine.Sampling;
import dev.sweeplake.ann.internal.gpu.DeviceMemoryException;
import dev.sweeplake.ann.internal.gpu.GpuKMeans;
import dev.sweeplake.ann.internal.gpu.Gpus;
import dev.sweeplake.ann.internal.gpu.KernelBackend;
import dev.sweeplake.ann.internal.gpu.TilePlan;

/**
 * Seeded k-means (L2, k-means++ initialisation, Lloyd iterations) for k-means sharding and coarse quantizers.
 * For cosine data normalise the vectors first. Deterministic for a given seed and input, whatever the thread count.
 * Stateless; thread-safe.
 */
public final class KMeans {
    private KMeans() {}

    /**
     * As {@link #train(VectorMatrix, KMeansParams, int, ProgressListener)}, with the Lloyd iterations on the GPU that
     * {@code device} selects (k-means++ seeding on a sample of 8 rows per centroid on the host; float sums on the
     * device, so results match the CPU's up to rounding, not bit for bit). Without a usable GPU: {@code auto} runs on
     * the CPU (logged once), {@code required} fails with the reason.
     */
    public static KMeansModel train(
            VectorMatrix data, KMeansParams params, int threads, ProgressListener listener, DeviceChoice device) {
        Checks.notNull("device", device);
        Checks.notNull("data", data);
        Checks.notNull("params", params);
        KernelBackend be = Gpus.resolve(device, "k-means");
        if (be == null) {
            return train(data, params, threads, listener);
        }
        int[] rows = Sampling.rows(data.size(), params.maxTrainingRows(), params.seed());
        Checks.inRange("k", params.k(), 1, rows.length);
        float[] sample =
                rows.length == data.size() ? data.data() : Sampling.gather(data.data(), data.dimension(), rows);
        try {
            float[] c = GpuKMeans.train(
                    be,
                    sample,
                    rows.length,
                    data.dimension(),
                    params.k(),
                    params.iterations(),
                    params.seed(),
                    TilePlan.defaults(),
                    listener == null ? ProgressListener.NONE : listener);
            return KMeansModel.of(c, data.dimension());
        } catch (DeviceMemoryException e) {
            Gpus.unavailable(device.mode(), "k-means", e.getMessage());
            return train(data, params, threads, listener);
        }
    }

    public static KMeansModel train(VectorMatrix data, KMeansParams params, int threads, ProgressListener listener) {
        Checks.notNull("data", data);
        Checks.notNull("params", params);
        Checks.atLeast("threads", threads, 1);
        int[] rows = Sampling.rows(data.size(), params.maxTrainingRows(), params.seed());
        Checks.inRange("k", params.k(), 1, rows.length);
        float[] sample =
                rows.length == data.size() ? data.data() : Sampling.gather(data.data(), data.dimension(), rows);
        float[] c = KMeansTrainer.train(
                sample,
                rows.length,
                data.dimension(),
                params.k(),
                params.iterations(),
                params.seed(),
                threads,
                listener == null ? ProgressListener.NONE : listener);
        return KMeansModel.of(c, data.dimension());
    }
}
