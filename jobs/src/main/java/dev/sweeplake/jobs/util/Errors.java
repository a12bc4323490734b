package dev.sweeplake.jobs.util;

/** Turns exceptions into the one line a user sees. */
public final class Errors {
  private Errors() {}

  /** The most telling message of the chain, first line only; falls back to the class name. */
  public static String oneLine(Throwable e) {
    Throwable t = e;
    String msg = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        msg = t.getMessage();
        break;
      }
      t = t.getCause();
    }
    if (msg == null) {
      return e.getClass().getSimpleName();
    }
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg.strip() : msg.substring(0, nl).strip();
  }
}
