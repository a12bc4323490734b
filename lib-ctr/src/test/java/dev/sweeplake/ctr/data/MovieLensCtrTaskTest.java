package dev.sweeplake.ctr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensCtrTaskTest {
    static Path sharedDir() {
        String p = System.getProperty("sweeplake.shared.data");
        return p == null ? null : Path.of(p, "movielens-latest-small");
    }

    @Test
    void bucketIsUnsigned32BitArithmetic() {
        // (1 * 2654435761 + 1) mod 2^32 = 2654435762 -> mod 10 = 2
        assertEquals(2, MovieLensCtrTask.bucket(1, 1));
        // 610 * 2654435761 + 193609 = 1619205957819 ; mod 2^32 = 1619205957819 - 377 * 4294967296 = 5972565227 ...
        long h = (610L * 2654435761L + 193609L) % (1L << 32);
        assertEquals((int) (h % 10), MovieLensCtrTask.bucket(610, 193609));
        // large ids wrap: the product exceeds 2^32 many times over
        assertEquals((int) (((100000L * 2654435761L + 7L) & 0xffffffffL) % 10), MovieLensCtrTask.bucket(100000, 7));
    }

    @Test
    void yearFromTitle() {
        assertEquals("1995", MovieLensCtrTask.yearOf("Toy Story (1995)"));
        assertEquals("1995", MovieLensCtrTask.yearOf("Toy Story (1995) "));
        assertEquals("", MovieLensCtrTask.yearOf("Babylon 5"));
        assertEquals("", MovieLensCtrTask.yearOf("Stranger Things (2016-)"));
        assertEquals("1996", MovieLensCtrTask.yearOf("Big (1988) Remake (1996)"));
    }

    @Test
    void sharedCopyGivesThePublishedSplit() {
        Path dir = sharedDir();
        assumeTrue(dir != null && Files.isRegularFile(dir.resolve("ratings.csv")), "shared MovieLens data absent");
        Splits s = MovieLensCtrTask.load(dir);
        assertEquals(80_627, s.train().rows());
        assertEquals(10_110, s.valid().rows());
        assertEquals(10_099, s.test().rows());
        // first rating: user 1, movie 1, 4.0 stars at 964982703 = 2000-07-30 18:45:03 UTC (a Sunday)
        RawTable t = s.train();
        assertEquals("1", t.categorical("user")[0]);
        assertEquals("1", t.categorical("movie")[0]);
        assertEquals(1f, t.label(0));
        assertEquals("1995", t.categorical("year")[0]);
        assertEquals("18", t.categorical("hour")[0]);
        assertEquals("7", t.categorical("weekday")[0]);
        assertArrayEquals(
                new String[] {"Adventure", "Animation", "Children", "Comedy", "Fantasy"},
                t.multiCategorical("genres")[0]);
        int users = (int) java.util.Arrays.stream(MovieLensCtrTask.userIds(s.test()))
                .distinct()
                .count();
        assertEquals(true, users > 500, "test split covers most users: " + users);
    }

    @Test
    void inMemoryRatingsGiveTheSameRowsAsFiles(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("movies.csv"),
                "movieId,title,genres\n1,\"Heat, The (1995)\",Action|Crime\n" + "2,Nameless,(no genres listed)\n");
        Files.writeString(
                dir.resolve("ratings.csv"),
                "userId,movieId,rating,timestamp\n1,1,4.5,0\n2,2,3.5,90000\n"
                        + "3,1,1.0,3600\n4,2,4.0,7200\n5,1,5.0,86400\n");
        Splits a = MovieLensCtrTask.load(dir);
        Splits b = MovieLensCtrTask.fromRatings(
                new int[] {1, 2, 3, 4, 5},
                new int[] {1, 2, 1, 2, 1},
                new double[] {4.5, 3.5, 1.0, 4.0, 5.0},
                new long[] {0, 90000, 3600, 7200, 86400},
                Map.of(
                        1,
                        new MovieLensCtrTask.Movie("Heat, The (1995)", "Action|Crime"),
                        2,
                        new MovieLensCtrTask.Movie("Nameless", "(no genres listed)")));
        for (RawTable[] pair :
                new RawTable[][] {{a.train(), b.train()}, {a.valid(), b.valid()}, {a.test(), b.test()}}) {
            assertEquals(pair[0].rows(), pair[1].rows());
            assertArrayEquals(pair[0].labels(), pair[1].labels());
            for (String f : new String[] {"user", "movie", "year", "hour", "weekday"}) {
                assertArrayEquals(pair[0].categorical(f), pair[1].categorical(f));
            }
        }
        assertEquals(5, a.train().rows() + a.valid().rows() + a.test().rows());
    }

    @Test
    void malformedLinesNameFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,Heat (1995),Action\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.5,0\n1,x,4.0,5\n");
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> MovieLensCtrTask.load(dir));
        assertEquals(3, e.line());
        assertEquals(dir.resolve("ratings.csv") + ":3: bad number: For input string: \"x\"", e.getMessage());
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.5\n");
        e = assertThrows(MalformedDataException.class, () -> MovieLensCtrTask.load(dir));
        assertEquals(dir.resolve("ratings.csv") + ":2: expected 4 columns, got 3", e.getMessage());
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,9,4.5,0\n");
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> MovieLensCtrTask.load(dir));
        assertEquals(dir.resolve("ratings.csv") + ":2: movieId 9 is not in movies.csv", u.getMessage());
    }
}
