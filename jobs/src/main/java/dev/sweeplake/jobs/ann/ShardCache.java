package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.io.ShardFiles;
import dev.sweeplake.ann.io.ShardManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Shard indexes opened once per JVM (executor) and kept for later tasks, keyed by index path, build id and shard; opening
 * a shard of a newer build drops the older build's shards of the same index. A shard is read through lib-ann's
 * {@link ShardFiles#read} (size and CRC32C checked) and its checksum must equal the index manifest's. Thread-safe.
 */
public final class ShardCache {
  private static final Map<String, AnnIndex> CACHE = new ConcurrentHashMap<>();
  private static final AtomicLong LOADS = new AtomicLong();

  private ShardCache() {}

  /** How many shard files this JVM has read (tests check that a second search reads none). */
  public static long loads() {
    return LOADS.get();
  }

  public static AnnIndex get(String indexPath, IndexManifest m, int shard, Configuration conf) {
    String prefix = indexPath + "|";
    String key = prefix + m.buildId() + "|" + shard;
    AnnIndex hit = CACHE.get(key);
    if (hit != null) {
      return hit;
    }
    CACHE.keySet().removeIf(k -> k.startsWith(prefix) && !k.startsWith(prefix + m.buildId() + "|"));
    return CACHE.computeIfAbsent(key, k -> load(indexPath, m, shard, conf));
  }

  private static AnnIndex load(String indexPath, IndexManifest m, int shard, Configuration conf) {
    IndexManifest.ShardEntry e = m.shards().get(shard);
    Path dir = new Path(new Path(indexPath), e.dir());
    try {
      HadoopShardStorage storage = new HadoopShardStorage(dir, conf);
      ShardManifest sm = ShardFiles.readManifest(storage);
      String crc = sm.file(ShardFiles.INDEX_FILE).crc32cHex();
      if (!crc.equals(e.crc32c())) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "index %s: shard %d crc32c must be %s as in %s, actual %s in %s", indexPath, shard, e.crc32c(),
            IndexManifest.FILE_NAME, crc, dir));
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
