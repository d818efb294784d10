package io.peerwatch.sensor.netflow;

import io.peerwatch.core.FlowSummary;
import io.peerwatch.schemas.FlowRecord;
import io.peerwatch.sensor.SensorAvro;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Encodes flows as Avro single-object {@code FlowRecord}s into one reused buffer (one
 * {@code byte[]} per record, the one Kafka needs). Not thread-safe: one per worker.
 */
final class FlowRecordEncoder {
    private final BinaryMessageEncoder<FlowRecord> encoder = FlowRecord.getEncoder();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    byte[] encode(FlowSummary flow) {
        out.reset();
        try {
            encoder.encode(SensorAvro.flowRecord(flow), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a FlowRecord", e);
        }
        return out.toByteArray();
    }
}
