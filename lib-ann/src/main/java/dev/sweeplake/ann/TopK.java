package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.Checks;
import java.util.List;

/**
 * Merging of partial top-k results (per shard or per base slice) into a global top-k. Padding entries
 * ({@link SearchResults#NO_ID}) are skipped; an id present in several inputs is kept once, with its smallest distance.
 * Ties are broken by the smaller id, so the merge is deterministic whatever the order of the inputs. Stateless.
 */
public final class TopK {
    private TopK() {}

    public static SearchResults merge(SearchResults a, SearchResults b, int k) {
        return merge(List.of(a, b), k);
    }

    /** Merges results for the same queries (same query count, any k each) into the k best per query. */
    public static SearchResults merge(List<SearchResults> parts, int k) {
        Checks.notNull("parts", parts);
        Checks.atLeast("parts size", parts.size(), 1);
        Checks.atLeast("k", k, 1);
        int nq = parts.get(0).queryCount();
        int total = 0;
        for (SearchResults p : parts) {
            if (p.queryCount() != nq) {
                throw new IllegalArgumentException(
                        Checks.fmt("parts queryCount must all be %d, actual %d", nq, p.queryCount()));
            }
            total += p.k();
        }
        SearchResults out = SearchResults.empty(nq, k);
        long[] candIds = new long[total];
        float[] candDist = new float[total];
        for (int q = 0; q < nq; q++) {
            int c = 0;
            for (SearchResults p : parts) {
                for (int r = 0; r < p.k(); r++) {
                    long id = p.id(q, r);
                    if (id != SearchResults.NO_ID) {
                        candIds[c] = id;
                        candDist[c] = p.distance(q, r);
                        c++;
                    }
                }
            }
            int o = q * k;
            int filled = 0;
            // Selection by repeated minimum: k and the candidate count are small (tens), so O(k * c) is cheapest.
            while (filled < k) {
                int best = -1;
                for (int i = 0; i < c; i++) {
                    if (best < 0
                            || candDist[i] < candDist[best]
                            || (candDist[i] == candDist[best] && candIds[i] < candIds[best])) {
                        best = i;
                    }
                }
                if (best < 0) {
                    break;
                }
                long id = candIds[best];
                out.ids()[o + filled] = id;
                out.distances()[o + filled] = candDist[best];
                filled++;
                // Drop every copy of this id.
                for (int i = 0; i < c; ) {
                    if (candIds[i] == id) {
                        c--;
                        candIds[i] = candIds[c];
                        candDist[i] = candDist[c];
                    } else {
                        i++;
                    }
                }
            }
        }
        return out;
    }
}
