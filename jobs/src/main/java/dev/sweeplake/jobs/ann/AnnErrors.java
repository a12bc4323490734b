package dev.sweeplake.jobs.ann;

import dev.sweeplake.ann.IndexFormatException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Turns a failed Spark job back into the error the task threw, so that a corrupt shard or a bad query row gives the same
 * one-line message (and exit code) on a cluster as in a single JVM. Stateless.
 */
final class AnnErrors {
  private static final java.util.regex.Pattern TASK_ERROR = java.util.regex.Pattern.compile(
      "(dev\\.sweeplake\\.ann\\.IndexFormatException|java\\.lang\\.IllegalArgumentException|"
          + "java\\.io\\.UncheckedIOException): ([^\\n]*)");
  private static final java.util.regex.Pattern TASK_CAUSE = java.util.regex.Pattern.compile(
      "Caused by: ([^\\n]*)");

  private AnnErrors() {}

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }

  static <T> T unwrapping(Supplier<T> body) {
    try {
      return body.get();
    } catch (Exception e) { // SparkException is a checked exception that Scala code throws undeclared
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
      // A task's exception is not always the cause of the job's: Spark puts it in the message.
      for (Throwable t = e; t != null; t = t.getCause()) {
        java.util.regex.Matcher m = TASK_ERROR.matcher(String.valueOf(t.getMessage()));
        if (m.find()) {
          String detail = m.group(2).strip();
          if (m.group(1).endsWith("UncheckedIOException")) {
            java.util.regex.Matcher cause = TASK_CAUSE.matcher(t.getMessage());
            if (cause.find()) {
              detail = detail + ": " + cause.group(1).strip();
            }
          }
          throw new IllegalArgumentException(detail, e);
        }
      }
      throw AnnErrors.<RuntimeException>sneaky(e);
    }
  }
}
