package dev.sweeplake.ann;

/**
 * A file or shard that cannot be read: corrupt (checksum, truncation, bad magic), or written by a newer format
 * version. The message names the file, the expected and the actual value.
 */
public class IndexFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IndexFormatException(String message) {
        super(message);
    }
}
