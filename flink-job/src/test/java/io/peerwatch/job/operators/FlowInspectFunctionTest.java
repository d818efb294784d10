package io.peerwatch.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.job.JobConfig;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Per-flow DPI state in Flink: a BitTorrent handshake flow ends on its idle timer, with no state left. */
class FlowInspectFunctionTest {

    private static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    private static final IpAddress CLIENT = IpAddress.parse("10.0.0.5");
    private static final IpAddress PEER = IpAddress.parse("198.18.7.9");

    private static PacketEvent packet(boolean fromClient, int flags, byte[] payload, long ts) {
        return PacketEvent.builder()
                .timestampNanos(ts * 1_000_000L)
                .addresses(fromClient ? CLIENT : PEER, fromClient ? PEER : CLIENT)
                .ports(fromClient ? 51413 : 6881, fromClient ? 6881 : 51413)
                .ipProtocol(IpProtocol.TCP).tcpFlags(flags)
                .lengths(54 + payload.length, 40 + payload.length, payload.length)
                .payloadPrefix(payload).build();
    }

    private static byte[] handshake() {
        ByteBuffer b = ByteBuffer.allocate(68);
        b.put((byte) 19).put("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
        b.put(new byte[8]);
        for (int i = 0; i < 20; i++) {
            b.put((byte) (0xA0 + i));
        }
        b.put("-TR4050-abcdefghijkl".getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    @Test
    void classifiesAFlowOnItsIdleTimerAndLeavesNoState() throws Exception {
        JobConfig cfg = JobConfig.builder("127.0.0.1:9").build();
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FlowInspectFunction(cfg)),
                FlowInspectFunction.key(), Types.STRING);
        h.open();
        List<PacketEvent> flow = List.of(
                packet(true, 0x02, new byte[0], T0),
                packet(false, 0x12, new byte[0], T0 + 1),
                packet(true, 0x10, new byte[0], T0 + 2),
                packet(true, 0x18, handshake(), T0 + 3),
                packet(false, 0x18, handshake(), T0 + 4));
        for (PacketEvent p : flow) {
            h.processElement(new StreamRecord<>(p, p.timestampMs()));
        }
        assertThat(h.numKeyedStateEntries()).as("one flow, both directions on one key").isEqualTo(1);
        h.processWatermark(new Watermark(T0 + 60_000));
        assertThat(h.extractOutputValues()).as("still within the idle timeout").isEmpty();

        h.processWatermark(new Watermark(T0 + 3_600_000));
        List<Alert> alerts = h.extractOutputValues();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.P2P_CLIENT);
            assertThat(a.protocol()).contains("BitTorrent");
            assertThat(a.host()).isEqualTo(CLIENT);
            assertThat(a.evidence().toString()).contains("a0a1a2a3").contains("Transmission");
        });
        List<FlowRecord> derived = h.getSideOutput(FlowInspectFunction.FLOWS).stream().map(StreamRecord::getValue).toList();
        assertThat(derived).hasSize(2);
        assertThat(derived).extracting(FlowRecord::packets).containsExactlyInAnyOrder(3L, 2L);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
