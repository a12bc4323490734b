package dev.sweeplake.jobs.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sweeplake.ctr.reco.RankingEvaluator;
import dev.sweeplake.ctr.reco.RankingMetrics;
import dev.sweeplake.jobs.testing.SparkExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.evaluation.RankingMetrics$;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import scala.Tuple2;

/**
 * lib-ctr's evaluator against Spark's {@code RankingMetrics} where the definitions agree: every user has relevant
 * items (Spark counts users without any as 0; lib-ctr excludes them, checked by hand in lib-ctr's tests) and lists
 * hold at most k items (Spark's meanAveragePrecision reads a whole list, lib-ctr's MAP only its top k). P@k, R@k,
 * binary nDCG@k, MAP (Spark's meanAveragePrecision on top-k lists) and MAP@k agree to 1e-12 on 300
 * random users; seed reported in the assertion messages.
 */
@ExtendWith(SparkExtension.class)
class RankingMetricsVsSparkTest {
    @Test
    void agreesWithSparkRankingMetrics(SparkSession spark) {
        long seed = 20261130L;
        Random r = new Random(seed);
        int k = 10;
        RankingEvaluator ev = new RankingEvaluator(k);
        List<Tuple2<List<Integer>, List<Integer>>> pairs = new ArrayList<>();
        for (int u = 0; u < 300; u++) {
            List<Integer> pool = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                pool.add(i);
            }
            Collections.shuffle(pool, r);
            // At most k items: Spark's meanAveragePrecision reads the whole list, lib-ctr's MAP the top k.
            List<Integer> rec = new ArrayList<>(pool.subList(0, 1 + r.nextInt(k)));
            Collections.shuffle(pool, r);
            List<Integer> rel = new ArrayList<>(pool.subList(0, 1 + r.nextInt(20)));
            pairs.add(new Tuple2<>(rec, rel));
            ev.add(
                    rec.stream().mapToLong(Integer::longValue).toArray(),
                    rel.stream().mapToLong(Integer::longValue).toArray(),
                    null);
        }
        RankingMetrics ours = ev.result(60);
        JavaRDD<Tuple2<List<Integer>, List<Integer>>> rdd =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(pairs, 2);
        org.apache.spark.mllib.evaluation.RankingMetrics<Integer> s = RankingMetrics$.MODULE$.of(rdd);
        String why = "seed " + seed;
        assertEquals(s.precisionAt(k), ours.precision(), 1e-12, why);
        assertEquals(s.recallAt(k), ours.recall(), 1e-12, why);
        assertEquals(s.ndcgAt(k), ours.ndcg(), 1e-12, why);
        assertEquals(s.meanAveragePrecision(), ours.map(), 1e-12, why);
        assertEquals(s.meanAveragePrecisionAt(k), ours.mapAtK(), 1e-12, why);
    }
}
