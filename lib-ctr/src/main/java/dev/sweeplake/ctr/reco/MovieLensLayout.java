package dev.sweeplake.ctr.reco;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The rating-file layouts of the MovieLens distributions. Immutable, thread-safe.
 *
 * <ul>
 *   <li>{@link #RATINGS_CSV}: ml-latest-small, ml-latest, ml-20m, ml-25m, ml-32m: {@code ratings.csv}, header
 *       {@code userId,movieId,rating,timestamp}, comma-separated.</li>
 *   <li>{@link #U_DATA}: ml-100k: {@code u.data}, no header, tab-separated {@code user item rating timestamp}.</li>
 *   <li>{@link #RATINGS_DAT}: ml-1m, ml-10m: {@code ratings.dat}, no header, {@code UserID::MovieID::Rating::Timestamp}.</li>
 * </ul>
 */
public enum MovieLensLayout {
    RATINGS_CSV("ratings.csv", ",", "userId,movieId,rating,timestamp"),
    U_DATA("u.data", "\t", null),
    RATINGS_DAT("ratings.dat", "::", null);

    private final String fileName;
    private final String delimiter;
    private final String header;

    MovieLensLayout(String fileName, String delimiter, String header) {
        this.fileName = fileName;
        this.delimiter = delimiter;
        this.header = header;
    }

    /** The rating file's name inside a distribution's folder. */
    public String fileName() {
        return fileName;
    }

    /** The column delimiter (a literal string, not a regex). */
    public String delimiter() {
        return delimiter;
    }

    /** The required first line, or null when the layout has no header. */
    public String header() {
        return header;
    }

    /** The config name: ratings_csv, u_data, ratings_dat. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The layout of a distribution folder: the one whose rating file exists. Exactly one must exist; none or several
     * (ambiguous) is an IllegalArgumentException listing what was looked for.
     */
    public static MovieLensLayout detect(Path dir) {
        MovieLensLayout found = null;
        for (MovieLensLayout l : values()) {
            if (Files.isRegularFile(dir.resolve(l.fileName))) {
                if (found != null) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "movielens folder %s holds both %s and %s; set dataset.layout to pick one",
                            dir,
                            found.fileName,
                            l.fileName));
                }
                found = l;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "movielens folder %s: expected ratings.csv (ml-latest-small, ml-20m, ml-25m), u.data (ml-100k) or "
                            + "ratings.dat (ml-1m, ml-10m), found none",
                    dir));
        }
        return found;
    }
}
