package dev.sweeplake.ctr;

/** A saved file is corrupt, of another kind, or of a newer format version than this reader knows. */
public class CtrFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CtrFormatException(String message) {
        super(message);
    }
}
