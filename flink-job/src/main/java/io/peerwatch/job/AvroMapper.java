package io.peerwatch.job;

import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.IpAddress;
import io.peerwatch.notice.Evidence;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.AlertType;
import io.peerwatch.schemas.DeadLetter;
import io.peerwatch.schemas.FlowRecord;
import io.peerwatch.schemas.ProxyRecord;
import io.peerwatch.schemas.Severity;
import io.peerwatch.schemas.codec.RecordDecodeException;
import io.peerwatch.sensor.SensorAvro;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one place where library types and Avro topic types meet (STYLE.md item 10). The library
 * knows nothing of Avro; the job knows the library only through these conversions.
 */
public final class AvroMapper {

    private AvroMapper() {
    }

    // --- flows ---

    /**
     * Converts a decoded Avro flow record into the library type, validating it.
     *
     * @throws RecordDecodeException with reason INVALID naming the bad field
     */
    public static io.peerwatch.core.FlowRecord toSummary(FlowRecord r) {
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
                    .direction(FlowDirection.valueOf(r.getDirection().name()))
                    .samplingRate(r.getSamplingRate())
                    .sourceKind(FlowSourceKind.valueOf(r.getSourceKind().name()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new RecordDecodeException(RecordDecodeException.Reason.INVALID, "invalid FlowRecord: " + e.getMessage());
        }
    }

    /** Converts a library flow record to Avro (the sensor's mapping: one implementation). */
    public static FlowRecord toAvro(io.peerwatch.core.FlowRecord s) {
        return SensorAvro.flowRecord(s);
    }

    // --- proxy requests ---

    /**
     * Converts a decoded Avro proxy record into the library type, validating it.
     *
     * @throws RecordDecodeException with reason INVALID naming the bad field
     */
    public static io.peerwatch.proxy.ProxyRecord toEntry(ProxyRecord r) {
        try {
            io.peerwatch.proxy.ProxyRecord.Builder b = io.peerwatch.proxy.ProxyRecord.builder(r.getTimestampMs().toEpochMilli(),
                            address("client_addr", r.getClientAddr()), r.getMethod(), r.getUrl())
                    .user(r.getUser())
                    .host(r.getHost())
                    .port(r.getPort())
                    .status(r.getStatus())
                    .bytesToClient(r.getBytesToClient())
                    .durationMs(r.getDurationMs())
                    .contentType(r.getContentType())
                    .userAgent(r.getUserAgent())
                    .action(r.getProxyAction());
            if (r.getBytesFromClient() != null) {
                b.bytesFromClient(r.getBytesFromClient());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new RecordDecodeException(RecordDecodeException.Reason.INVALID, "invalid ProxyRecord: " + e.getMessage());
        }
    }

    /**
     * Converts a library proxy entry to Avro; {@code source}/{@code line} name where it was read
     * (the sensor's mapping: one implementation).
     */
    public static ProxyRecord toAvro(io.peerwatch.proxy.ProxyRecord e, String source, long line) {
        return SensorAvro.proxyRecord(e, source, line);
    }

    // --- packets ---

    /**
     * Validates a decoded packet event.
     *
     * @throws RecordDecodeException with reason INVALID naming the bad field
     */
    public static void checkPacket(io.peerwatch.schemas.PacketEvent p) {
        try {
            IpAddress src = address("src_addr", p.getSrcAddr());
            IpAddress dst = address("dst_addr", p.getDstAddr());
            if (src.length() != dst.length()) {
                throw new IllegalArgumentException("src_addr and dst_addr are of different families");
            }
            if (p.getSrcPort() < 0 || p.getSrcPort() > 0xffff || p.getDstPort() < 0 || p.getDstPort() > 0xffff) {
                throw new IllegalArgumentException("port out of 0..65535");
            }
            if (p.getIpProtocol() < 0 || p.getIpProtocol() > 255) {
                throw new IllegalArgumentException("ip_protocol out of 0..255: " + p.getIpProtocol());
            }
            if (p.getPayloadLength() < p.getPayloadPrefix().remaining() || p.getWireLength() < 0) {
                throw new IllegalArgumentException("payload_length shorter than payload_prefix, or negative wire_length");
            }
        } catch (IllegalArgumentException e) {
            throw new RecordDecodeException(RecordDecodeException.Reason.INVALID, "invalid PacketEvent: " + e.getMessage());
        }
    }

    // --- addresses ---

    /** An Avro {@code bytes} address (4 or 16 bytes) as an IpAddress. */
    public static IpAddress address(String field, ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException(field + " has " + bytes.length + " bytes, expected 4 or 16");
        }
        return IpAddress.of(bytes);
    }

    /** Text form of an Avro address. */
    public static String addressText(ByteBuffer b) {
        return address("address", b).toString();
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

    /** Converts a finding to the Avro alert. */
    public static Alert toAvro(io.peerwatch.notice.Alert f) {
        List<io.peerwatch.schemas.Evidence> evidence = f.evidence().stream()
                .map(AvroMapper::toAvro)
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
                .setEstimatedCost(f.estimatedCost())
                .setCurrency(f.currency())
                .setDistinctPeers(f.distinctPeers())
                .setIdentifier(f.identifier())
                .setSuppressForMs(f.suppressForMs())
                .build();
    }

    private static io.peerwatch.schemas.Evidence toAvro(Evidence e) {
        return io.peerwatch.schemas.Evidence.newBuilder()
                .setKind(e.kind())
                .setDetail(e.detail())
                .setCount(e.count())
                .build();
    }

    // --- dead letters ---

    /**
     * A dead letter for a record that could not be used: Kafka coordinates, or for file input
     * the file name and line number.
     */
    public static DeadLetter deadLetter(RawRecord raw, String errorClass, String message, long nowMs) {
        boolean file = !raw.sourceName.isEmpty();
        return DeadLetter.newBuilder()
                .setSourceTopic(raw.topic)
                .setPartition(raw.partition)
                .setOffset(file ? -1 : raw.offset)
                .setRaw(ByteBuffer.wrap(raw.value))
                .setErrorClass(errorClass)
                .setErrorMessage(message)
                .setTimeMs(Instant.ofEpochMilli(nowMs))
                .setSourceName(file ? raw.sourceName : null)
                .setLineNumber(file ? raw.offset : null)
                .build();
    }
}
