package dev.sweeplake.ctr.reco;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Splits interactions by a {@link SplitParams} rule ({@link SplitKind} documents each). Deterministic: the input is
 * first put in canonical order (user, item), so the result depends only on the rows' content, the rule and the seed,
 * never on file order; each user's permutation comes from a generator seeded by (seed, user id), so adding a user does
 * not move anybody else's rows. Every output split is sorted by (user, item).
 *
 * <p>Thread-safety: stateless.
 */
public final class RecoSplitter {
    private RecoSplitter() {}

    public static RecoSplits split(Interactions in, SplitParams p) {
        if (in.size() == 0) {
            throw new IllegalArgumentException(in.source() + ": no interactions to split");
        }
        if (p.kind().needsTimestamps() && !in.hasTimestamps()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: the %s split orders rows by time, but the source has rows without a timestamp",
                    in.source(),
                    p.kind().id()));
        }
        Feedback.checkNoDuplicates(in);
        Interactions canon = in.select(order(in, false), in.source());
        int[][] tt = divide(canon, p.kind(), p.testRatio(), p.seed());
        Interactions fullTrain = canon.select(tt[0], "train");
        Interactions test = canon.select(sorted(canon, tt[1]), "test");
        Interactions train = fullTrain;
        Interactions valid = Interactions.empty("valid");
        if (p.validRatio() > 0) {
            // The validation carve uses another stream of the seed, so it is not a copy of the test permutation.
            int[][] tv = divide(fullTrain, p.kind(), p.validRatio(), p.seed() ^ 0x5DEECE66DL);
            train = fullTrain.select(sorted(fullTrain, tv[0]), "train");
            valid = fullTrain.select(sorted(fullTrain, tv[1]), "valid");
            if (train.size() == 0) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "%s: valid_ratio %s leaves no training rows", in.source(), p.validRatio()));
            }
        }
        if (test.size() == 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: the %s split with test_ratio %s leaves no test rows (%d rows, %d users)",
                    in.source(),
                    p.kind().id(),
                    p.testRatio(),
                    in.size(),
                    in.distinctUsers()));
        }
        Interactions full = train.concat(valid, "train+valid");
        RecoSplits.Stats stats = new RecoSplits.Stats(
                coldUsers(full, test),
                coldItemRows(full, test),
                valid.size() == 0 ? 0 : coldUsers(train, valid),
                valid.size() == 0 ? 0 : coldItemRows(train, valid));
        return new RecoSplits(train, valid, test, version(p, train, valid, test), stats);
    }

    /** Row indices of {@code in} in (user, item) order, or (timestamp, user, item) order when {@code byTime}. */
    static int[] order(Interactions in, boolean byTime) {
        Integer[] o = new Integer[in.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        long[] u = in.users();
        long[] it = in.items();
        long[] t = in.timestamps();
        Arrays.sort(o, (a, b) -> {
            if (byTime && t[a] != t[b]) {
                return Long.compare(t[a], t[b]);
            }
            return u[a] != u[b] ? Long.compare(u[a], u[b]) : Long.compare(it[a], it[b]);
        });
        return Arrays.stream(o).mapToInt(Integer::intValue).toArray();
    }

    private static int[] sorted(Interactions in, int[] rows) {
        long[] u = in.users();
        long[] it = in.items();
        return Arrays.stream(rows)
                .boxed()
                .sorted((a, b) -> u[a] != u[b] ? Long.compare(u[a], u[b]) : Long.compare(it[a], it[b]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** {train rows, held-out rows} of a canonical (user, item)-ordered table. */
    private static int[][] divide(Interactions in, SplitKind kind, double ratio, long seed) {
        int n = in.size();
        List<Integer> keep = new ArrayList<>(n);
        List<Integer> out = new ArrayList<>();
        if (kind == SplitKind.GLOBAL_TEMPORAL) {
            int[] o = order(in, true);
            int nTrain = (int) Math.rint((1 - ratio) * n);
            int[] tr = Arrays.copyOfRange(o, 0, nTrain);
            Arrays.sort(tr);
            return new int[][] {tr, Arrays.copyOfRange(o, nTrain, n)};
        }
        long[] u = in.users();
        long[] it = in.items();
        long[] t = in.timestamps();
        int start = 0;
        while (start < n) {
            int end = start;
            while (end < n && u[end] == u[start]) {
                end++;
            }
            int m = end - start;
            Integer[] rows = new Integer[m];
            for (int i = 0; i < m; i++) {
                rows[i] = start + i;
            }
            int nTrain;
            if (kind == SplitKind.STRATIFIED) {
                SplittableRandom rnd = new SplittableRandom(mix(seed, u[start]));
                for (int i = m - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    Integer x = rows[i];
                    rows[i] = rows[j];
                    rows[j] = x;
                }
                nTrain = (int) Math.rint((1 - ratio) * m);
            } else {
                Arrays.sort(rows, (a, b) -> t[a] != t[b] ? Long.compare(t[a], t[b]) : Long.compare(it[a], it[b]));
                nTrain = kind == SplitKind.LEAVE_LAST_ONE_OUT ? (m >= 2 ? m - 1 : m) : (int) Math.rint((1 - ratio) * m);
            }
            for (int i = 0; i < m; i++) {
                (i < nTrain ? keep : out).add(rows[i]);
            }
            start = end;
        }
        int[] tr = keep.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new int[][] {tr, out.stream().mapToInt(Integer::intValue).toArray()};
    }

    /** SplitMix64 finaliser of (seed, user): a per-user seed that does not depend on other users. */
    static long mix(long seed, long user) {
        long z = seed * 0x9E3779B97F4A7C15L + user;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int coldUsers(Interactions train, Interactions eval) {
        Set<Long> known = new HashSet<>();
        for (long u : train.users()) {
            known.add(u);
        }
        Set<Long> cold = new HashSet<>();
        for (long u : eval.users()) {
            if (!known.contains(u)) {
                cold.add(u);
            }
        }
        return cold.size();
    }

    private static int coldItemRows(Interactions train, Interactions eval) {
        Set<Long> known = new HashSet<>();
        for (long i : train.items()) {
            known.add(i);
        }
        int c = 0;
        for (long i : eval.items()) {
            c += known.contains(i) ? 0 : 1;
        }
        return c;
    }

    static String version(SplitParams p, Interactions... splits) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update(p.canonical().getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (Interactions s : splits) {
            md.update((byte) 0);
            for (int i = 0; i < s.size(); i++) {
                sb.setLength(0);
                sb.append(s.users()[i])
                        .append('\t')
                        .append(s.items()[i])
                        .append('\t')
                        .append(Float.floatToIntBits(s.ratings()[i]))
                        .append('\t')
                        .append(s.timestamps()[i])
                        .append('\n');
                md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }
}
