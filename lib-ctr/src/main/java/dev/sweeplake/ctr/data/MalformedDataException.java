package dev.sweeplake.ctr.data;

import java.util.Locale;

/** A line of an input file cannot be parsed; the message starts with {@code file:line:}. */
public class MalformedDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final long line;

    public MalformedDataException(String file, long line, String reason) {
        super(String.format(Locale.ROOT, "%s:%d: %s", file, line, reason));
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** 1-based line number. */
    public long line() {
        return line;
    }
}
