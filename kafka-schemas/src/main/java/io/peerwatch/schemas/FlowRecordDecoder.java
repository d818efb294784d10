package io.peerwatch.schemas;

import io.peerwatch.core.IpAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Reads Avro single-object {@code FlowRecord} (or {@code FlowRecordBatch}) bytes of the current
 * schema straight into library {@link io.peerwatch.core.FlowRecord}s, without the generated
 * records, their byte buffers and instants: {@link TopicCodec#flows()}'s decoder, the job's hot
 * path; the mirror of {@link FlowRecordEncoder}.
 *
 * <p>It answers only what it is sure of: a value of the current schema's fingerprint whose every
 * field is well-formed (varints no longer than Avro reads them, the union branch and enum
 * indexes in range, 4- or 16-byte addresses, no trailing bytes) and that the library type
 * accepts. Anything else (another fingerprint, including the schema history Avro resolves; a
 * truncated, corrupt or invalid value) returns null, and the caller decodes the same bytes the
 * Avro way, which then gives the value or the exact error it always gave. So the two paths can
 * differ only in speed (tests compare them on the lab exports and on fuzzed and cut values).
 *
 * <p>Binary encoding per the Avro specification (https://avro.apache.org/docs/1.12.0/specification/),
 * read as Avro 1.12's {@code BinaryDecoder} reads it: an int is a zig-zag varint of at most 5
 * bytes, a long of at most 10, groups of 7 bits combined least significant first (a 10th byte
 * contributes its lowest bit only). An array is blocks of a long item count and the items, ended
 * by a 0 count; a negative count -n is n items preceded by the block's size in bytes (a long,
 * which Avro reads and does not check; neither does this). Thread-safe: no state besides the
 * schema's constants.
 */
final class FlowRecordDecoder {
    private static final int SINGLE_OBJECT_HEADER = 10;
    private static final int MAX_INT_BYTES = 5;
    private static final int MAX_LONG_BYTES = 10;
    private static final long INT_RANGE = 1L << 32;
    /** The two address sizes, in bytes. */
    private static final int V4_LENGTH = 4;
    private static final int V6_LENGTH = 16;

    /**
     * Most flows the fast path reads in one batch value; a larger (or corrupt) count is left to
     * Avro, which applies its own collection limit.
     */
    static final int MAX_FAST_BATCH_FLOWS = 1 << 16;

    private static final byte[] MAGIC = {(byte) 0xC3, 0x01};
    private final long fingerprint;
    private final long batchFingerprint;
    private final io.peerwatch.core.FlowDirection[] directions;
    private final io.peerwatch.core.FlowSourceKind[] sourceKinds;

    FlowRecordDecoder() {
        Schema schema = FlowRecord.getClassSchema();
        List<String> names = schema.getFields().stream().map(Schema.Field::name).toList();
        if (!names.equals(FlowRecordEncoder.FIELDS)) {
            throw new IllegalStateException("FlowRecord schema has fields " + names + "; the fast decoder reads "
                    + FlowRecordEncoder.FIELDS + ": update FlowRecordDecoder");
        }
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.batchFingerprint = SchemaNormalization.parsingFingerprint64(FlowRecordBatch.getClassSchema());
        this.directions = librarySymbols(schema.getField("direction").schema(), io.peerwatch.core.FlowDirection.class);
        this.sourceKinds = librarySymbols(schema.getField("source_kind").schema(),
                io.peerwatch.core.FlowSourceKind.class);
    }

    /** Library value per Avro symbol index; null where the library has no such name (Avro path decides). */
    private static <E extends Enum<E>> E[] librarySymbols(Schema enumSchema, Class<E> library) {
        List<String> symbols = enumSchema.getEnumSymbols();
        @SuppressWarnings("unchecked")
        E[] out = (E[]) java.lang.reflect.Array.newInstance(library, symbols.size());
        for (E v : library.getEnumConstants()) {
            int i = symbols.indexOf(v.name());
            if (i >= 0) {
                out[i] = v;
            }
        }
        return out;
    }

    /** Thrown inside {@link #decode} when the value is not one this decoder answers for. */
    private static final class NotMine extends Exception {
        private static final long serialVersionUID = 1L;
        static final NotMine INSTANCE = new NotMine();

        private NotMine() {
            super(null, null, false, false);
        }
    }

    /** Read position over one value. */
    private static final class Reader {
        final byte[] b;
        int pos;

        Reader(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        /** The raw (still zig-zag encoded) varint of at most {@code maxBytes} bytes. */
        long varint(int maxBytes) throws NotMine {
            long raw = 0;
            for (int i = 0; i < maxBytes; i++) {
                if (pos >= b.length) {
                    throw NotMine.INSTANCE;
                }
                int x = b[pos++] & 0xff;
                raw |= (long) (x & 0x7f) << (7 * i);
                if (x < 0x80) {
                    return raw;
                }
            }
            throw NotMine.INSTANCE;
        }

        long readLong() throws NotMine {
            long raw = varint(MAX_LONG_BYTES);
            return (raw >>> 1) ^ -(raw & 1);
        }

        int readInt() throws NotMine {
            long raw = varint(MAX_INT_BYTES);
            if (raw >= INT_RANGE) {
                throw NotMine.INSTANCE; // Avro would drop the high bits: let it say what it makes of that
            }
            return (int) ((raw >>> 1) ^ -(raw & 1));
        }

        IpAddress address() throws NotMine {
            int n = readInt();
            if ((n != V4_LENGTH && n != V6_LENGTH) || b.length - pos < n) {
                throw NotMine.INSTANCE;
            }
            IpAddress a;
            if (n == V4_LENGTH) {
                a = IpAddress.ofV4((b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8
                        | (b[pos + 3] & 0xff));
            } else {
                a = IpAddress.of(Arrays.copyOfRange(b, pos, pos + n));
            }
            pos += n;
            return a;
        }

        <E> E symbol(E[] symbols) throws NotMine {
            int i = readInt();
            if (i < 0 || i >= symbols.length || symbols[i] == null) {
                throw NotMine.INSTANCE;
            }
            return symbols[i];
        }
    }

    /** True when {@code bytes} start with the single-object header of {@code fp}. */
    private static boolean hasHeader(byte[] bytes, long fp) {
        return bytes != null && bytes.length >= SINGLE_OBJECT_HEADER && bytes[0] == MAGIC[0] && bytes[1] == MAGIC[1]
                && ByteBuffer.wrap(bytes, MAGIC.length, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong() == fp;
    }

    /**
     * True when {@code bytes} carry the single-object header of the current {@code FlowRecordBatch}
     * schema (whatever follows it).
     */
    boolean isBatch(byte[] bytes) {
        return hasHeader(bytes, batchFingerprint);
    }

    /**
     * The library flow record of {@code bytes}, or null when the Avro path must decide (see the
     * class comment). Never throws.
     */
    io.peerwatch.core.FlowRecord decode(byte[] bytes) {
        if (!hasHeader(bytes, fingerprint)) {
            return null;
        }
        try {
            Reader r = new Reader(bytes, SINGLE_OBJECT_HEADER);
            io.peerwatch.core.FlowRecord f = readFlow(r);
            return r.pos == bytes.length ? f : null;
        } catch (NotMine | IllegalArgumentException e) {
            return null; // malformed, or not a valid library value: the Avro path names the reason
        }
    }

    /**
     * Every library flow record of the {@code FlowRecordBatch} {@code bytes} (an unmodifiable list
     * in the value's order), or null when the Avro path must decide: any item the single-record
     * path would leave to Avro, a count above {@link #MAX_FAST_BATCH_FLOWS} or more than the bytes
     * left, a value that does not end exactly after the array's 0 count. Never throws.
     */
    List<io.peerwatch.core.FlowRecord> decodeBatch(byte[] bytes) {
        if (!hasHeader(bytes, batchFingerprint)) {
            return null;
        }
        try {
            Reader r = new Reader(bytes, SINGLE_OBJECT_HEADER);
            List<io.peerwatch.core.FlowRecord> out = null;
            for (long n = r.readLong(); n != 0; n = r.readLong()) {
                if (n < 0) {
                    n = -n;
                    r.readLong(); // the block's byte size
                }
                int total = out == null ? 0 : out.size();
                if (n < 0 || n > MAX_FAST_BATCH_FLOWS - total || n > bytes.length - r.pos) {
                    return null;
                }
                if (out == null) {
                    out = new ArrayList<>((int) n);
                }
                for (long i = 0; i < n; i++) {
                    out.add(readFlow(r));
                }
            }
            if (r.pos != bytes.length) {
                return null;
            }
            return out == null ? List.of() : Collections.unmodifiableList(out);
        } catch (NotMine | IllegalArgumentException e) {
            return null; // malformed, or not a valid library value: the Avro path names the reason
        }
    }

    /** One {@code FlowRecord} body at the reader's position. */
    private io.peerwatch.core.FlowRecord readFlow(Reader r) throws NotMine {
        io.peerwatch.core.FlowRecord.Builder f = io.peerwatch.core.FlowRecord.builder();
        int exporterBranch = r.readInt();
        if (exporterBranch == 1) {
            f.exporter(r.address());
        } else if (exporterBranch != 0) {
            throw NotMine.INSTANCE;
        }
        f.observationDomain(r.readLong());
        long start = r.readLong();
        long end = r.readLong();
        f.time(start, end);
        IpAddress src = r.address();
        IpAddress dst = r.address();
        f.src(src, r.readInt());
        f.dst(dst, r.readInt());
        f.ipProtocol(r.readInt());
        f.tcpFlags(r.readInt());
        long packets = r.readLong();
        f.counters(packets, r.readLong());
        int in = r.readInt();
        f.interfaces(in, r.readInt());
        f.direction(r.symbol(directions));
        f.samplingRate(r.readInt());
        f.sourceKind(r.symbol(sourceKinds));
        return f.build();
    }
}
