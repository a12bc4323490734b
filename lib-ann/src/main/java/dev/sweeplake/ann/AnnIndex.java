package dev.sweeplake.ann;

import dev.sweeplake.ann.internal.engine.Engines;
import dev.sweeplake.ann.internal.vec.VectorKernels;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A built, immutable index over one shard of vectors. Thread-safe: share one index between threads and give every
 * thread its own {@link #searcher()}.
 */
public interface AnnIndex {

    /**
     * Builds an index. Invalid input gives an {@link IllegalArgumentException} naming the parameter, expected and actual
     * value: empty base, parameters that do not fit the base (e.g. nlist larger than the base, reducedDimension not
     * below the dimension). Ids and finiteness were checked when {@code base} was created. The index keeps references
     * to {@code base}'s arrays (no copy, except COSINE which normalises a copy): do not modify them afterwards.
     *
     * @param threads  build threads (HNSW insertion, k-means assignment), at least 1
     * @param listener progress, may be {@link ProgressListener#NONE}
     */
    static AnnIndex build(VectorMatrix base, IndexParams params, int threads, ProgressListener listener) {
        return Engines.build(base, params, threads, listener);
    }

    /**
     * Builds an index on the device that {@code device} selects. With {@link GpuMode#OFF} this is
     * {@link #build(VectorMatrix, IndexParams, int, ProgressListener)}; GPU engines are chosen through
     * {@link IndexParams#engine()} and fall back to the CPU engine of the same family under {@link GpuMode#AUTO}.
     */
    static AnnIndex build(
            VectorMatrix base, IndexParams params, int threads, ProgressListener listener, DeviceChoice device) {
        return Engines.build(base, params, threads, listener, device);
    }

    /**
     * Chooses this JVM's distance kernel and has the JIT compile it, on the calling thread, if that has not happened
     * yet (once per JVM, until its calls allocate nothing, usually 0.3-1 s; later calls return at once). Builds do this
     * themselves when needed; a caller that
     * measures a build's allocations (as {@code ann build}'s per-task heap bound does) calls it first, so the kernel's
     * warm-up, whose uncompiled Vector API code allocates tens of MB of garbage, is not counted in the first build.
     * Thread-safe: a second thread waits for the first.
     *
     * @return the kernel's name, e.g. {@code panama-256} or {@code scalar}
     */
    static String prepareKernel() {
        return VectorKernels.get().name();
    }

    /** Reads an index written by {@link #write}; refuses corrupt and newer-version files ({@link IndexFormatException}). */
    static AnnIndex read(InputStream in, String sourceName) {
        return Engines.read(in, sourceName);
    }

    EngineKind engine();

    Metric metric();

    IndexParams params();

    int dimension();

    /** Number of indexed vectors. */
    int size();

    /** A new searcher with its own scratch memory: one per thread. */
    AnnSearcher searcher();

    /**
     * A new searcher on the device that {@code device} selects (batched GPU search where the engine has one; the CPU
     * searcher otherwise). The default is the CPU searcher.
     */
    default AnnSearcher searcher(DeviceChoice device) {
        return searcher();
    }

    /** The device this index was built on: {@code cpu}, or the GPU's name and ordinal, e.g. {@code NVIDIA H200 #0}. */
    default String builtOn() {
        return "cpu";
    }

    /** Writes the index file (header, payload, CRC32C footer) to the stream; does not close it. */
    void write(OutputStream out);

    /** Size in bytes of the index file, which is also what the index keeps in memory (give or take headers). */
    long bytes();
}
