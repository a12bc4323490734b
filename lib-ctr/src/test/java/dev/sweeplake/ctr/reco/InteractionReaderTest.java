package dev.sweeplake.ctr.reco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sweeplake.ctr.data.MalformedDataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsTheThreeMovieLensLayouts() throws IOException {
        Path csv = Files.createDirectory(dir.resolve("latest"));
        Files.writeString(
                csv.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,10,4.5,964982703\n\n2,11,3.0,5\n");
        Interactions a = InteractionReader.readMovieLens(csv);
        assertEquals(2, a.size());
        assertEquals(4.5f, a.ratings()[0]);
        assertEquals(964982703L, a.timestamps()[0]);
        Path k100 = Files.createDirectory(dir.resolve("ml-100k"));
        Files.writeString(k100.resolve("u.data"), "196\t242\t3\t881250949\n186\t302\t3\t891717742\n");
        assertEquals(MovieLensLayout.U_DATA, MovieLensLayout.detect(k100));
        Interactions b = InteractionReader.readMovieLens(k100);
        assertEquals(186L, b.users()[1]);
        assertEquals(302L, b.items()[1]);
        Path m1 = Files.createDirectory(dir.resolve("ml-1m"));
        Files.writeString(m1.resolve("ratings.dat"), "1::1193::5::978300760\n");
        Interactions c = InteractionReader.readMovieLens(m1);
        assertEquals(1193L, c.items()[0]);
        assertEquals(5f, c.ratings()[0]);
    }

    @Test
    void badRowsAreNamedByFileAndLine() throws IOException {
        Path d = Files.createDirectory(dir.resolve("bad"));
        Path f = d.resolve("ratings.csv");
        String h = "userId,movieId,rating,timestamp\n";
        Files.writeString(f, h + "1,2,3.0,4\n1,2,3.0\n");
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> InteractionReader.readMovieLens(d));
        assertEquals(
                f + ":3: expected 4 columns separated by ',' (user, item, rating, timestamp), got 3: '1,2,3.0'",
                e.getMessage());
        assertEquals(3, e.line());
        Files.writeString(f, h + "x,2,3.0,4\n");
        e = assertThrows(MalformedDataException.class, () -> InteractionReader.readMovieLens(d));
        assertEquals(f + ":2: user id must be an integer, got 'x'", e.getMessage());
        Files.writeString(f, h + "1,2.5,3.0,4\n");
        e = assertThrows(MalformedDataException.class, () -> InteractionReader.readMovieLens(d));
        assertEquals(f + ":2: item id must be an integer, got '2.5'", e.getMessage());
        Files.writeString(f, h + "1,2,good,4\n");
        e = assertThrows(MalformedDataException.class, () -> InteractionReader.readMovieLens(d));
        assertEquals(f + ":2: rating must be a number, got 'good'", e.getMessage());
        Files.writeString(f, h + "1,2,NaN,4\n");
        e = assertThrows(MalformedDataException.class, () -> InteractionReader.readMovieLens(d));
        assertEquals(f + ":2: rating must be finite, got 'NaN'", e.getMessage());
        Files.writeString(f, h + "1,2,3,2020-01-01\n");
        e = assertThrows(MalformedDataException.class, () -> InteractionReader.readMovieLens(d));
        assertEquals(f + ":2: timestamp must be integer seconds, got '2020-01-01'", e.getMessage());
        Files.writeString(f, "user,item,rating,ts\n1,2,3,4\n");
        e = assertThrows(MalformedDataException.class, () -> InteractionReader.readMovieLens(d));
        assertEquals(
                f + ":1: expected header 'userId,movieId,rating,timestamp' (ratings_csv layout), got "
                        + "'user,item,rating,ts'",
                e.getMessage());
        Files.writeString(f, "");
        e = assertThrows(MalformedDataException.class, () -> InteractionReader.readMovieLens(d));
        assertTrue(e.getMessage().endsWith("got an empty file"), e.getMessage());
        Path u = Files.createDirectory(dir.resolve("ml-100k"));
        Files.writeString(u.resolve("u.data"), "1\t2\t3\t4\n1 2 3 4\n");
        e = assertThrows(MalformedDataException.class, () -> InteractionReader.readMovieLens(u));
        assertTrue(
                e.getMessage()
                        .endsWith("u.data:2: expected 4 columns separated by '\\t' (user, item, rating, "
                                + "timestamp), got 1: '1 2 3 4'"),
                e.getMessage());
        Path dat = Files.createDirectory(dir.resolve("ml-1m"));
        Files.writeString(dat.resolve("ratings.dat"), "1::2::3::4\n1::2::3\n");
        e = assertThrows(MalformedDataException.class, () -> InteractionReader.readMovieLens(dat));
        assertTrue(
                e.getMessage()
                        .endsWith("ratings.dat:2: expected 4 columns separated by '::' (user, item, rating, "
                                + "timestamp), got 3: '1::2::3'"),
                e.getMessage());
    }

    @Test
    void missingOrAmbiguousLayoutsAreRefused() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MovieLensLayout.detect(empty));
        assertTrue(
                e.getMessage()
                        .contains("expected ratings.csv (ml-latest-small, ml-20m, ml-25m), u.data (ml-100k) or "
                                + "ratings.dat (ml-1m, ml-10m), found none"),
                e.getMessage());
        Path both = Files.createDirectory(dir.resolve("both"));
        Files.writeString(both.resolve("ratings.csv"), "");
        Files.writeString(both.resolve("u.data"), "");
        e = assertThrows(IllegalArgumentException.class, () -> MovieLensLayout.detect(both));
        assertTrue(e.getMessage().contains("holds both ratings.csv and u.data"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> InteractionReader.readMovieLens(empty, MovieLensLayout.U_DATA));
        assertEquals("interaction file not found: " + empty.resolve("u.data"), e.getMessage());
    }

    @Test
    void delimitedFilesByColumnName() throws IOException {
        Path f = write("events.csv", "ts,item,extra,user\n10,\"7\",x,3\n11,8,y,3\n");
        InteractionReader.Columns cols =
                new InteractionReader.Columns("user", "item", Optional.empty(), Optional.of("ts"), ',');
        Interactions in = InteractionReader.readDelimited(f, cols);
        assertEquals(2, in.size());
        assertEquals(7L, in.items()[0]);
        assertTrue(Float.isNaN(in.ratings()[0]), "no rating column");
        assertEquals(11L, in.timestamps()[1]);
        Path g = write("bad.csv", "user,item\n1,2\n3\n");
        MalformedDataException e = assertThrows(
                MalformedDataException.class,
                () -> InteractionReader.readDelimited(
                        g, new InteractionReader.Columns("user", "item", Optional.empty(), Optional.empty(), ',')));
        assertEquals(g + ":3: expected 2 columns (as the header), got 1: '3'", e.getMessage());
        e = assertThrows(
                MalformedDataException.class,
                () -> InteractionReader.readDelimited(
                        g,
                        new InteractionReader.Columns("user", "item", Optional.of("rating"), Optional.empty(), ',')));
        assertEquals(g + ":1: column 'rating' not in the header [user, item]", e.getMessage());
        IllegalArgumentException e2 = assertThrows(
                IllegalArgumentException.class,
                () -> new InteractionReader.Columns("", "item", Optional.empty(), Optional.empty(), ','));
        assertTrue(e2.getMessage().contains("user and item column names are required"), e2.getMessage());
    }

    @Test
    void splitFilesRoundTripAndRefuseBadRows() {
        Interactions in =
                new Interactions("x", new long[] {1, 2}, new long[] {3, 4}, new float[] {4.5f, Float.NaN}, new long[] {
                    Interactions.NO_TIME, 9
                });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SplitFormat.write(in, out);
        assertEquals("user\titem\trating\ttimestamp\n1\t3\t4.5\t\n2\t4\t\t9\n", out.toString(StandardCharsets.UTF_8));
        Interactions back = SplitFormat.read(new ByteArrayInputStream(out.toByteArray()), "train.tsv");
        assertEquals(2, back.size());
        assertEquals(4.5f, back.ratings()[0]);
        assertTrue(Float.isNaN(back.ratings()[1]));
        assertEquals(Interactions.NO_TIME, back.timestamps()[0]);
        MalformedDataException e = assertThrows(
                MalformedDataException.class,
                () -> SplitFormat.read(
                        new ByteArrayInputStream("user,item\n".getBytes(StandardCharsets.UTF_8)), "test.tsv"));
        assertEquals("test.tsv:1: expected header 'user\\titem\\trating\\ttimestamp', got 'user,item'", e.getMessage());
        e = assertThrows(
                MalformedDataException.class,
                () -> SplitFormat.read(
                        new ByteArrayInputStream(
                                "user\titem\trating\ttimestamp\n1\t2\t3\n".getBytes(StandardCharsets.UTF_8)),
                        "test.tsv"));
        assertEquals("test.tsv:2: expected 4 tab-separated columns, got 3", e.getMessage());
    }

    @Test
    void feedbackThresholdAndKCore() {
        Interactions.Builder b = new Interactions.Builder();
        // user 1: items 1,2,3; user 2: items 1,2; user 3: item 4 (rating 2)
        b.add(1, 1, 5, 1)
                .add(1, 2, 4, 2)
                .add(1, 3, 5, 3)
                .add(2, 1, 4, 4)
                .add(2, 2, 5, 5)
                .add(3, 4, 2, 6);
        Interactions in = b.build("t");
        Feedback.Result thr = Feedback.apply(in, new FeedbackParams(4.0, 1, 1));
        assertEquals(5, thr.data().size());
        assertEquals(1, thr.belowThreshold());
        Feedback.Result core = Feedback.apply(in, new FeedbackParams(Double.NaN, 2, 2));
        // item 3 and 4 have one user -> removed; then user 1 has 2, user 2 has 2, user 3 has 0
        assertEquals(4, core.data().size());
        assertEquals(2, core.kcoreRemoved());
        Interactions noRating =
                new Interactions("n.csv", new long[] {1}, new long[] {1}, new float[] {Float.NaN}, new long[] {1});
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Feedback.apply(noRating, new FeedbackParams(4.0, 1, 1)));
        assertEquals(
                "n.csv: rating_threshold 4.0 needs a rating on every row; the source has rows without one",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FeedbackParams(Double.NaN, 0, 1));
        assertEquals("min_user_interactions must be in [1, 1000000], got 0", e.getMessage());
    }
}
