package io.peerwatch.sensor;

import io.peerwatch.schemas.DeadLetter;
import io.peerwatch.schemas.FlowDirection;
import io.peerwatch.schemas.FlowRecord;
import io.peerwatch.schemas.FlowSourceKind;
import io.peerwatch.schemas.ProxyRecord;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Library records to the Avro records the sensors write: the one implementation of these
 * directions (flink-job's {@code AvroMapper} delegates here, so the sensor and the job cannot
 * disagree on a field).
 *
 * <pre>{@code
 * FlowRecord r = SensorAvro.flowRecord(summary);
 * ProxyRecord p = SensorAvro.proxyRecord(entry, "/var/log/squid/access.log", 17);
 * }</pre>
 */
public final class SensorAvro {

    private SensorAvro() {
    }

    /** A library flow as the Avro {@code FlowRecord} of topic {@code peerwatch.flows}. */
    public static FlowRecord flowRecord(io.peerwatch.core.FlowRecord s) {
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
     * A parsed proxy-log entry as the Avro {@code ProxyRecord} of topic {@code peerwatch.proxy}.
     *
     * @param source the file (or stream) the line came from
     * @param line 1-based line number; 0 or less when unknown (written as null)
     */
    public static ProxyRecord proxyRecord(io.peerwatch.proxy.ProxyRecord e, String source, long line) {
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
                .build();
    }

    /**
     * A dead letter for input a sensor could not use (not read from Kafka: partition and offset
     * are -1).
     *
     * @param sourceKind what kind of input, e.g. {@code udp:netflow} or {@code file:proxy-log}
     * @param sourceName the exporter address or file name
     * @param lineNumber 1-based line number for line-oriented input, 0 or less when none
     * @param raw the bytes as received
     * @param errorClass machine-readable failure class, e.g. {@code TRUNCATED} or {@code PARSE}
     * @param message one human-readable line naming source, position and reason
     */
    public static DeadLetter deadLetter(String sourceKind, String sourceName, long lineNumber, byte[] raw,
            String errorClass, String message, long nowMs) {
        return DeadLetter.newBuilder()
                .setSourceTopic(sourceKind)
                .setPartition(-1)
                .setOffset(-1)
                .setRaw(ByteBuffer.wrap(raw))
                .setErrorClass(errorClass)
                .setErrorMessage(message)
                .setTimeMs(Instant.ofEpochMilli(nowMs))
                .setSourceName(sourceName)
                .setLineNumber(lineNumber > 0 ? lineNumber : null)
                .build();
    }
}
