package dev.sweeplake.ann.internal.engine;

import dev.sweeplake.ann.AnnIndex;
import dev.sweeplake.ann.AnnSearcher;
import dev.sweeplake.ann.DeviceChoice;
import dev.sweeplake.ann.EngineKind;
import dev.sweeplake.ann.GpuMode;
import dev.sweeplake.ann.IndexParams;
import dev.sweeplake.ann.Metric;
import dev.sweeplake.ann.internal.Checks;
import dev.sweeplake.ann.internal.format.BinaryWriter;
import dev.sweeplake.ann.internal.format.CountingOutputStream;
import dev.sweeplake.ann.internal.format.IndexFileFormat;
import dev.sweeplake.ann.internal.gpu.DeviceResidency;
import java.io.OutputStream;

/** Common header, ids and footer writing of every engine. Subclasses are immutable after construction; thread-safe. */
abstract class BaseIndex implements AnnIndex {
    protected final IndexParams params;
    protected final int dimension;
    protected final long[] ids;
    /** Device copies for GPU search, freed when this index is collected. */
    final DeviceResidency residency = new DeviceResidency(this);

    private volatile long bytes = -1;
    private volatile String builtOn;

    BaseIndex(IndexParams params, int dimension, long[] ids) {
        this.params = params;
        this.dimension = dimension;
        this.ids = ids;
    }

    /** Records the device of the build (set once, right after the build, before the index is shared). */
    void builtOn(String device) {
        this.builtOn = device;
    }

    /**
     * The build device; for an index read from a file (the format does not record it) {@code cpu} for CPU engines
     * and {@code gpu (not recorded in the file)} for GPU engines.
     */
    @Override
    public String builtOn() {
        String b = builtOn;
        if (b != null) {
            return b;
        }
        return params.engine().isGpu() ? "gpu (not recorded in the file)" : "cpu";
    }

    @Override
    public EngineKind engine() {
        return params.engine();
    }

    @Override
    public Metric metric() {
        return params.metric();
    }

    @Override
    public IndexParams params() {
        return params;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int size() {
        return ids.length;
    }

    /** The GPU searcher where the engine has one and the device is usable, else the CPU searcher (see GpuMode). */
    @Override
    public AnnSearcher searcher(DeviceChoice device) {
        Checks.notNull("device", device);
        if (device.mode() == GpuMode.OFF) {
            return searcher();
        }
        return GpuSearchers.forDevice(this, device);
    }

    /** Engine-specific payload after the ids. */
    abstract void writePayload(BinaryWriter w);

    @Override
    public void write(OutputStream out) {
        BinaryWriter w = new BinaryWriter(out);
        w.writeInt(IndexFileFormat.MAGIC);
        w.writeInt(IndexFileFormat.VERSION);
        w.writeInt(params.engine().code());
        w.writeInt(params.metric().code());
        w.writeInt(dimension);
        w.writeInt(ids.length);
        w.writeInt(params.m());
        w.writeInt(params.efConstruction());
        w.writeInt(params.nlist());
        w.writeInt(params.pqSubspaces());
        w.writeInt(params.rerankStore().code());
        w.writeInt(params.reducedDimension());
        w.writeInt(params.kmeansIterations());
        w.writeLong(params.seed());
        w.writeLongs(ids, 0, ids.length);
        writePayload(w);
        w.finish();
    }

    @Override
    public long bytes() {
        long b = bytes;
        if (b < 0) {
            CountingOutputStream c = new CountingOutputStream();
            write(c);
            b = c.count();
            bytes = b;
        }
        return b;
    }
}
