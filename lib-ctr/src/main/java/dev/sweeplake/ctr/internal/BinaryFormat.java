package dev.sweeplake.ctr.internal;

import dev.sweeplake.ctr.CtrFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Envelope shared by every lib-ctr binary file. Layout (big-endian):
 *
 * <pre>
 *   int32  magic          file kind (e.g. 'SLFP' feature processor, 'SLCM' model)
 *   int32  version        format version of the payload
 *   int64  payloadLength  bytes of payload that follow
 *   byte[] payload        kind-specific, written with DataOutputStream
 *   int64  crc32          CRC-32 of every byte above (magic .. payload)
 * </pre>
 *
 * A reader refuses a wrong magic, a newer version, a short file or a checksum mismatch, naming expected and actual.
 * Thread-safety: stateless helpers; the returned streams are single-threaded.
 */
public final class BinaryFormat {
    private BinaryFormat() {}

    /** Payload writer: collect the payload, then {@link #finish}. */
    public static final class Writer {
        private final int magic;
        private final int version;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        public final DataOutputStream out = new DataOutputStream(bytes);

        public Writer(int magic, int version) {
            this.magic = magic;
            this.version = version;
        }

        public void finish(OutputStream target) {
            try {
                out.flush();
                byte[] payload = bytes.toByteArray();
                ByteBuffer head = ByteBuffer.allocate(16);
                head.putInt(magic).putInt(version).putLong(payload.length);
                CRC32 crc = new CRC32();
                crc.update(head.array());
                crc.update(payload);
                DataOutputStream d = new DataOutputStream(target);
                d.write(head.array());
                d.write(payload);
                d.writeLong(crc.getValue());
                d.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads and verifies a whole file; returns a stream over the payload and its version. */
    public record Opened(int version, DataInputStream in) {}

    public static Opened open(InputStream source, int expectedMagic, int maxVersion, String what) {
        byte[] all;
        try {
            all = source.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (all.length < 24) {
            throw new CtrFormatException(String.format(
                    Locale.ROOT, "%s: file too short: expected at least 24 bytes, actual %d", what, all.length));
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        int magic = b.getInt();
        if (magic != expectedMagic) {
            throw new CtrFormatException(String.format(
                    Locale.ROOT, "%s: bad magic number: expected 0x%08x, actual 0x%08x", what, expectedMagic, magic));
        }
        int version = b.getInt();
        if (version > maxVersion || version < 1) {
            throw new CtrFormatException(String.format(
                    Locale.ROOT,
                    "%s: unsupported format version: expected 1..%d, actual %d",
                    what,
                    maxVersion,
                    version));
        }
        long len = b.getLong();
        if (len != all.length - 24L) {
            throw new CtrFormatException(String.format(
                    Locale.ROOT,
                    "%s: payload length mismatch: expected %d (header), actual %d",
                    what,
                    len,
                    all.length - 24L));
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new CtrFormatException(String.format(
                    Locale.ROOT,
                    "%s: checksum mismatch: expected 0x%08x (footer), actual 0x%08x",
                    what,
                    stored,
                    crc.getValue()));
        }
        return new Opened(version, new DataInputStream(new ByteArrayInputStream(all, 16, (int) len)));
    }

    public static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer bb = ByteBuffer.allocate(a.length * 4);
        bb.asFloatBuffer().put(a);
        out.write(bb.array());
    }

    public static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        byte[] raw = new byte[n * 4];
        in.readFully(raw);
        float[] a = new float[n];
        ByteBuffer.wrap(raw).asFloatBuffer().get(a);
        return a;
    }

    public static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    public static double[] readDoubles(DataInputStream in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
