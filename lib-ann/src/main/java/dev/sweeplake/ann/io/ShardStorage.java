package dev.sweeplake.ann.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The files of one shard folder, by plain names (no slashes). lib-ann implements it on local files
 * ({@link LocalShardStorage}); the Spark jobs implement it on a Hadoop FileSystem. Implementations must be safe for
 * one writer or many readers at a time; {@link #create} should make a file visible only once it is closed, where the
 * file system allows (write to a temporary name, then rename).
 */
public interface ShardStorage {
    /** A new file replacing any old one of that name, visible after close. */
    OutputStream create(String name) throws IOException;

    /** Reads a file; {@link java.io.FileNotFoundException} or {@link java.nio.file.NoSuchFileException} if absent. */
    InputStream open(String name) throws IOException;

    boolean exists(String name) throws IOException;

    /**
     * Reads a file as a channel; readers pull it in chunks. The default wraps {@link #open}; local storage returns a
     * {@link java.nio.channels.FileChannel}.
     */
    default java.nio.channels.ReadableByteChannel openChannel(String name) throws IOException {
        return java.nio.channels.Channels.newChannel(open(name));
    }

    /** The file's size in bytes, or -1 when the storage cannot tell cheaply (then it is checked after reading). */
    default long size(String name) throws IOException {
        return -1;
    }

    /** Names of the complete files, sorted. */
    List<String> list() throws IOException;

    /** Where the shard lives, for messages (e.g. a path or URI). */
    String describe();
}
