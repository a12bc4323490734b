package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.DeviceChoice;
import dev.sweeplake.ann.KMeansModel;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.TopK;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.hadoop.conf.Configuration;

/**
 * Searches a batch of queries against a sharded index inside one task (or on the driver for the single-thread
 * baseline): routes each query to its shards (nprobe nearest centroids with kmeans sharding, or with
 * {@link SearchSetting#routeRatio} only those of them nearly as close as the nearest; all shards with hash
 * sharding), searches each
 * shard with a per-task searcher, merges the shards' top-k with {@link TopK#merge} and records each query's latency.
 * Not thread-safe (one per task).
 */
public final class ShardedSearch {
    private final String indexPath;
    private final IndexManifest manifest;
    private final Configuration conf;
    private final int k;
    private final SearchParams params;
    private final int nprobe;
    private final double routeRatio;
    private final KMeansModel router;
    private final Map<Integer, AnnSearcher> searchers = new HashMap<>();
    private final GpuTasks.TaskDevice device;

    /**
     * Results of a batch: ids and distances ({@code queries * k}), the latency histogram, the shard visits, the task's
     * device ({@code gpu:<address>} or {@code cpu}).
     */
    public record Batch(
            long[] queryIds,
            long[] ids,
            float[] distances,
            byte[] histogram,
            long shardVisits,
            long nanos,
            String device)
            implements Serializable {
        public Histogram latencies() {
            return decode(histogram);
        }
    }

    /** A CPU search (the driver's single-thread baseline). */
    public ShardedSearch(String indexPath, IndexManifest manifest, Configuration conf, int k, SearchSetting setting) {
        this(indexPath, manifest, conf, k, setting, new GpuTasks.TaskDevice(GpuTasks.CPU, DeviceChoice.cpu()));
    }

    /** A search whose shard searchers run on {@code device} (lib-ann's CPU searcher where the engine has no GPU one). */
    public ShardedSearch(
            String indexPath,
            IndexManifest manifest,
            Configuration conf,
            int k,
            SearchSetting setting,
            GpuTasks.TaskDevice device) {
        this.device = device;
        this.indexPath = indexPath;
        this.manifest = manifest;
        this.conf = conf;
        this.k = k;
        this.params = setting.params();
        boolean routed = manifest.sharding() == Sharding.KMEANS && manifest.centroids() != null;
        this.nprobe = routed ? Math.min(setting.nprobe(), manifest.shardCount()) : manifest.shardCount();
        this.router = routed ? KMeansModel.of(manifest.centroids(), manifest.dimension()) : null;
        this.routeRatio = setting.routeRatio();
    }

    /** Checks k and nprobe against the index on the driver, before any stage. */
    public static void checkSetting(IndexManifest m, int k, SearchSetting s, String indexPath) {
        if (k < 1 || k > m.count()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "k must be in [1, %d] (the vectors in index %s), actual %d", m.count(), indexPath, k));
        }
        if (m.sharding() == Sharding.KMEANS && s.nprobe() > m.shardCount()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "nprobe must be in [1, %d] (the shards of index %s), actual %d",
                    m.shardCount(),
                    indexPath,
                    s.nprobe()));
        }
    }

    public Batch search(long[] queryIds, float[][] queries) {
        Histogram h = newHistogram();
        int nq = queries.length;
        long[] ids = new long[nq * k];
        float[] dist = new float[nq * k];
        long visits = 0;
        long t0 = System.nanoTime();
        List<SearchResults> parts = new ArrayList<>(nprobe);
        for (int q = 0; q < nq; q++) {
            long s0 = System.nanoTime();
            float[] v = queries[q];
            if (v.length != manifest.dimension()) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "query %d: vector dimension must be %d (index %s), actual %d",
                        queryIds[q],
                        manifest.dimension(),
                        indexPath,
                        v.length));
            }
            int[] shards = route(v);
            parts.clear();
            for (int s : shards) {
                IndexManifest.ShardEntry e = manifest.shards().get(s);
                if (e.count() == 0) {
                    continue;
                }
                AnnSearcher searcher = searchers.computeIfAbsent(
                        s, x -> ShardCache.get(indexPath, manifest, x, conf).searcher(device.choice()));
                parts.add(searcher.search(v, (int) Math.min(k, e.count()), params));
                visits++;
            }
            SearchResults merged = parts.size() == 1 && parts.get(0).k() == k ? parts.get(0) : TopK.merge(parts, k);
            System.arraycopy(merged.ids(), 0, ids, q * k, k);
            System.arraycopy(merged.distances(), 0, dist, q * k, k);
            h.recordValue(Math.max(1, System.nanoTime() - s0));
        }
        return new Batch(queryIds, ids, dist, encode(h), visits, System.nanoTime() - t0, device.address());
    }

    private int[] route(float[] v) {
        if (router == null) {
            int[] all = new int[manifest.shardCount()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        float[] r = v;
        if (manifest.metric() == Metric.COSINE) {
            r = v.clone();
            ShardAssigner.normalise(r);
        }
        return routeRatio > 0 ? router.nearestWithin(r, nprobe, routeRatio) : router.nearest(r, nprobe);
    }

    static Histogram newHistogram() {
        return new Histogram(3_600_000_000_000L, 3);
    }

    static byte[] encode(Histogram h) {
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(b);
        byte[] out = new byte[n];
        b.flip();
        b.get(out);
        return out;
    }

    static Histogram decode(byte[] bytes) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalStateException("corrupt latency histogram", e);
        }
    }
}
