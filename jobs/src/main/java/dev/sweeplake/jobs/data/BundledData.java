package dev.sweeplake.jobs.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Data sets shipped inside the jar, so that the demo runs with no network and no ../shared. */
public final class BundledData {
  private BundledData() {}

  /** A labelled vector set: row i has id i. */
  public record LabelledVectors(String name, float[][] vectors, int[] labels) {
    public int dim() {
      return vectors.length == 0 ? 0 : vectors[0].length;
    }
  }

  /** UCI digits (CC BY 4.0): 1,797 rows of 64 features and a label. */
  public static LabelledVectors digits() {
    String resource = "/sweeplake/data/digits.csv.gz";
    try (InputStream raw = BundledData.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("bundled data set missing from the jar: " + resource);
      }
      return parseDigits(new GZIPInputStream(raw), resource);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  static LabelledVectors parseDigits(InputStream in, String source) throws IOException {
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.split(",");
        if (parts.length != 65) {
          throw new IllegalArgumentException(String.format(Locale.ROOT, "%s line %d: expected 65 values, got %d", source, lineNo, parts.length));
        }
        float[] v = new float[64];
        for (int i = 0; i < 64; i++) {
          v[i] = Float.parseFloat(parts[i]);
        }
        rows.add(v);
        labels.add((int) Float.parseFloat(parts[64]));
      }
    }
    return new LabelledVectors("digits", rows.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray());
  }
}
