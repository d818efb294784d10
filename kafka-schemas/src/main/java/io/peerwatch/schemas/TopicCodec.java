package io.peerwatch.schemas;

import io.peerwatch.schemas.codec.AvroCodec;
import io.peerwatch.schemas.codec.RecordDecodeException;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Library values to and from the bytes of one PeerWatch topic (Avro single-object encoding of
 * the topic's record, mapped by {@link AvroMapper}): what sensors, the job's Kafka sources and
 * sinks, tests and benchmarks use, so that none of them handles Avro records.
 *
 * <pre>{@code
 * byte[] value = TopicCodec.flows().encode(flowRecord);           // a sensor
 * io.peerwatch.core.FlowRecord back = TopicCodec.flows().decode(value); // the job's source
 * }</pre>
 *
 * Instances are immutable and thread-safe; the five are made once per class loader.
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

    private TopicCodec(Class<A> type, Function<L, A> toAvro, Function<A, L> fromAvro, Function<L, byte[]> direct,
            Function<byte[], L> directDecode) {
        this.avro = AvroCodec.of(type);
        this.toAvro = toAvro;
        this.fromAvro = fromAvro;
        this.direct = direct;
        this.directDecode = directDecode;
    }

    private TopicCodec(Class<A> type, Function<L, A> toAvro, Function<A, L> fromAvro) {
        this(type, toAvro, fromAvro, null, null);
    }

    // One holder per codec: a process that only writes flows never builds the others.
    private static final class Flows {
        // Flow records are the highest-volume topic: written and read by hand-made code (same
        // bytes, same values; whatever the reader is not sure of goes the Avro way).
        private static final ThreadLocal<FlowRecordEncoder> ENCODER = ThreadLocal.withInitial(FlowRecordEncoder::new);
        private static final FlowRecordDecoder DECODER = new FlowRecordDecoder();
        static final TopicCodec<io.peerwatch.core.FlowRecord, FlowRecord> CODEC = new TopicCodec<>(FlowRecord.class,
                AvroMapper::toAvro, AvroMapper::fromAvro, f -> ENCODER.get().encode(f), DECODER::decode);
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
     * The library value of a topic value.
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

    /** The Avro schema of the topic's values. */
    public org.apache.avro.Schema schema() {
        return avro.schema();
    }
}
