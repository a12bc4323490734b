package dev.sweeplake.jobs.reco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.reco.FactorModel;
import dev.sweeplake.ctr.reco.Interactions;
import dev.sweeplake.ctr.reco.RecoEvaluation;
import dev.sweeplake.ctr.reco.UserItemMatrix;
import dev.sweeplake.jobs.ann.SearchSetting;
import dev.sweeplake.jobs.config.ConfigException;
import dev.sweeplake.jobs.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ANN retrieval of factor models in {@code reco bench} ({@code retrieval: {mode: both}}): no Spark needed. */
class RecoAnnRetrievalTest {
    @TempDir
    Path dir;

    private static final int USERS = 80;
    private static final int ITEMS = 120;
    private static final int RANK = 8;

    /** Seeded interactions: each user 5-25 distinct items; the first 80% of a user's rows train, the rest test. */
    private static Interactions[] data() {
        SplittableRandom r = new SplittableRandom(11);
        List<long[]> train = new ArrayList<>();
        List<long[]> test = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            int n = 5 + r.nextInt(21);
            Set<Integer> seen = new HashSet<>();
            int row = 0;
            while (seen.size() < n) {
                int i = r.nextInt(ITEMS);
                if (seen.add(i)) {
                    (row++ < n * 4 / 5 ? train : test).add(new long[] {u + 1000, i + 7});
                }
            }
        }
        return new Interactions[] {of("train", train), of("test", test)};
    }

    private static Interactions of(String name, List<long[]> rows) {
        long[] u = new long[rows.size()];
        long[] i = new long[rows.size()];
        float[] g = new float[rows.size()];
        long[] t = new long[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            u[r] = rows.get(r)[0];
            i[r] = rows.get(r)[1];
            g[r] = Float.NaN;
            t[r] = Interactions.NO_TIME;
        }
        return new Interactions(name, u, i, g, t);
    }

    private static FactorModel model(UserItemMatrix m) {
        SplittableRandom r = new SplittableRandom(5);
        long[] uid = new long[m.users()];
        float[] uf = new float[m.users() * RANK];
        for (int u = 0; u < m.users(); u++) {
            uid[u] = m.userId(u);
        }
        long[] iid = new long[m.items()];
        float[] itf = new float[m.items() * RANK];
        for (int i = 0; i < m.items(); i++) {
            iid[i] = m.itemId(i);
        }
        for (int j = 0; j < uf.length; j++) {
            uf[j] = (float) r.nextGaussian();
        }
        for (int j = 0; j < itf.length; j++) {
            itf[j] = (float) r.nextGaussian();
        }
        return new FactorModel("als-implicit", m, RANK, uid, uf, iid, itf);
    }

    private static RecoAnnSetting setting(int ef) {
        RecoAnnSetting d = RecoAnnSetting.defaults();
        SearchSetting s = d.search();
        return new RecoAnnSetting(
                RecoAnnSetting.Mode.BOTH, d.index(), new SearchSetting(1, ef, s.ivfNprobe(), s.rerank()), 2);
    }

    @Test
    void exhaustiveSearchEqualsExactRetrieval() {
        Interactions[] d = data();
        UserItemMatrix m = UserItemMatrix.of(d[0]);
        FactorModel exact = model(m);
        int k = 10;
        RecoEvaluation.Result e = RecoEvaluation.evaluate(exact, d[1], k, 2, true);
        // ef >= the catalogue: the graph search visits every item
        RecoAnnComparison c = RecoAnnComparison.of(exact, setting(ITEMS + 10), d[1], k, 2, e);
        RecoEvaluation.Result a =
                RecoEvaluation.evaluate(new AnnFactorRecommender(exact, setting(ITEMS + 10), k), d[1], k, 2, true);
        assertEquals(e.topK().keySet(), a.topK().keySet());
        for (Map.Entry<Long, long[]> x : e.topK().entrySet()) {
            assertArrayEquals(x.getValue(), a.topK().get(x.getKey()), "user " + x.getKey());
        }
        assertEquals(1.0, c.recallVsExact(), 0.0);
        assertEquals(e.metrics().ndcg(), c.test().ndcg(), 0.0);
        assertEquals(e.metrics().recall(), c.test().recall(), 0.0);
        assertEquals(0.0, c.ndcgChange(e.metrics()), 0.0);
        assertTrue(e.metrics().users() > 50, "users " + e.metrics().users());
        assertTrue(c.usersPerSecond() > 0 && c.buildSeconds() >= 0);
    }

    @Test
    void seenItemsAreNeverRecommendedAndCandidatesCoverThem() {
        Interactions[] d = data();
        UserItemMatrix m = UserItemMatrix.of(d[0]);
        // the smallest allowed ef: the search is still asked for k + seen candidates, so every list is full
        RecoEvaluation.Result a =
                RecoEvaluation.evaluate(new AnnFactorRecommender(model(m), setting(1), 10), d[1], 10, 1, true);
        for (Map.Entry<Long, long[]> x : a.topK().entrySet()) {
            int u = m.userIndex(x.getKey());
            assertEquals(10, x.getValue().length, "user " + x.getKey());
            Set<Long> seen = new HashSet<>();
            for (int p = m.rowStart(u); p < m.rowEnd(u); p++) {
                seen.add(m.itemId(m.columns()[p]));
            }
            for (long item : x.getValue()) {
                assertTrue(!seen.contains(item), "user " + x.getKey() + " got seen item " + item);
            }
        }
    }

    @Test
    void recallAgainstExactCountsTheOverlap() {
        Map<Long, long[]> exact = Map.of(1L, new long[] {1, 2, 4}, 2L, new long[] {5, 6}, 3L, new long[0]);
        Map<Long, long[]> approx = Map.of(1L, new long[] {1, 2, 3}, 2L, new long[] {6, 7});
        assertEquals((2.0 / 3 + 0.5) / 2, RecoAnnComparison.recall(approx, exact), 1e-12);
        assertTrue(Double.isNaN(RecoAnnComparison.recall(approx, Map.of())));
    }

    private RecoBenchConfig load(String yaml) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml + "models: [{model: popularity}]\n");
        return ConfigLoader.load(f, List.of("data_dir=" + dir), RecoBenchConfig.class);
    }

    @Test
    void retrievalOptionsAreBoundAndBadValuesRefused() throws Exception {
        assertEquals(RecoAnnSetting.Mode.EXACT, load("").retrieval().mode());
        RecoAnnSetting s = load("retrieval: {mode: both, index: {m: 24}, search: {ef: 300}}\n")
                .retrieval();
        assertEquals(RecoAnnSetting.Mode.BOTH, s.mode());
        assertEquals(24, s.index().m());
        assertEquals(300, s.search().ef());
        assertEquals("inner_product", s.index().metric().name().toLowerCase(java.util.Locale.ROOT));

        ConfigException e = assertThrows(ConfigException.class, () -> load("retrieval: {mode: fast}\n"));
        assertTrue(e.getMessage().contains("retrieval.mode") && e.getMessage().contains("both"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("retrieval: {mode: both, index: {metric: l2}}\n"));
        assertTrue(e.getMessage().contains("inner_product") && e.getMessage().contains("l2"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("retrieval: {mode: both, search: {ef: 0}}\n"));
        assertTrue(e.getMessage().contains("ef") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("retrieval: {mode: both, threads: 0}\n"));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("retrieval: {mode: both, efs: 3}\n"));
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains("efs"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new AnnFactorRecommender(model(UserItemMatrix.of(data()[0])), setting(10), 0));
    }
}
