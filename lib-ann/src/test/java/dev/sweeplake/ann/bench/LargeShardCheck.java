package dev.sweeplake.ann.bench;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.ProgressListener;
import dev.sweeplake.ann.SearchParams;
import dev.sweeplake.ann.SearchResults;
import dev.sweeplake.ann.VectorMatrix;
import dev.sweeplake.ann.io.LocalShardStorage;
import dev.sweeplake.ann.io.ShardFiles;
import dev.sweeplake.ann.io.ShardManifest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The manual check of the streaming shard reader past 2 GiB: builds one exact (flat) shard of {@code --gb} GB of
 * vectors, writes it, drops it, reads it back through {@link ShardFiles#read} (1 MiB chunks, CRC checked while
 * streaming) and checks that one query batch gives the same answers. Prints sizes, times and the heap.
 * {@code java -Xmx6g -cp ... dev.sweeplake.ann.bench.LargeShardCheck --dir /tmp/big-shard [--gb 2.5] [--dim 256]}
 */
public final class LargeShardCheck {
    private LargeShardCheck() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/tmp/sweeplake-large-shard");
        double gb = 2.5;
        int dim = 256;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--gb" -> gb = Double.parseDouble(args[i + 1]);
                case "--dim" -> dim = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int n = (int) Math.ceil(gb * 1e9 / (4.0 * dim));
        long t0 = System.nanoTime();
        float[] data = new float[Math.multiplyExact(n, dim)];
        long[] ids = new long[n];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            for (int j = 0; j < dim; j++) {
                data[i * dim + j] = (float) rnd.nextDouble();
            }
        }
        float[] q = Arrays.copyOf(data, 10 * dim);
        VectorMatrix queries = VectorMatrix.of(q, dim, new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        double genS = seconds(t0);
        t0 = System.nanoTime();
        AnnIndex index = AnnIndex.build(
                VectorMatrix.of(data, dim, ids),
                IndexParams.defaults().withEngine(EngineKind.FLAT),
                2,
                ProgressListener.NONE);
        double buildS = seconds(t0);
        SearchResults before = index.searcher().search(queries, 10, SearchParams.defaults());
        LocalShardStorage storage = new LocalShardStorage(dir);
        t0 = System.nanoTime();
        ShardManifest m = ShardFiles.write(index, storage);
        double writeS = seconds(t0);
        index = null;
        data = null;
        System.gc();
        long heapBefore = usedHeap();
        t0 = System.nanoTime();
        AnnIndex back = ShardFiles.read(storage);
        double readS = seconds(t0);
        long heapAfter = usedHeap();
        t0 = System.nanoTime();
        SearchResults after = back.searcher().search(queries, 10, SearchParams.defaults());
        double searchS = seconds(t0);
        boolean same = Arrays.equals(before.ids(), after.ids()) && Arrays.equals(before.distances(), after.distances());
        long fileBytes = Files.size(dir.resolve(ShardFiles.INDEX_FILE));
        System.out.printf(
                Locale.ROOT,
                "{\"vectors\":%d,\"dimension\":%d,\"index_file_bytes\":%d,"
                        + "\"manifest_bytes\":%d,\"generate_s\":%.1f,\"build_s\":%.1f,\"write_s\":%.1f,\"read_s\":%.1f,"
                        + "\"read_mb_per_s\":%.0f,\"search_10_queries_s\":%.2f,\"same_answers\":%b,"
                        + "\"heap_before_read_bytes\":%d,\"heap_after_read_bytes\":%d,\"max_heap_bytes\":%d}%n",
                n,
                dim,
                fileBytes,
                m.file(ShardFiles.INDEX_FILE).bytes(),
                genS,
                buildS,
                writeS,
                readS,
                fileBytes / 1e6 / readS,
                searchS,
                same,
                heapBefore,
                heapAfter,
                Runtime.getRuntime().maxMemory());
        if (!same) {
            throw new IllegalStateException("answers differ after the round trip");
        }
    }

    private static long usedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
