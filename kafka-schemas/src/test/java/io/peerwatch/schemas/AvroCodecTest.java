package io.peerwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.schemas.codec.AvroCodec;
import io.peerwatch.schemas.codec.RecordDecodeException;
import io.peerwatch.schemas.codec.RecordDecodeException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    private final AvroCodec<FlowRecord> flows = AvroCodec.of(FlowRecord.class);
    private final AvroCodec<Alert> alerts = AvroCodec.of(Alert.class);

    static FlowRecord flow() {
        return FlowRecord.newBuilder()
                .setStartMs(java.time.Instant.ofEpochMilli(1_700_000_000_000L))
                .setEndMs(java.time.Instant.ofEpochMilli(1_700_000_001_000L))
                .setSrcAddr(ByteBuffer.wrap(new byte[] {10, 0, 0, 1}))
                .setDstAddr(ByteBuffer.wrap(new byte[] {(byte) 198, 18, 0, 2}))
                .setSrcPort(51413).setDstPort(6881).setIpProtocol(6)
                .setPackets(10).setBytes(1000)
                .build();
    }

    @Test
    void roundTrips() {
        FlowRecord f = flow();
        assertThat(flows.decode(flows.encode(f))).isEqualTo(f);
    }

    @Test
    void rejectsARecordOfAnotherSchemaByFingerprint() {
        Alert a = Alert.newBuilder()
                .setId("x").setEventTimeMs(java.time.Instant.EPOCH).setWindowStartMs(java.time.Instant.EPOCH)
                .setWindowEndMs(java.time.Instant.EPOCH).setHost(ByteBuffer.wrap(new byte[] {10, 0, 0, 1}))
                .setAlertType(AlertType.P2P_CLIENT).setSeverity(Severity.LOW).setConfidence(0.5)
                .setEvidence(List.of()).setIdentifier("x").build();
        byte[] other = alerts.encode(a);
        assertThatThrownBy(() -> flows.decode(other))
                .isInstanceOfSatisfying(RecordDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                .hasMessageContaining("another schema");
    }

    @Test
    void readsValuesWrittenWithTheFirstPublishedSchemaFillingNewFieldsFromTheirDefaults() throws Exception {
        org.apache.avro.Schema v1;
        try (var in = getClass().getResourceAsStream("/io/peerwatch/schemas/history/v1/PacketEvent.avsc")) {
            v1 = new org.apache.avro.Schema.Parser().parse(in);
        }
        assertThat(v1.getField("icmp_echo_id")).as("the field is new since v1").isNull();
        var old = new org.apache.avro.generic.GenericRecordBuilder(v1)
                .set("timestamp_ms", 1_700_000_000_000L)
                .set("src_addr", ByteBuffer.wrap(new byte[] {10, 0, 0, 1}))
                .set("dst_addr", ByteBuffer.wrap(new byte[] {10, 0, 0, 2}))
                .set("src_port", 0).set("dst_port", 0).set("ip_protocol", 1)
                .set("icmp_type", 8)
                .set("wire_length", 98).set("payload_length", 56)
                .set("payload_prefix", ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .build();
        byte[] bytes = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), v1).encode(old).array();

        PacketEvent e = AvroCodec.of(PacketEvent.class).decode(bytes);

        assertThat(e.getIcmpType()).isEqualTo(8);
        assertThat(e.getWireLength()).isEqualTo(98);
        assertThat(e.getIcmpEchoId()).as("added since v1: its default").isNull();
        assertThat(e.getIpLength()).isNull();
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> AvroCodec.of(PacketEvent.class).decode(trailing))
                .isInstanceOfSatisfying(RecordDecodeException.class, x -> assertThat(x.reason()).isEqualTo(Reason.CORRUPT));
    }

    @Test
    void rejectsTruncatedBodiesAtEveryLength() {
        byte[] good = flows.encode(flow());
        for (int len = 1; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            // Past the 10-byte header (magic + fingerprint) a cut is reported as truncation.
            Reason expected = len >= 10 ? Reason.TRUNCATED : null;
            assertThatThrownBy(() -> flows.decode(cut)).as("length %d", len)
                    .isInstanceOfSatisfying(RecordDecodeException.class, e -> {
                        if (expected != null) {
                            assertThat(e.reason()).isEqualTo(expected);
                        }
                    });
        }
    }

    @Test
    void rejectsTrailingBytesAndEmptyValues() {
        byte[] good = flows.encode(flow());
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertThatThrownBy(() -> flows.decode(longer))
                .isInstanceOfSatisfying(RecordDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
        assertThatThrownBy(() -> flows.decode(new byte[0]))
                .isInstanceOfSatisfying(RecordDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
    }

    @Test
    void randomAndMutatedBytesOnlyEverGiveRecordDecodeException() {
        Random rnd = new Random(42);
        byte[] good = flows.encode(flow());
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[rnd.nextInt(64)];
                rnd.nextBytes(b);
            } else {
                b = good.clone();
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    int pos = 10 + rnd.nextInt(b.length - 10); // keep the header: exercise the body
                    b[pos] = (byte) rnd.nextInt(256);
                }
            }
            try {
                flows.decode(b);
            } catch (RecordDecodeException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
