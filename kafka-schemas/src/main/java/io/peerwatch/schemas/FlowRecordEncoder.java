package io.peerwatch.schemas;

import io.peerwatch.core.IpAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Writes flows straight into Avro single-object {@code FlowRecord} or {@code FlowRecordBatch}
 * bytes, without building the generated records, their byte buffers and instants first:
 * {@link TopicCodec#flows()}'s encoder and {@link TopicCodec#encodeFlowBatch}, the NetFlow
 * collector's hot path (about three times cheaper than {@code BinaryMessageEncoder} on a
 * {@code FlowRecord}). The output is the same bytes as
 * {@code AvroCodec.of(FlowRecord.class).encode(AvroMapper.toAvro(flow))}, or for a batch as
 * Avro's encoding of the {@code FlowRecordBatch} of the same flows (tests compare them); the
 * headers (magic and schema fingerprint) are taken from Avro itself, and the constructor refuses
 * schemas whose fields are not the ones written here, so a schema change fails loudly instead of
 * writing records old readers would misread.
 *
 * <p>Binary encoding per the Avro specification (https://avro.apache.org/docs/1.12.0/specification/):
 * int/long as zig-zag varints, bytes as a long length then the bytes, a union as the branch index
 * then the value, an enum as the symbol's index, an array as blocks (here one: the item count,
 * the items, then a 0 count ending the array; none at all for an empty array). Not thread-safe:
 * one per worker.
 */
final class FlowRecordEncoder {
    /** The fields this encoder writes, in schema order. */
    static final List<String> FIELDS = List.of("exporter", "observation_domain", "start_ms", "end_ms", "src_addr",
            "dst_addr", "src_port", "dst_port", "ip_protocol", "tcp_flags", "packets", "bytes", "input_if", "output_if",
            "direction", "sampling_rate", "source_kind");
    private static final int SINGLE_OBJECT_HEADER = 10;
    /** Longest record body: 3 addresses of 16 bytes, 17 fields of at most 10 varint bytes. */
    private static final int MAX_BODY = 3 * (16 + 1) + 17 * 10;
    /** Longest varint (a long). */
    private static final int MAX_VARINT = 10;

    private final byte[] header;
    private final byte[] batchHeader;
    private final int[] directionIndex;
    private final int[] sourceKindIndex;
    /** Grows to the largest batch written so far. */
    private byte[] buf = new byte[SINGLE_OBJECT_HEADER + MAX_BODY];
    private int pos;

    FlowRecordEncoder() {
        Schema schema = FlowRecord.getClassSchema();
        List<String> names = schema.getFields().stream().map(Schema.Field::name).toList();
        if (!names.equals(FIELDS)) {
            throw new IllegalStateException("FlowRecord schema has fields " + names + "; the fast encoder writes "
                    + FIELDS + ": update FlowRecordEncoder");
        }
        this.directionIndex = symbolIndex(schema.getField("direction").schema(), io.peerwatch.core.FlowDirection.values());
        this.sourceKindIndex = symbolIndex(schema.getField("source_kind").schema(), io.peerwatch.core.FlowSourceKind.values());
        this.header = headerOf(schema);
        Schema batch = FlowRecordBatch.getClassSchema();
        List<Schema.Field> batchFields = batch.getFields();
        if (batchFields.size() != 1 || !batchFields.get(0).name().equals("records")
                || batchFields.get(0).schema().getType() != Schema.Type.ARRAY
                || !batchFields.get(0).schema().getElementType().equals(schema)) {
            throw new IllegalStateException("FlowRecordBatch schema is " + batch
                    + "; the fast encoder writes one field records: array<FlowRecord>: update FlowRecordEncoder");
        }
        this.batchHeader = batchHeaderOf();
    }

    private static int[] symbolIndex(Schema enumSchema, Enum<?>[] libraryValues) {
        int[] out = new int[libraryValues.length];
        for (Enum<?> v : libraryValues) {
            if (!enumSchema.hasEnumSymbol(v.name())) {
                throw new IllegalStateException(enumSchema.getName() + " lacks symbol " + v.name());
            }
            out[v.ordinal()] = enumSchema.getEnumOrdinal(v.name());
        }
        return out;
    }

    /** Magic bytes and fingerprint exactly as Avro's own single-object encoder writes them. */
    private static byte[] headerOf(Schema schema) {
        try {
            FlowRecord probe = AvroMapper.toAvro(io.peerwatch.core.FlowRecord.builder().time(0, 0)
                    .src(IpAddress.ofV4(0), 0).dst(IpAddress.ofV4(0), 0).build());
            ByteBuffer b = FlowRecord.getEncoder().encode(probe);
            byte[] h = new byte[SINGLE_OBJECT_HEADER];
            b.get(h);
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a probe FlowRecord", e);
        }
    }

    /** Magic bytes and fingerprint of {@code FlowRecordBatch} as Avro writes them. */
    private static byte[] batchHeaderOf() {
        try {
            ByteBuffer b = FlowRecordBatch.getEncoder().encode(new FlowRecordBatch(List.of()));
            byte[] h = new byte[SINGLE_OBJECT_HEADER];
            b.get(h);
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a probe FlowRecordBatch", e);
        }
    }

    /** The single-object encoded {@code FlowRecord} of {@code f}, in a new array of the exact size. */
    byte[] encode(io.peerwatch.core.FlowRecord f) {
        System.arraycopy(header, 0, buf, 0, SINGLE_OBJECT_HEADER);
        pos = SINGLE_OBJECT_HEADER;
        writeBody(f);
        return Arrays.copyOf(buf, pos);
    }

    /**
     * The single-object encoded {@code FlowRecordBatch} of {@code flows} (in their order), in a
     * new array of the exact size.
     */
    byte[] encodeBatch(List<io.peerwatch.core.FlowRecord> flows) {
        int n = flows.size();
        long longest = SINGLE_OBJECT_HEADER + 2L * MAX_VARINT + (long) n * MAX_BODY;
        if (longest > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many flows for one value: " + n);
        }
        if (buf.length < longest) {
            buf = new byte[(int) longest];
        }
        System.arraycopy(batchHeader, 0, buf, 0, SINGLE_OBJECT_HEADER);
        pos = SINGLE_OBJECT_HEADER;
        if (n > 0) {
            writeLong(n); // one block of n items
            for (int i = 0; i < n; i++) {
                writeBody(flows.get(i));
            }
        }
        writeLong(0); // end of the array
        return Arrays.copyOf(buf, pos);
    }

    /** A {@code FlowRecord} without header, as a record or an array item. */
    private void writeBody(io.peerwatch.core.FlowRecord f) {
        if (f.exporter().isPresent()) {
            writeLong(1);
            writeAddress(f.exporter().get());
        } else {
            writeLong(0);
        }
        writeLong(f.observationDomain());
        writeLong(f.startMs());
        writeLong(f.endMs());
        writeAddress(f.src());
        writeAddress(f.dst());
        writeLong(f.srcPort());
        writeLong(f.dstPort());
        writeLong(f.ipProtocol());
        writeLong(f.tcpFlags());
        writeLong(f.packets());
        writeLong(f.bytes());
        writeLong(f.inputInterface());
        writeLong(f.outputInterface());
        writeLong(directionIndex[f.direction().ordinal()]);
        writeLong(f.samplingRate());
        writeLong(sourceKindIndex[f.sourceKind().ordinal()]);
    }

    private void writeAddress(IpAddress a) {
        int n = a.length();
        writeLong(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) a.byteAt(i);
        }
    }

    /** Zig-zag varint; an Avro int is written the same way as a long of the same value. */
    private void writeLong(long v) {
        long n = (v << 1) ^ (v >> 63);
        while ((n & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        buf[pos++] = (byte) n;
    }
}
