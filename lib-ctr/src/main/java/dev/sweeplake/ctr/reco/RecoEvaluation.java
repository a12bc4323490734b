package dev.sweeplake.ctr.reco;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a fitted {@link Recommender} on held-out rows: for every user of {@code truth}, the relevant items are the
 * user's rows (grade = rating, 1 without ratings); the model's top k over the catalogue with the user's training items
 * removed is compared by {@link RankingEvaluator}. Users without a training row are counted as cold and excluded.
 *
 * <p>Thread-safety: stateless; uses {@code threads} threads per call.
 */
public final class RecoEvaluation {
    private RecoEvaluation() {}

    /** Metrics and, when asked for, each evaluated user's top-k ids (user id -> item ids, ascending user id). */
    public record Result(RankingMetrics metrics, Map<Long, long[]> topK, double seconds) {}

    public static Result evaluate(Recommender model, Interactions truth, int k, int threads, boolean keepLists) {
        Parallel.checkThreads(threads);
        long t0 = System.nanoTime();
        UserItemMatrix m = model.matrix();
        Map<Long, List<Integer>> byUser = new LinkedHashMap<>();
        for (int r = 0; r < truth.size(); r++) {
            byUser.computeIfAbsent(truth.users()[r], x -> new ArrayList<>()).add(r);
        }
        List<Long> users = new ArrayList<>(byUser.keySet());
        users.sort(null);
        int tasks = Math.max(1, threads);
        RankingEvaluator[] parts = new RankingEvaluator[tasks];
        @SuppressWarnings("unchecked")
        Map<Long, long[]>[] lists = new Map[tasks];
        Parallel.run(threads, tasks, t -> {
            RankingEvaluator ev = new RankingEvaluator(k);
            Map<Long, long[]> out = new HashMap<>();
            TopKSelector sel = new TopKSelector(k);
            double[] scores = new double[m.items()];
            for (int q = t; q < users.size(); q += tasks) {
                long uid = users.get(q);
                List<Integer> rows = byUser.get(uid);
                int u = m.userIndex(uid);
                if (u < 0) {
                    ev.addColdUser();
                    continue;
                }
                model.score(u, scores);
                int[] top = sel.select(scores, m.items(), m.columns(), m.rowStart(u), m.rowEnd(u));
                long[] rec = new long[top.length];
                for (int i = 0; i < top.length; i++) {
                    rec[i] = m.itemId(top[i]);
                }
                long[] rel = new long[rows.size()];
                double[] grades = new double[rows.size()];
                for (int i = 0; i < rel.length; i++) {
                    rel[i] = truth.items()[rows.get(i)];
                    float g = truth.ratings()[rows.get(i)];
                    grades[i] = Float.isNaN(g) ? 1.0 : g;
                }
                ev.add(rec, rel, grades);
                if (keepLists) {
                    out.put(uid, rec);
                }
            }
            parts[t] = ev;
            lists[t] = out;
        });
        RankingEvaluator all = parts[0];
        Map<Long, long[]> merged = new java.util.TreeMap<>(lists[0]);
        for (int t = 1; t < tasks; t++) {
            all.merge(parts[t]);
            merged.putAll(lists[t]);
        }
        return new Result(all.result(m.items()), keepLists ? merged : Map.of(), (System.nanoTime() - t0) / 1e9);
    }
}
