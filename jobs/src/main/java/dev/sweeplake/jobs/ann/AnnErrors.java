package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.IndexFormatException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Turns a failed Spark job back into the error the task threw, so that a corrupt shard or a bad query row gives the same
 * one-line message (and exit code) on a cluster as in a single JVM. Stateless.
 */
final class AnnErrors {
  private AnnErrors() {}

  static <T> T unwrapping(Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
        throw e;
      }
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof IndexFormatException || t instanceof IllegalArgumentException) {
          throw new IllegalArgumentException(t.getMessage(), e);
        }
        if (t instanceof UncheckedIOException u) {
          throw u;
        }
      }
      throw e;
    }
  }
}
