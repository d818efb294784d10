package io.peerwatch.schemas;

import io.peerwatch.core.IpAddress;
import io.peerwatch.notice.AlertContext;
import io.peerwatch.notice.Evidence;
import io.peerwatch.schemas.codec.RecordDecodeException;
import io.peerwatch.signatures.Direction;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The one place where library values and Avro topic records meet (DESIGN: "the one mapping
 * between library values and Avro records"), in both directions, used by the sensors, the job's
 * sources and sinks and the file inputs. The library knows nothing of Avro; everything else
 * reaches the topics through {@link TopicCodec}, which calls this class.
 *
 * <p>{@code fromAvro} methods validate: an Avro record that decodes but is not a valid library
 * value (a 5-byte address, a port out of range, an end before its start) is rejected with a
 * {@link RecordDecodeException} of reason {@link RecordDecodeException.Reason#INVALID} naming
 * the field, so it becomes a dead letter instead of failing a detector later.
 */
public final class AvroMapper {

    private static final int NANOS_PER_MILLI = 1_000_000;

    private AvroMapper() {
    }

    // --- flow records ---

    /** A library flow record as the Avro {@code FlowRecord} of topic {@code peerwatch.flows}. */
    public static FlowRecord toAvro(io.peerwatch.core.FlowRecord s) {
        return new FlowRecord(
                s.exporter().map(a -> ByteBuffer.wrap(a.toBytes())).orElse(null),
                s.observationDomain(),
                Instant.ofEpochMilli(s.startMs()),
                Instant.ofEpochMilli(s.endMs()),
                ByteBuffer.wrap(s.src().toBytes()),
                ByteBuffer.wrap(s.dst().toBytes()),
                s.srcPort(),
                s.dstPort(),
                s.ipProtocol(),
                s.tcpFlags(),
                s.packets(),
                s.bytes(),
                s.inputInterface(),
                s.outputInterface(),
                FlowDirection.valueOf(s.direction().name()),
                s.samplingRate(),
                FlowSourceKind.valueOf(s.sourceKind().name()));
    }

    /**
     * An Avro flow record as the library value.
     *
     * @throws RecordDecodeException (INVALID) naming the bad field
     */
    public static io.peerwatch.core.FlowRecord fromAvro(FlowRecord r) {
        try {
            return io.peerwatch.core.FlowRecord.builder()
                    .exporter(r.getExporter() == null ? null : address("exporter", r.getExporter()))
                    .observationDomain(r.getObservationDomain())
                    .time(r.getStartMs().toEpochMilli(), r.getEndMs().toEpochMilli())
                    .src(address("src_addr", r.getSrcAddr()), r.getSrcPort())
                    .dst(address("dst_addr", r.getDstAddr()), r.getDstPort())
                    .ipProtocol(r.getIpProtocol())
                    .tcpFlags(r.getTcpFlags())
                    .counters(r.getPackets(), r.getBytes())
                    .interfaces(r.getInputIf(), r.getOutputIf())
                    .direction(io.peerwatch.core.FlowDirection.valueOf(r.getDirection().name()))
                    .samplingRate(r.getSamplingRate())
                    .sourceKind(io.peerwatch.core.FlowSourceKind.valueOf(r.getSourceKind().name()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw invalid("FlowRecord", e);
        }
    }

    // --- proxy records ---

    /**
     * A library proxy record as the Avro {@code ProxyRecord} of topic {@code peerwatch.proxy}.
     *
     * @param source the file (or stream) the line came from; null when unknown
     * @param line 1-based line number; 0 or less when unknown (written as null)
     */
    public static ProxyRecord toAvro(io.peerwatch.proxy.ProxyRecord e, String source, long line) {
        return ProxyRecord.newBuilder()
                .setTimestampMs(Instant.ofEpochMilli(e.timestampMs()))
                .setClientAddr(ByteBuffer.wrap(e.client().toBytes()))
                .setUser(e.user().orElse(null))
                .setMethod(e.method())
                .setUrl(e.url())
                .setHost(e.host().orElse(null))
                .setPort(e.port())
                .setStatus(e.status())
                .setBytesToClient(e.bytesToClient())
                .setBytesFromClient(e.bytesFromClient().isPresent() ? e.bytesFromClient().getAsLong() : null)
                .setDurationMs(e.durationMs())
                .setContentType(e.contentType().orElse(null))
                .setUserAgent(e.userAgent().orElse(null))
                .setProxyAction(e.action().orElse(null))
                .setSource(source)
                .setLineNumber(line > 0 ? line : null)
                .setReferer(e.referer().orElse(null))
                .setHierarchy(e.hierarchy().orElse(null))
                .setPeer(e.peer().orElse(null))
                .setRequestContentType(e.requestContentType().orElse(null))
                .build();
    }

    /**
     * An Avro proxy record as the library value (its {@code source} and {@code line_number}
     * are provenance, not part of the library value).
     *
     * @throws RecordDecodeException (INVALID) naming the bad field
     */
    public static io.peerwatch.proxy.ProxyRecord fromAvro(ProxyRecord r) {
        try {
            io.peerwatch.proxy.ProxyRecord.Builder b = io.peerwatch.proxy.ProxyRecord.builder(
                            r.getTimestampMs().toEpochMilli(), address("client_addr", r.getClientAddr()),
                            r.getMethod(), r.getUrl())
                    .user(r.getUser())
                    .host(r.getHost())
                    .port(r.getPort())
                    .status(r.getStatus())
                    .bytesToClient(r.getBytesToClient())
                    .durationMs(r.getDurationMs())
                    .contentType(r.getContentType())
                    .userAgent(r.getUserAgent())
                    .action(r.getProxyAction())
                    .referer(r.getReferer())
                    .hierarchy(r.getHierarchy())
                    .peer(r.getPeer())
                    .requestContentType(r.getRequestContentType());
            if (r.getBytesFromClient() != null) {
                b.bytesFromClient(r.getBytesFromClient());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw invalid("ProxyRecord", e);
        }
    }

    // --- packet events ---

    /** A library packet event as the Avro {@code PacketEvent} of topic {@code peerwatch.packets}. */
    public static PacketEvent toAvro(io.peerwatch.packet.PacketEvent p) {
        return PacketEvent.newBuilder()
                .setTimestampMs(Instant.ofEpochMilli(p.timestampMs()))
                .setSubMsNanos((int) Math.floorMod(p.timestampNanos(), (long) NANOS_PER_MILLI))
                .setSrcAddr(ByteBuffer.wrap(p.src().toBytes()))
                .setDstAddr(ByteBuffer.wrap(p.dst().toBytes()))
                .setSrcPort(p.srcPort())
                .setDstPort(p.dstPort())
                .setIpProtocol(p.ipProtocol())
                .setDirection(p.direction().map(d -> d == Direction.CLIENT_TO_SERVER
                        ? PacketDirection.CLIENT_TO_SERVER : PacketDirection.SERVER_TO_CLIENT).orElse(PacketDirection.UNKNOWN))
                .setTcpFlags(p.tcpFlags())
                .setIcmpType(p.icmpType())
                .setIcmpCode(p.icmpCode())
                .setWireLength(p.wireLength())
                .setPayloadLength(p.payloadLength())
                .setPayloadPrefix(p.payloadPrefix())
                .setPacketIndex(p.packetIndex())
                .setSensor(p.sensor().orElse(null))
                .setIcmpEchoId(p.isIcmpEcho() ? p.icmpEchoId() : null)
                .setIpLength(p.ipLength())
                .build();
    }

    /**
     * An Avro packet event as the library value. Events of writers that did not record the IP
     * length count the wire length instead.
     *
     * @throws RecordDecodeException (INVALID) naming the bad field
     */
    public static io.peerwatch.packet.PacketEvent fromAvro(PacketEvent p) {
        try {
            if (p.getSubMsNanos() < 0 || p.getSubMsNanos() >= NANOS_PER_MILLI) {
                throw new IllegalArgumentException("sub_ms_nanos out of 0..999999: " + p.getSubMsNanos());
            }
            long ms = p.getTimestampMs().toEpochMilli();
            return io.peerwatch.packet.PacketEvent.builder()
                    .timestampNanos(Math.addExact(Math.multiplyExact(ms, (long) NANOS_PER_MILLI), p.getSubMsNanos()))
                    .addresses(address("src_addr", p.getSrcAddr()), address("dst_addr", p.getDstAddr()))
                    .ports(p.getSrcPort(), p.getDstPort())
                    .ipProtocol(p.getIpProtocol())
                    .direction(switch (p.getDirection()) {
                        case CLIENT_TO_SERVER -> Direction.CLIENT_TO_SERVER;
                        case SERVER_TO_CLIENT -> Direction.SERVER_TO_CLIENT;
                        default -> null;
                    })
                    .tcpFlags(p.getTcpFlags())
                    .icmp(p.getIcmpType(), p.getIcmpCode(), p.getIcmpEchoId() == null ? -1 : p.getIcmpEchoId())
                    .lengths(p.getWireLength(), p.getIpLength() == null ? p.getWireLength() : p.getIpLength(),
                            p.getPayloadLength())
                    .payloadPrefix(p.getPayloadPrefix())
                    .packetIndex(p.getPacketIndex())
                    .sensor(p.getSensor())
                    .build();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid("PacketEvent", e);
        }
    }

    // --- alerts ---

    /** The Avro alert type of a library alert type (same symbol). */
    public static AlertType toAvro(io.peerwatch.core.AlertType t) {
        return AlertType.valueOf(t.name());
    }

    /** The library alert type of an Avro one; empty for {@code UNKNOWN} (a newer writer's type). */
    public static Optional<io.peerwatch.core.AlertType> fromAvro(AlertType t) {
        return t == AlertType.UNKNOWN ? Optional.empty() : Optional.of(io.peerwatch.core.AlertType.valueOf(t.name()));
    }

    /** The Avro severity of a library severity. */
    public static Severity toAvro(io.peerwatch.core.Severity s) {
        return Severity.valueOf(s.name());
    }

    /** A library alert as the Avro {@code Alert} of topic {@code peerwatch.alerts}. */
    public static Alert toAvro(io.peerwatch.notice.Alert f) {
        AlertContext c = f.context();
        List<io.peerwatch.schemas.Evidence> evidence = f.evidence().stream()
                .map(e -> io.peerwatch.schemas.Evidence.newBuilder()
                        .setKind(e.kind()).setDetail(e.detail()).setCount(e.count()).build())
                .toList();
        return Alert.newBuilder()
                .setId(f.id())
                .setEventTimeMs(Instant.ofEpochMilli(f.eventTimeMs()))
                .setWindowStartMs(Instant.ofEpochMilli(f.windowStartMs()))
                .setWindowEndMs(Instant.ofEpochMilli(f.windowEndMs()))
                .setHost(ByteBuffer.wrap(f.host().toBytes()))
                .setUser(f.user().orElse(null))
                .setAlertType(toAvro(f.type()))
                .setProtocol(f.protocol().orElse(null))
                .setSeverity(toAvro(f.severity()))
                .setConfidence(f.confidence())
                .setEvidence(evidence)
                .setBytes(f.bytes())
                .setEstimatedCost(f.estimatedCost().doubleValue())
                .setEstimatedCostDecimal(f.estimatedCost().toPlainString())
                .setCurrency(f.currency())
                .setDistinctPeers(f.distinctPeers())
                .setIdentifier(f.identifier())
                .setSuppressForMs(f.suppressForMs())
                .setSourceIp(c.sourceIp().map(a -> ByteBuffer.wrap(a.toBytes())).orElse(null))
                .setSourcePort(boxed(c.sourcePort()))
                .setDestinationIp(c.destinationIp().map(a -> ByteBuffer.wrap(a.toBytes())).orElse(null))
                .setDestinationPort(boxed(c.destinationPort()))
                .setDestinationDomain(c.destinationDomain().orElse(null))
                .setIpProtocol(boxed(c.ipProtocol()))
                .setUrl(c.url().orElse(null))
                .setHttpMethod(c.httpMethod().orElse(null))
                .setHttpStatus(boxed(c.httpStatus()))
                .setHttpRequestBytes(boxed(c.httpRequestBytes()))
                .setHttpResponseBytes(boxed(c.httpResponseBytes()))
                .setFileName(c.fileName().orElse(null))
                .setFileSize(boxed(c.fileSize()))
                .build();
    }

    private static Integer boxed(OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : null;
    }

    private static Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    /** The context fields of an Avro alert (all absent in records written before they existed). */
    private static AlertContext context(Alert a) {
        AlertContext.Builder b = AlertContext.builder()
                .destinationDomain(a.getDestinationDomain())
                .url(a.getUrl())
                .httpMethod(a.getHttpMethod())
                .fileName(a.getFileName());
        if (a.getSourceIp() != null) {
            b.sourceIp(address("source_ip", a.getSourceIp()));
        }
        if (a.getDestinationIp() != null) {
            b.destinationIp(address("destination_ip", a.getDestinationIp()));
        }
        Optional.ofNullable(a.getSourcePort()).ifPresent(b::sourcePort);
        Optional.ofNullable(a.getDestinationPort()).ifPresent(b::destinationPort);
        Optional.ofNullable(a.getIpProtocol()).ifPresent(b::ipProtocol);
        Optional.ofNullable(a.getHttpStatus()).ifPresent(b::httpStatus);
        Optional.ofNullable(a.getHttpRequestBytes()).ifPresent(b::httpRequestBytes);
        Optional.ofNullable(a.getHttpResponseBytes()).ifPresent(b::httpResponseBytes);
        Optional.ofNullable(a.getFileSize()).ifPresent(b::fileSize);
        return b.build();
    }

    /** The exact cost: the decimal text when written, else the double of older records. */
    private static BigDecimal cost(Alert a) {
        if (a.getEstimatedCostDecimal() != null) {
            try {
                return new BigDecimal(a.getEstimatedCostDecimal());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("estimated_cost_decimal is not a decimal number: "
                        + a.getEstimatedCostDecimal(), e);
            }
        }
        if (!Double.isFinite(a.getEstimatedCost())) {
            throw new IllegalArgumentException("estimated_cost is not finite: " + a.getEstimatedCost());
        }
        return BigDecimal.valueOf(a.getEstimatedCost());
    }

    /**
     * An Avro alert as the library value, id as written.
     *
     * @throws RecordDecodeException (INVALID) for an alert type or severity this version does
     *     not know, or an invalid field
     */
    public static io.peerwatch.notice.Alert fromAvro(Alert a) {
        try {
            io.peerwatch.core.AlertType type = fromAvro(a.getAlertType())
                    .orElseThrow(() -> new IllegalArgumentException("alert_type UNKNOWN (written by a newer version)"));
            if (a.getSeverity() == Severity.UNKNOWN) {
                throw new IllegalArgumentException("severity UNKNOWN (written by a newer version)");
            }
            List<Evidence> evidence = a.getEvidence().stream()
                    .map(e -> new Evidence(e.getKind(), e.getDetail(), e.getCount())).toList();
            return new io.peerwatch.notice.Alert(a.getId(), type, address("host", a.getHost()),
                    Optional.ofNullable(a.getUser()), a.getEventTimeMs().toEpochMilli(),
                    a.getWindowStartMs().toEpochMilli(), a.getWindowEndMs().toEpochMilli(),
                    Optional.ofNullable(a.getProtocol()), io.peerwatch.core.Severity.valueOf(a.getSeverity().name()),
                    a.getConfidence(), evidence, a.getBytes(), cost(a), a.getCurrency(),
                    a.getDistinctPeers(), a.getIdentifier(), a.getSuppressForMs(), context(a));
        } catch (IllegalArgumentException e) {
            throw invalid("Alert", e);
        }
    }

    // --- dead letters ---

    /** A library dead letter as the Avro {@code DeadLetter} of topic {@code peerwatch.deadletter}. */
    public static DeadLetter toAvro(io.peerwatch.core.DeadLetter d) {
        return DeadLetter.newBuilder()
                .setSourceTopic(d.source())
                .setPartition(d.partition())
                .setOffset(d.offset())
                .setRaw(ByteBuffer.wrap(d.raw()))
                .setErrorClass(d.errorClass())
                .setErrorMessage(d.message())
                .setTimeMs(Instant.ofEpochMilli(d.timeMs()))
                .setSourceName(d.sourceName().orElse(null))
                .setLineNumber(d.lineNumber().isPresent() ? d.lineNumber().getAsLong() : null)
                .build();
    }

    /**
     * An Avro dead letter as the library value.
     *
     * @throws RecordDecodeException (INVALID) naming the bad field
     */
    public static io.peerwatch.core.DeadLetter fromAvro(DeadLetter d) {
        try {
            return new io.peerwatch.core.DeadLetter(d.getSourceTopic(), d.getPartition(), d.getOffset(),
                    bytes(d.getRaw()), d.getErrorClass(), d.getErrorMessage(), d.getTimeMs().toEpochMilli(),
                    Optional.ofNullable(d.getSourceName()),
                    d.getLineNumber() == null ? OptionalLong.empty() : OptionalLong.of(d.getLineNumber()));
        } catch (IllegalArgumentException e) {
            throw invalid("DeadLetter", e);
        }
    }

    // --- addresses ---

    /**
     * An Avro {@code bytes} address (4 or 16 bytes) as an {@link IpAddress}.
     *
     * @throws IllegalArgumentException naming {@code field} when it is neither 4 nor 16 bytes
     */
    public static IpAddress address(String field, ByteBuffer b) {
        byte[] bytes = bytes(b);
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException(field + " has " + bytes.length + " bytes, expected 4 or 16");
        }
        return IpAddress.of(bytes);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static RecordDecodeException invalid(String record, RuntimeException e) {
        return new RecordDecodeException(RecordDecodeException.Reason.INVALID, "invalid " + record + ": " + e.getMessage());
    }
}
