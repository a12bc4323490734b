package dev.sweeplake.jobs.config;

import dev.sweeplake.jobs.errors.ExitCode;
import dev.sweeplake.jobs.errors.SweeplakeException;

/**
 * A configuration that cannot be used: unreadable or malformed YAML, an unknown or missing key, a wrong type or an
 * out-of-range value. The message names the key's path, the expected and the actual value; it is meant to be shown to the
 * user as one line. Thrown only on the driver, before any Spark work starts. Exit code 3 ({@link ExitCode#CONFIG}).
 */
public class ConfigException extends SweeplakeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(ExitCode.CONFIG, message);
    }

    public ConfigException(String message, Throwable cause) {
        super(ExitCode.CONFIG, message, cause);
    }
}
