package dev.sweeplake.jobs.ann;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Exact k-nearest neighbours (squared L2) of a small query set against a distributed base table: the queries are broadcast,
 * every base partition keeps a bounded top-k per query, and the partial results are merged on the way to the driver.
 * Ties are broken by the smaller id so that results are deterministic.
 */
public final class DistributedExactKnn {
  private DistributedExactKnn() {}

  /** Neighbours of one query, nearest first. */
  public record Neighbours(long[] ids, float[] distances) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * @param base rows with a {@code long} id column and an {@code array<float>} vector column
   */
  public static Neighbours[] compute(SparkSession spark, Dataset<Row> base, String idCol, String vectorCol,
      float[][] queries, int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k: expected k >= 1, got " + k);
    }
    int dim = queries.length == 0 ? 0 : queries[0].length;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<float[][]> bq = jsc.broadcast(queries);
    try {
      PartialTopK merged = base.select(idCol, vectorCol).javaRDD()
          .mapPartitions((Iterator<Row> rows) -> {
            float[][] q = bq.value();
            PartialTopK acc = new PartialTopK(q.length, k);
            while (rows.hasNext()) {
              Row r = rows.next();
              long id = r.getLong(0);
              List<Float> list = r.getList(1);
              if (list.size() != dim) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "row id %d: expected a vector of dimension %d, got %d", id, dim, list.size()));
              }
              float[] v = new float[dim];
              for (int i = 0; i < dim; i++) {
                v[i] = list.get(i);
              }
              for (int qi = 0; qi < q.length; qi++) {
                acc.offer(qi, id, l2(q[qi], v));
              }
            }
            return List.of(acc).iterator();
          })
          .treeReduce(PartialTopK::merge);
      return merged.result();
    } finally {
      bq.destroy();
    }
  }

  static float l2(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      float d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }

  /** Bounded top-k per query, kept as sorted arrays (k is small). Not thread-safe. */
  static final class PartialTopK implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int k;
    private final long[][] ids;
    private final float[][] dist;
    private final int[] size;

    PartialTopK(int queries, int k) {
      this.k = k;
      this.ids = new long[queries][k];
      this.dist = new float[queries][k];
      this.size = new int[queries];
    }

    void offer(int q, long id, float d) {
      int n = size[q];
      float[] ds = dist[q];
      long[] is = ids[q];
      if (n == k && !less(d, id, ds[n - 1], is[n - 1])) {
        return;
      }
      int pos = n == k ? k - 1 : n;
      while (pos > 0 && less(d, id, ds[pos - 1], is[pos - 1])) {
        ds[pos] = ds[pos - 1];
        is[pos] = is[pos - 1];
        pos--;
      }
      ds[pos] = d;
      is[pos] = id;
      if (n < k) {
        size[q] = n + 1;
      }
    }

    private static boolean less(float d1, long id1, float d2, long id2) {
      return d1 < d2 || (d1 == d2 && id1 < id2);
    }

    static PartialTopK merge(PartialTopK a, PartialTopK b) {
      for (int q = 0; q < b.size.length; q++) {
        for (int j = 0; j < b.size[q]; j++) {
          a.offer(q, b.ids[q][j], b.dist[q][j]);
        }
      }
      return a;
    }

    Neighbours[] result() {
      Neighbours[] out = new Neighbours[size.length];
      for (int q = 0; q < size.length; q++) {
        out[q] = new Neighbours(Arrays.copyOf(ids[q], size[q]), Arrays.copyOf(dist[q], size[q]));
      }
      return out;
    }
  }
}
