package dev.sweeplake.jobs.ann;

/** A config with a {@code data_dir} that {@code --data-dir} replaces. */
interface DataDirConfig<C> {
    String dataDir();

    C withDataDir(String dataDir);
}
