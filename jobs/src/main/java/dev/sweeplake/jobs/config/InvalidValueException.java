package dev.sweeplake.jobs.config;

/**
 * Thrown by a config record's compact constructor when one of its components is out of range. Carries the component's key
 * (snake_case, as written in YAML) so that {@link ConfigBinder} can report the full path, e.g. {@code ann.build.shards}.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public InvalidValueException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key within its record, snake_case. */
    public String key() {
        return key;
    }
}
