package dev.sweeplake.ctr.data;

import dev.sweeplake.ctr.internal.CsvSplitter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CTR task derived from MovieLens ml-latest-small (issue 6), defined so that any language gets the same rows:
 *
 * <ul>
 *   <li>one row per rating; label = 1 if rating >= 4.0 else 0;</li>
 *   <li>fields: {@code user} (userId), {@code movie} (movieId), {@code genres} (the pipe-separated genres as a bag,
 *       "(no genres listed)" included as a value), {@code year} (the last "(YYYY)" at the end of the trimmed title,
 *       "" if none), {@code hour} (0-23) and {@code weekday} (1 = Monday .. 7 = Sunday) of the rating time in UTC;
 *       all categorical values are decimal strings;</li>
 *   <li>split: {@code bucket = ((userId * 2654435761 + movieId) mod 2^32) mod 10} in unsigned 32-bit arithmetic;
 *       buckets 0-7 train, 8 validation, 9 test, rows kept in file order (80,627 / 10,110 / 10,099 rows on the
 *       shared copy).</li>
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
public final class MovieLensCtrTask {
    public static final Schema SCHEMA = Schema.of(
            "label",
            FieldSpec.categorical("user"),
            FieldSpec.categorical("movie"),
            FieldSpec.multiCategorical("genres"),
            FieldSpec.categorical("year"),
            FieldSpec.categorical("hour"),
            FieldSpec.categorical("weekday"));

    private static final Pattern YEAR = Pattern.compile("\\((\\d{4})\\)$");

    private MovieLensCtrTask() {}

    /** Split bucket 0..9 of a (user, movie) pair. */
    public static int bucket(long userId, long movieId) {
        long h = (userId * 2654435761L + movieId) & 0xffffffffL;
        return (int) (h % 10);
    }

    /** Release year from a MovieLens title, or "" when the title does not end with "(YYYY)". */
    public static String yearOf(String title) {
        Matcher m = YEAR.matcher(title.trim());
        return m.find() ? m.group(1) : "";
    }

    /** Movie attributes: title and pipe-separated genres. */
    public record Movie(String title, String genres) {}

    /** Loads {@code ratings.csv} and {@code movies.csv} from {@code dir} and splits them. */
    public static Splits load(Path dir) {
        Map<Integer, Movie> movies = readMovies(dir.resolve("movies.csv"));
        Path ratings = dir.resolve("ratings.csv");
        RawTable.Builder[] b = {RawTable.builder(SCHEMA), RawTable.builder(SCHEMA), RawTable.builder(SCHEMA)};
        try (BufferedReader r = Files.newBufferedReader(ratings, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.trim().equals("userId,movieId,rating,timestamp")) {
                throw new MalformedDataException(
                        ratings.toString(),
                        1,
                        "expected header 'userId,movieId,rating,timestamp', got '" + header + "'");
            }
            String line;
            long no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] c = line.split(",", -1);
                if (c.length != 4) {
                    throw new MalformedDataException(ratings.toString(), no, "expected 4 columns, got " + c.length);
                }
                try {
                    int user = Integer.parseInt(c[0].trim());
                    int movie = Integer.parseInt(c[1].trim());
                    double rating = Double.parseDouble(c[2].trim());
                    long ts = Long.parseLong(c[3].trim());
                    addRating(b, movies, user, movie, rating, ts, ratings + ":" + no);
                } catch (NumberFormatException e) {
                    throw new MalformedDataException(ratings.toString(), no, "bad number: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Splits(b[0].build(), b[1].build(), b[2].build());
    }

    /**
     * Builds the task from ratings already in memory (e.g. rows a Spark job read from Parquet).
     *
     * @param movies movieId -> (title, genres); a rating of an unknown movie is an error
     */
    public static Splits fromRatings(
            int[] userId, int[] movieId, double[] rating, long[] timestampSeconds, Map<Integer, Movie> movies) {
        int n = userId.length;
        if (movieId.length != n || rating.length != n || timestampSeconds.length != n) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "rating columns must have equal lengths, got %d, %d, %d, %d",
                    n,
                    movieId.length,
                    rating.length,
                    timestampSeconds.length));
        }
        RawTable.Builder[] b = {RawTable.builder(SCHEMA), RawTable.builder(SCHEMA), RawTable.builder(SCHEMA)};
        for (int i = 0; i < n; i++) {
            addRating(b, movies, userId[i], movieId[i], rating[i], timestampSeconds[i], "rating " + i);
        }
        return new Splits(b[0].build(), b[1].build(), b[2].build());
    }

    private static void addRating(
            RawTable.Builder[] b,
            Map<Integer, Movie> movies,
            int user,
            int movie,
            double rating,
            long ts,
            String where) {
        Movie m = movies.get(movie);
        if (m == null) {
            throw new IllegalArgumentException(where + ": movieId " + movie + " is not in movies.csv");
        }
        if (!(rating >= 0 && rating <= 5)) {
            throw new IllegalArgumentException(where + ": rating must be in [0, 5], got " + rating);
        }
        ZonedDateTime t = Instant.ofEpochSecond(ts).atZone(ZoneOffset.UTC);
        int bucket = bucket(user, movie);
        int split = bucket <= 7 ? 0 : bucket == 8 ? 1 : 2;
        String[] genres = m.genres().isEmpty() ? new String[0] : m.genres().split("\\|");
        b[split].addRow(
                rating >= 4.0 ? 1f : 0f,
                Integer.toString(user),
                Integer.toString(movie),
                genres,
                yearOf(m.title()),
                Integer.toString(t.getHour()),
                Integer.toString(t.getDayOfWeek().getValue()));
    }

    /** Reads movies.csv (movieId,title,genres; quoted titles allowed). */
    public static Map<Integer, Movie> readMovies(Path file) {
        Map<Integer, Movie> out = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.trim().equals("movieId,title,genres")) {
                throw new MalformedDataException(
                        file.toString(), 1, "expected header 'movieId,title,genres', got '" + header + "'");
            }
            String line;
            long no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isEmpty()) {
                    continue;
                }
                List<String> c;
                try {
                    c = CsvSplitter.split(line, ',');
                } catch (IllegalArgumentException e) {
                    throw new MalformedDataException(file.toString(), no, e.getMessage());
                }
                if (c.size() != 3) {
                    throw new MalformedDataException(file.toString(), no, "expected 3 columns, got " + c.size());
                }
                try {
                    out.put(Integer.parseInt(c.get(0).trim()), new Movie(c.get(1), c.get(2)));
                } catch (NumberFormatException e) {
                    throw new MalformedDataException(file.toString(), no, "bad movieId: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Per-row user ids of a task table, for per-user AUC. */
    public static int[] userIds(RawTable t) {
        String[] u = t.categorical("user");
        int[] out = new int[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = Integer.parseInt(u[i]);
        }
        return out;
    }
}
