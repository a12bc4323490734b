package dev.sweeplake.jobs.command;

/** Base of the commands that take no config keys (reports, benchmarks): any key in a --config file is an unknown key. */
public abstract class NoConfigCommand extends SparkCommand<NoConfig> {
    @Override
    protected final Class<NoConfig> configType() {
        return NoConfig.class;
    }
}
