package dev.sweeplake.ctr.reco;

import dev.sweeplake.ctr.data.MalformedDataException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text layout of a prepared split file ({@code train.tsv}, {@code valid.tsv}, {@code test.tsv}), chosen so that
 * any tool (the NumPy reference, pandas, a shell) reads it without a library:
 *
 * <pre>
 * line 1:  user\titem\trating\ttimestamp          (the header, exactly)
 * line 2+: &lt;user id&gt;\t&lt;item id&gt;\t&lt;rating or empty&gt;\t&lt;timestamp seconds or empty&gt;
 * </pre>
 *
 * Ratings are written with Java's shortest round-trip float text ({@code Float.toString}); rows in the split's order
 * ((user, item)). A reader refuses any other header or row with a {@link MalformedDataException} naming the file and
 * line. Thread-safety: stateless.
 */
public final class SplitFormat {
    public static final String HEADER = "user\titem\trating\ttimestamp";

    private SplitFormat() {}

    /** Writes {@code data} to {@code out} (not closed). */
    public static void write(Interactions data, OutputStream out) {
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            w.write(HEADER);
            w.write('\n');
            StringBuilder sb = new StringBuilder(64);
            for (int i = 0; i < data.size(); i++) {
                sb.setLength(0);
                sb.append(data.users()[i]).append('\t').append(data.items()[i]).append('\t');
                float r = data.ratings()[i];
                if (!Float.isNaN(r)) {
                    sb.append(r);
                }
                sb.append('\t');
                long t = data.timestamps()[i];
                if (t != Interactions.NO_TIME) {
                    sb.append(t);
                }
                sb.append('\n');
                w.write(sb.toString());
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write split " + data.source() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a split file; {@code name} is used in messages and as the source. The stream is not closed. */
    public static Interactions read(InputStream in, String name) {
        Interactions.Builder b = new Interactions.Builder();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            String header = r.readLine();
            if (header == null || !header.equals(HEADER)) {
                throw new MalformedDataException(
                        name,
                        1,
                        String.format(
                                Locale.ROOT,
                                "expected header '%s', got %s",
                                HEADER.replace("\t", "\\t"),
                                header == null ? "an empty file" : "'" + header.replace("\t", "\\t") + "'"));
            }
            String line;
            long no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                String[] c = line.split("\t", -1);
                if (c.length != 4) {
                    throw new MalformedDataException(name, no, "expected 4 tab-separated columns, got " + c.length);
                }
                b.add(
                        InteractionReader.parseId(c[0], "user", name, no),
                        InteractionReader.parseId(c[1], "item", name, no),
                        c[2].isEmpty() ? Float.NaN : InteractionReader.parseRating(c[2], name, no),
                        c[3].isEmpty() ? Interactions.NO_TIME : InteractionReader.parseTime(c[3], name, no));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read split " + name + ": " + e.getMessage(), e);
        }
        return b.build(name);
    }
}
