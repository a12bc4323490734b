package dev.sweeplake.jobs.command;

/** The config of commands that take none: any key in a --config file is an unknown key. */
public record NoConfig() {
    public static NoConfig defaults() {
        return new NoConfig();
    }
}
