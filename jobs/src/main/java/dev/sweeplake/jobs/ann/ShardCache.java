package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.io.ShardFiles;
import dev.sweeplake.ann.io.ShardManifest;
import dev.sweeplake.jobs.util.WeighedCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.util.JavaUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shard indexes opened once per JVM (executor) and kept for later tasks, keyed by index path, build id and shard; opening
 * a shard of a newer build drops the older build's shards of the same index. A shard is read through lib-ann's
 * {@link ShardFiles#read} (size and CRC32C checked) and its checksum must equal the index manifest's.
 *
 * <p>Bounded: the open shards weigh at most {@value #CAPACITY_KEY} bytes of index (Spark conf of the executor, or the
 * system property of the same name; default a quarter of the JVM's maximum heap), least recently used shards are dropped
 * first. A shard is loaded once however many tasks ask for it at the same time, and outside any lock, so tasks of other
 * shards are not held up by it ({@link WeighedCache}). Thread-safe.
 */
public final class ShardCache {
    /** Spark conf key (or system property) of the cache's capacity in bytes. */
    public static final String CAPACITY_KEY = "spark.sweeplake.ann.shardCacheBytes";

    private static final Logger LOG = LoggerFactory.getLogger(ShardCache.class);
    private static final WeighedCache<String, AnnIndex> CACHE = new WeighedCache<>(capacity(), AnnIndex::bytes);
    private static final AtomicLong LOADS = new AtomicLong();

    private ShardCache() {}

    /** How many shard files this JVM has read (tests check that a second search reads none). */
    public static long loads() {
        return LOADS.get();
    }

    public static AnnIndex get(String indexPath, IndexManifest m, int shard, Configuration conf) {
        String prefix = indexPath + "|";
        String key = prefix + m.buildId() + "|" + shard;
        CACHE.removeIf(k -> k.startsWith(prefix) && !k.startsWith(prefix + m.buildId() + "|"));
        return CACHE.get(key, k -> load(indexPath, m, shard, conf));
    }

    /** The configured capacity: Spark conf of this JVM's SparkEnv, else the system property, else max heap / 4. */
    static long capacity() {
        String v = System.getProperty(CAPACITY_KEY);
        SparkEnv env = SparkEnv.get();
        if (env != null && env.conf().contains(CAPACITY_KEY)) {
            v = env.conf().get(CAPACITY_KEY);
        }
        long bytes = Runtime.getRuntime().maxMemory() / 4;
        if (v != null) {
            try {
                bytes = JavaUtils.byteStringAsBytes(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "%s must be a size in bytes (e.g. 2g, 512m), actual '%s'", CAPACITY_KEY, v));
            }
        }
        LOG.info(
                "shard cache capacity {} bytes ({})",
                bytes,
                v == null ? "a quarter of the maximum heap" : CAPACITY_KEY);
        return bytes;
    }

    private static AnnIndex load(String indexPath, IndexManifest m, int shard, Configuration conf) {
        IndexManifest.ShardEntry e = m.shards().get(shard);
        Path dir = new Path(new Path(indexPath), e.dir());
        try {
            HadoopShardStorage storage = new HadoopShardStorage(dir, conf);
            ShardManifest sm = ShardFiles.readManifest(storage);
            String crc = sm.file(ShardFiles.INDEX_FILE).crc32cHex();
            if (!crc.equals(e.crc32c())) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "index %s: shard %d crc32c must be %s as in %s, actual %s in %s",
                        indexPath,
                        shard,
                        e.crc32c(),
                        IndexManifest.FILE_NAME,
                        crc,
                        dir));
            }
            AnnIndex index = ShardFiles.read(storage);
            LOADS.incrementAndGet();
            return index;
        } catch (IOException ex) {
            throw new UncheckedIOException("opening shard " + dir, ex);
        }
    }

    /** Drops every cached shard (tests). */
    public static void clear() {
        CACHE.clear();
    }
}
