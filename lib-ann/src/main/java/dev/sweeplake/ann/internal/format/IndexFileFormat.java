package dev.sweeplake.ann.internal.format;

/**
 * Layout of a lib-ann index file, format version 1. All numbers little-endian.
 *
 * <pre>
 * offset  size        field
 * 0       u32         magic 0x4E414C53 (the bytes "SLAN")
 * 4       u32         format version (1)
 * 8       u32         engine code ({@link dev.sweeplake.ann.EngineKind#code()})
 * 12      u32         metric code ({@link dev.sweeplake.ann.Metric#code()})
 * 16      u32         dimension
 * 20      u32         count (vectors)
 * 24      u32 x 7     params: m, efConstruction, nlist, pqSubspaces, rerankStore code, reducedDimension,
 *                     kmeansIterations
 * 52      u64         params: seed
 * 60      u64 x count ids, in internal row order
 * ...     ...         engine payload (documented in each engine's writePayload)
 * end-8   u32         CRC32C of every byte before this field
 * end-4   u32         end magic 0x444E4541 (the bytes "AEND")
 * </pre>
 * A reader refuses a file with a wrong magic, a version above {@link #VERSION}, a wrong end magic or checksum.
 */
public final class IndexFileFormat {
    public static final int MAGIC = 0x4E414C53;
    public static final int END_MAGIC = 0x444E4541;
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 60;
    public static final int FOOTER_BYTES = 8;

    private IndexFileFormat() {}
}
