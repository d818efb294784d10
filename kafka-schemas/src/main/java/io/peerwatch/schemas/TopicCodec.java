package io.peerwatch.schemas;

import io.peerwatch.schemas.codec.AvroCodec;
import io.peerwatch.schemas.codec.RecordDecodeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Library values to and from the bytes of one PeerWatch topic (Avro single-object encoding of
 * the topic's record, mapped by {@link AvroMapper}): what sensors, the job's Kafka sources and
 * sinks, tests and benchmarks use, so that none of them handles Avro records.
 *
 * <pre>{@code
 * byte[] value = TopicCodec.flows().encode(flowRecord);           // a sensor
 * io.peerwatch.core.FlowRecord back = TopicCodec.flows().decode(value); // one FlowRecord
 * byte[] batch = TopicCodec.encodeFlowBatch(flowsOfADatagram);    // the NetFlow collector
 * List<io.peerwatch.core.FlowRecord> all = TopicCodec.flows().decodeAll(value); // any flows-topic value
 * }</pre>
 *
 * <p>The flows topic ({@link Topics#FLOWS}) carries two kinds of value, told apart by the
 * single-object fingerprint: a {@code FlowRecord} (one flow; what {@link #encode} writes) or a
 * {@code FlowRecordBatch} (several flows in one Kafka record; what {@link #encodeFlowBatch}
 * writes). Readers of that topic use {@link #decodeAll}, which gives the flows of either.
 *
 * <p>Instances are immutable and thread-safe; the five are made once per class loader.
 *
 * @param <L> the library type
 * @param <A> the Avro record of the topic
 */
public final class TopicCodec<L, A extends SpecificRecordBase> {

    private final AvroCodec<A> avro;
    private final Function<L, A> toAvro;
    private final Function<A, L> fromAvro;
    /** Writes the bytes directly, skipping the Avro record; null to go through {@code toAvro}. */
    private final Function<L, byte[]> direct;
    /**
     * Reads the bytes directly, skipping the Avro record; answers null when the Avro path must
     * decide (see {@link FlowRecordDecoder}); null to always go through {@code fromAvro}.
     */
    private final Function<byte[], L> directDecode;
    /**
     * Every value of the bytes when the topic also carries batches (answers null for a value that
     * is not one, which then is read by {@link #decode}); null for topics of one value per record.
     */
    private final Function<byte[], List<L>> batchDecode;

    private TopicCodec(Class<A> type, Function<L, A> toAvro, Function<A, L> fromAvro, Function<L, byte[]> direct,
            Function<byte[], L> directDecode, Function<byte[], List<L>> batchDecode) {
        this.avro = AvroCodec.of(type);
        this.toAvro = toAvro;
        this.fromAvro = fromAvro;
        this.direct = direct;
        this.directDecode = directDecode;
        this.batchDecode = batchDecode;
    }

    private TopicCodec(Class<A> type, Function<L, A> toAvro, Function<A, L> fromAvro) {
        this(type, toAvro, fromAvro, null, null, null);
    }

    // One holder per codec: a process that only writes flows never builds the others.
    private static final class Flows {
        // Flow records are the highest-volume topic: written and read by hand-made code (same
        // bytes, same values; whatever the reader is not sure of goes the Avro way).
        private static final ThreadLocal<FlowRecordEncoder> ENCODER = ThreadLocal.withInitial(FlowRecordEncoder::new);
        private static final FlowRecordDecoder DECODER = new FlowRecordDecoder();
        private static final AvroCodec<FlowRecordBatch> BATCH = AvroCodec.of(FlowRecordBatch.class);
        static final TopicCodec<io.peerwatch.core.FlowRecord, FlowRecord> CODEC = new TopicCodec<>(FlowRecord.class,
                AvroMapper::toAvro, AvroMapper::fromAvro, f -> ENCODER.get().encode(f), Flows::decodeOne,
                Flows::decodeBatch);

        private static io.peerwatch.core.FlowRecord decodeOne(byte[] bytes) {
            if (DECODER.isBatch(bytes)) {
                throw new RecordDecodeException(RecordDecodeException.Reason.SCHEMA_MISMATCH,
                        "value is a FlowRecordBatch (several flows), expected a FlowRecord: read it with decodeAll");
            }
            return DECODER.decode(bytes);
        }

        /** The flows of a batch value; null when the bytes are not one (then they are a single record or bad). */
        private static List<io.peerwatch.core.FlowRecord> decodeBatch(byte[] bytes) {
            if (!DECODER.isBatch(bytes)) {
                return null;
            }
            List<io.peerwatch.core.FlowRecord> fast = DECODER.decodeBatch(bytes);
            if (fast != null) {
                return fast;
            }
            List<FlowRecord> records = BATCH.decode(bytes).getRecords();
            List<io.peerwatch.core.FlowRecord> out = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                try {
                    out.add(AvroMapper.fromAvro(records.get(i)));
                } catch (RecordDecodeException e) {
                    throw new RecordDecodeException(e.reason(), "flow " + (i + 1) + " of " + records.size()
                            + " in a FlowRecordBatch: " + e.getMessage());
                }
            }
            return Collections.unmodifiableList(out);
        }
    }

    private static final class Proxy {
        static final TopicCodec<io.peerwatch.proxy.ProxyRecord, ProxyRecord> CODEC =
                new TopicCodec<>(ProxyRecord.class, r -> AvroMapper.toAvro(r, null, 0), AvroMapper::fromAvro);
    }

    private static final class Packets {
        static final TopicCodec<io.peerwatch.packet.PacketEvent, PacketEvent> CODEC =
                new TopicCodec<>(PacketEvent.class, AvroMapper::toAvro, AvroMapper::fromAvro);
    }

    private static final class Alerts {
        static final TopicCodec<io.peerwatch.notice.Alert, Alert> CODEC =
                new TopicCodec<>(Alert.class, AvroMapper::toAvro, AvroMapper::fromAvro);
    }

    private static final class DeadLetters {
        static final TopicCodec<io.peerwatch.core.DeadLetter, DeadLetter> CODEC =
                new TopicCodec<>(DeadLetter.class, AvroMapper::toAvro, AvroMapper::fromAvro);
    }

    /** Flow records ({@link Topics#FLOWS}). */
    public static TopicCodec<io.peerwatch.core.FlowRecord, FlowRecord> flows() {
        return Flows.CODEC;
    }

    /** Proxy records ({@link Topics#PROXY}); {@link #encodeProxy} also writes where the line came from. */
    public static TopicCodec<io.peerwatch.proxy.ProxyRecord, ProxyRecord> proxy() {
        return Proxy.CODEC;
    }

    /** Packet events ({@link Topics#PACKETS}). */
    public static TopicCodec<io.peerwatch.packet.PacketEvent, PacketEvent> packets() {
        return Packets.CODEC;
    }

    /** Alerts ({@link Topics#ALERTS}). */
    public static TopicCodec<io.peerwatch.notice.Alert, Alert> alerts() {
        return Alerts.CODEC;
    }

    /** Dead letters ({@link Topics#DEADLETTER}). */
    public static TopicCodec<io.peerwatch.core.DeadLetter, DeadLetter> deadLetters() {
        return DeadLetters.CODEC;
    }

    /**
     * One flows-topic value ({@link Topics#FLOWS}) holding all of {@code flows}, in their order: a
     * single-object encoded {@code FlowRecordBatch}, the same bytes Avro's own encoder writes for
     * it. {@link #decodeAll} on {@link #flows()} reads it back. Fewer, larger Kafka records cost
     * the producer and the broker less per flow; the writer bounds the list so a value stays well
     * below the topic's maximum message size (at most about 240 bytes per flow). An empty list
     * gives a valid value of no flows.
     */
    public static byte[] encodeFlowBatch(List<io.peerwatch.core.FlowRecord> flows) {
        return Flows.ENCODER.get().encodeBatch(flows);
    }

    /**
     * A proxy record with its provenance: the file (or stream) and 1-based line it was read from
     * (0 or less when unknown).
     */
    public static byte[] encodeProxy(io.peerwatch.proxy.ProxyRecord r, String source, long line) {
        return Proxy.CODEC.avro.encode(AvroMapper.toAvro(r, source, line));
    }

    /**
     * A proxy record with where it was read from (what {@link #encodeProxy} wrote).
     *
     * @param record the request
     * @param source the file or stream the line came from, when the writer said
     * @param line the 1-based line number, when the writer said
     */
    public record ProxyLine(io.peerwatch.proxy.ProxyRecord record, java.util.Optional<String> source,
            java.util.OptionalLong line) {
    }

    /**
     * A proxy-topic value with its provenance.
     *
     * @throws RecordDecodeException as {@link #decode}
     */
    public static ProxyLine decodeProxyLine(byte[] bytes) {
        ProxyRecord r = Proxy.CODEC.avro.decode(bytes);
        return new ProxyLine(AvroMapper.fromAvro(r), java.util.Optional.ofNullable(r.getSource()),
                r.getLineNumber() == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(r.getLineNumber()));
    }

    /** The value's bytes as the topic carries them. */
    public byte[] encode(L value) {
        return direct != null ? direct.apply(value) : avro.encode(toAvro.apply(value));
    }

    /**
     * The library value of a topic value holding one value. On the flows topic a
     * {@code FlowRecordBatch} value is refused (SCHEMA_MISMATCH): readers of that topic use
     * {@link #decodeAll}.
     *
     * @throws RecordDecodeException naming why the bytes are unusable: bad header, another
     *     schema, truncated or corrupt body, trailing bytes, or an invalid field (INVALID)
     */
    public L decode(byte[] bytes) {
        if (directDecode != null) {
            L fast = directDecode.apply(bytes);
            if (fast != null) {
                return fast;
            }
        }
        return fromAvro.apply(avro.decode(bytes));
    }

    /**
     * Every library value of a topic value, in order: for the flows topic the one flow of a
     * {@code FlowRecord} value or all flows of a {@code FlowRecordBatch} value (possibly none);
     * for the other topics the one value {@link #decode} gives. All or nothing: a value malformed
     * anywhere (one bad flow of a batch included) throws, and no flow of it is returned.
     *
     * @return an unmodifiable list
     * @throws RecordDecodeException as {@link #decode}, naming why the bytes are unusable (for a
     *     batch, which flow is invalid)
     */
    public List<L> decodeAll(byte[] bytes) {
        if (batchDecode != null) {
            List<L> all = batchDecode.apply(bytes);
            if (all != null) {
                return all;
            }
        }
        return List.of(decode(bytes));
    }

    /** The Avro schema of the topic's values. */
    public org.apache.avro.Schema schema() {
        return avro.schema();
    }
}
