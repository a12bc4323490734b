package dev.sweeplake.ctr.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoSplitterTest {

    /** 40 users with 1..40 rows each, distinct timestamps per row, ratings 1..5. */
    static Interactions table(long seed) {
        Random r = new Random(seed);
        Interactions.Builder b = new Interactions.Builder();
        long t = 1_000_000;
        for (int u = 1; u <= 40; u++) {
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                items.add(i);
            }
            Collections.shuffle(items, r);
            for (int j = 0; j < u; j++) {
                b.add(u, items.get(j), 1 + r.nextInt(5), t + r.nextInt(1_000_000));
            }
        }
        return b.build("table");
    }

    static Interactions shuffled(Interactions in, long seed) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            rows.add(i);
        }
        Collections.shuffle(rows, new Random(seed));
        return in.select(rows.stream().mapToInt(Integer::intValue).toArray(), "shuffled");
    }

    static Set<String> keys(Interactions in) {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            s.add(in.users()[i] + ":" + in.items()[i]);
        }
        return s;
    }

    static Map<Long, Integer> perUser(Interactions in) {
        Map<Long, Integer> m = new HashMap<>();
        for (long u : in.users()) {
            m.merge(u, 1, Integer::sum);
        }
        return m;
    }

    private static void checkPartition(Interactions all, RecoSplits s) {
        Set<String> a = keys(s.train());
        Set<String> v = keys(s.valid());
        Set<String> t = keys(s.test());
        assertEquals(all.size(), a.size() + v.size() + t.size());
        Set<String> union = new HashSet<>(a);
        union.addAll(v);
        union.addAll(t);
        assertEquals(keys(all), union, "the three splits partition the input");
    }

    @Test
    void everyKindIsDeterministicAndIndependentOfRowOrder() {
        Interactions in = table(1);
        for (SplitKind k : SplitKind.values()) {
            SplitParams p = new SplitParams(k, 0.25, 0.2, 7);
            RecoSplits a = RecoSplitter.split(in, p);
            RecoSplits b = RecoSplitter.split(shuffled(in, 3), p);
            assertEquals(a.version(), b.version(), k.id());
            assertEquals(keys(a.test()), keys(b.test()), k.id());
            checkPartition(in, a);
        }
        SplitParams p = new SplitParams(SplitKind.STRATIFIED, 0.25, 0.2, 7);
        assertNotEquals(
                RecoSplitter.split(in, p).version(),
                RecoSplitter.split(in, new SplitParams(SplitKind.STRATIFIED, 0.25, 0.2, 8))
                        .version(),
                "seed changes it");
    }

    @Test
    void stratifiedKeepsRintOfEachUsersRowsForTraining() {
        Interactions in = table(2);
        RecoSplits s = RecoSplitter.split(in, new SplitParams(SplitKind.STRATIFIED, 0.25, 0, 42));
        Map<Long, Integer> all = perUser(in);
        Map<Long, Integer> train = perUser(s.train());
        for (var e : all.entrySet()) {
            int n = e.getValue();
            assertEquals((int) Math.rint(0.75 * n), train.getOrDefault(e.getKey(), 0), "user " + e.getKey());
        }
        assertEquals(0, s.valid().size());
        assertEquals(0, s.stats().testColdUsers(), "every test user has training rows");
    }

    @Test
    void userTemporalTestsTheLatestRowsOfEachUser() {
        Interactions in = table(3);
        RecoSplits s = RecoSplitter.split(in, new SplitParams(SplitKind.USER_TEMPORAL, 0.25, 0, 1));
        Map<Long, Long> maxTrainTime = new HashMap<>();
        Interactions full = s.fullTrain();
        for (int i = 0; i < full.size(); i++) {
            maxTrainTime.merge(full.users()[i], full.timestamps()[i], Math::max);
        }
        for (int i = 0; i < s.test().size(); i++) {
            assertTrue(s.test().timestamps()[i] >= maxTrainTime.get(s.test().users()[i]));
        }
        Map<Long, Integer> train = perUser(s.train());
        perUser(in).forEach((u, n) -> assertEquals((int) Math.rint(0.75 * n), train.get(u)));
    }

    @Test
    void leaveLastOneOutHoldsOutOneRowPerUserWithTwoOrMore() {
        Interactions in = table(4);
        RecoSplits s = RecoSplitter.split(in, new SplitParams(SplitKind.LEAVE_LAST_ONE_OUT, 0.5, 0.1, 1));
        Map<Long, Integer> test = perUser(s.test());
        Map<Long, Integer> valid = perUser(s.valid());
        assertEquals(39, test.size(), "user 1 has one row and stays in training");
        assertTrue(test.values().stream().allMatch(c -> c == 1));
        assertEquals(38, valid.size(), "user 2 has one training row left after the test row");
        assertTrue(valid.values().stream().allMatch(c -> c == 1));
        // the test row is each user's latest
        Map<Long, Long> latest = new HashMap<>();
        for (int i = 0; i < in.size(); i++) {
            latest.merge(in.users()[i], in.timestamps()[i], Math::max);
        }
        for (int i = 0; i < s.test().size(); i++) {
            assertEquals(latest.get(s.test().users()[i]), s.test().timestamps()[i]);
        }
    }

    @Test
    void globalTemporalCutsAtOneTimeAndCountsColdUsersAndItems() {
        Interactions.Builder b = new Interactions.Builder();
        b.add(1, 10, 5, 100)
                .add(1, 11, 4, 200)
                .add(2, 10, 3, 300)
                .add(2, 12, 2, 400)
                .add(3, 10, 1, 500)
                .add(3, 13, 5, 600)
                .add(1, 14, 5, 700)
                .add(4, 10, 5, 800);
        RecoSplits s = RecoSplitter.split(b.build("t"), new SplitParams(SplitKind.GLOBAL_TEMPORAL, 0.25, 0, 0));
        assertEquals(6, s.train().size());
        assertEquals(Set.of("1:14", "4:10"), keys(s.test()));
        assertEquals(1, s.stats().testColdUsers(), "user 4 is only in test");
        assertEquals(1, s.stats().testColdItemRows(), "item 14 is only in test");
    }

    @Test
    void validationIsCarvedFromTrainingByTheSameRule() {
        Interactions in = table(5);
        RecoSplits s = RecoSplitter.split(in, new SplitParams(SplitKind.STRATIFIED, 0.25, 0.25, 9));
        RecoSplits noValid = RecoSplitter.split(in, new SplitParams(SplitKind.STRATIFIED, 0.25, 0, 9));
        assertEquals(keys(noValid.test()), keys(s.test()), "the test split does not depend on the validation carve");
        Set<String> full = keys(noValid.train());
        Set<String> carved = keys(s.train());
        carved.addAll(keys(s.valid()));
        assertEquals(full, carved);
        Map<Long, Integer> fullPer = perUser(noValid.train());
        Map<Long, Integer> trainPer = perUser(s.train());
        fullPer.forEach((u, n) -> assertEquals((int) Math.rint(0.75 * n), trainPer.getOrDefault(u, 0)));
    }

    @Test
    void badInputIsRefused() {
        Interactions noTime = new Interactions(
                "f.csv", new long[] {1, 1}, new long[] {1, 2}, new float[] {1, 2}, new long[] {Interactions.NO_TIME, 5
                });
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RecoSplitter.split(noTime, new SplitParams(SplitKind.USER_TEMPORAL, 0.2, 0, 1)));
        assertEquals(
                "f.csv: the user_temporal split orders rows by time, but the source has rows without a timestamp",
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> RecoSplitter.split(Interactions.empty("e"), SplitParams.defaults()));
        assertEquals("e: no interactions to split", e.getMessage());
        Interactions dup = new Interactions(
                "d.csv", new long[] {1, 2, 1}, new long[] {5, 5, 5}, new float[] {1, 2, 3}, new long[] {1, 2, 3});
        e = assertThrows(IllegalArgumentException.class, () -> RecoSplitter.split(dup, SplitParams.defaults()));
        assertEquals(
                "d.csv: user 1 and item 5 appear twice (rows 1 and 3, 1-based data rows); deduplicate the source "
                        + "first",
                e.getMessage());
        Interactions single = new Interactions("s", new long[] {1}, new long[] {1}, new float[] {1}, new long[] {1});
        e = assertThrows(
                IllegalArgumentException.class,
                () -> RecoSplitter.split(single, new SplitParams(SplitKind.STRATIFIED, 0.25, 0, 1)));
        assertTrue(e.getMessage().contains("leaves no test rows (1 rows, 1 users)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SplitParams(SplitKind.STRATIFIED, 1.0, 0, 1));
        assertEquals("test_ratio must be in (0, 1), got 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SplitParams(SplitKind.STRATIFIED, 0.2, -0.1, 1));
        assertEquals("valid_ratio must be in [0, 1), got -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SplitKind.fromId("random"));
        assertEquals(
                "split kind must be one of [stratified, user_temporal, leave_last_one_out, global_temporal], got "
                        + "'random'",
                e.getMessage());
    }
}
