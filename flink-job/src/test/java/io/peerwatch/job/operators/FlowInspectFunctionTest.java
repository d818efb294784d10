package io.peerwatch.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.flow.CanonicalFlowKey;
import io.peerwatch.flow.EndReason;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.Orientation;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.signatures.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The packet operator keeps the library's per-flow state ({@code FlowState}) as keyed state under
 * the library's flow key: a BitTorrent flow ends on its idle timer, a long flow on the active
 * timeout and goes on as a new flow, a packet after its flow's timeout starts a new flow even
 * before the timer fired, a flow restored from a checkpoint mid-inspection ends as it would
 * have, and packets of one millisecond are taken in capture order whatever order they come in.
 * Every test ends with no keyed state and no timer left.
 */
class FlowInspectFunctionTest {

    private static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    private static final IpAddress CLIENT = IpAddress.parse("10.0.0.5");
    private static final IpAddress PEER = IpAddress.parse("198.18.7.9");
    private static final JobConfig DEFAULTS = JobConfig.builder("127.0.0.1:9").build();

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

    private static List<PacketEvent> bittorrentFlow() {
        return List.of(
                packet(true, 0x02, new byte[0], T0),
                packet(false, 0x12, new byte[0], T0 + 1),
                packet(true, 0x10, new byte[0], T0 + 2),
                packet(true, 0x18, handshake(), T0 + 3),
                packet(false, 0x18, handshake(), T0 + 4));
    }

    static KeyedOneInputStreamOperatorTestHarness<CanonicalFlowKey, PacketEvent, Alert> harness(JobConfig cfg)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FlowInspectFunction(cfg)),
                FlowInspectFunction.key(), LibraryTypes.FLOW_KEY);
    }

    static List<Flow> ended(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        var out = h.getSideOutput(FlowInspectFunction.ENDED_FLOWS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    private static void push(KeyedOneInputStreamOperatorTestHarness<?, PacketEvent, ?> h, PacketEvent p)
            throws Exception {
        h.processElement(new StreamRecord<>(p, p.timestampMs()));
    }

    private static void assertNothingLeft(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        assertThat(h.numKeyedStateEntries()).as("keyed state left").isZero();
        assertThat(h.numEventTimeTimers()).as("timers left").isZero();
    }

    @Test
    void classifiesAFlowOnItsIdleTimerAndLeavesNoState() throws Exception {
        var h = harness(DEFAULTS);
        h.open();
        for (PacketEvent p : bittorrentFlow()) {
            push(h, p);
        }
        assertThat(h.numKeyedStateEntries()).as("one flow, both directions on one key; while it is inspected the"
                + " packets of its last millisecond are held (the packets and their millisecond)").isEqualTo(3);
        assertThat(h.numEventTimeTimers()).as("one timer per flow").isEqualTo(1);
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
        assertThat(ended(h)).singleElement().satisfies(f -> {
            assertThat(f.endReason()).isEqualTo(EndReason.IDLE_TIMEOUT);
            assertThat(f.orientation()).isEqualTo(Orientation.TCP_SYN);
            assertThat(f.key().client()).isEqualTo(CLIENT);
            assertThat(f.clientToServer().payloadBytes()).isEqualTo(68);
        });
        assertNothingLeft(h);
        h.close();
    }

    @Test
    void aLongFlowEndsOnTheActiveTimeoutAndGoesOnAsANewFlow() throws Exception {
        JobConfig cfg = JobConfig.builder("127.0.0.1:9")
                .flowTimeouts(Duration.ofMinutes(2), Duration.ofMinutes(10)).build();
        var h = harness(cfg);
        h.open();
        long minute = 60_000;
        List<PacketEvent> flow = new ArrayList<>(bittorrentFlow());
        for (long t = T0 + minute; t <= T0 + 25 * minute; t += minute) {
            flow.add(packet(t % (2 * minute) == 0, 0x18, new byte[100], t));
        }
        for (PacketEvent p : flow) {
            h.processWatermark(new Watermark(p.timestampMs() - 1)); // the timer, not the packet, ends a piece
            push(h, p);
            assertThat(h.numEventTimeTimers()).as("one timer per live flow").isEqualTo(1);
        }
        assertThat(ended(h)).as("cut after 10 and 21 minutes, before the input ends").hasSize(2);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        List<Flow> pieces = ended(h);
        assertThat(pieces).extracting(Flow::endReason)
                .containsExactly(EndReason.ACTIVE_TIMEOUT, EndReason.ACTIVE_TIMEOUT, EndReason.END_OF_INPUT);
        assertThat(pieces.stream().mapToLong(Flow::packets).sum()).isEqualTo(flow.size());
        assertThat(pieces.get(0).classification()).map(c -> c.protocol()).contains(Protocol.BITTORRENT);
        assertThat(pieces.get(0).lastNanos() - pieces.get(0).firstNanos()).isLessThanOrEqualTo(10 * minute * 1_000_000L);
        assertThat(pieces.get(1).firstNanos()).isGreaterThan(pieces.get(0).lastNanos());
        assertThat(pieces.get(1).orientation()).as("a piece starts mid-stream").isNotEqualTo(Orientation.TCP_SYN);
        assertThat(pieces.get(1).key().client()).as("the ephemeral port's side stays the client").isEqualTo(CLIENT);
        assertThat(h.extractOutputValues()).as("the first piece's BitTorrent alert comes when it ends, not at the end")
                .isNotEmpty();
        assertNothingLeft(h);
        h.close();
    }

    @Test
    void aPacketAfterItsFlowsIdleTimeoutStartsANewFlowBeforeTheTimerFires() throws Exception {
        var h = harness(DEFAULTS);
        h.open();
        long idle = DEFAULTS.flowIdleTimeout().toMillis();
        push(h, packet(true, 0x02, new byte[0], T0));
        push(h, packet(false, 0x12, new byte[0], T0 + 1));
        push(h, packet(true, 0x10, new byte[0], T0 + 1 + idle));      // exactly the idle timeout: same flow
        push(h, packet(true, 0x18, new byte[10], T0 + 2 + 2 * idle));  // no watermark yet: the operator sees it
        assertThat(ended(h)).as("the first flow has ended, but goes out at its own timer").isEmpty();
        h.processWatermark(new Watermark(T0 + 2 + 2 * idle));
        assertThat(ended(h)).singleElement().satisfies(f -> {
            assertThat(f.endReason()).isEqualTo(EndReason.IDLE_TIMEOUT);
            assertThat(f.packets()).isEqualTo(3);
        });
        assertThat(h.getSideOutput(FlowInspectFunction.ENDED_FLOWS)).singleElement()
                .satisfies(r -> assertThat(r.getTimestamp()).as("the timer's time, not the late packet's")
                        .isEqualTo(T0 + 1 + 2 * idle + 1));
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(ended(h)).hasSize(2);
        assertThat(ended(h).get(1).packets()).isEqualTo(1);
        assertThat(ended(h).get(1).endReason()).isEqualTo(EndReason.END_OF_INPUT);
        assertNothingLeft(h);
        h.close();
    }

    /**
     * The same packets give the same flows, alerts and times whether the watermark keeps up with them
     * or lags (a replay read in one go, a paced input, a slow source): the fault test saw a connection
     * that returns after its idle timeout give other alerts when paced.
     */
    @Test
    void resultsAndTheirTimesDoNotDependOnHowTheInputIsPaced() throws Exception {
        long idle = DEFAULTS.flowIdleTimeout().toMillis();
        List<PacketEvent> packets = new ArrayList<>(bittorrentFlow());
        for (PacketEvent p : bittorrentFlow()) { // the same connection again, after its idle timeout
            packets.add(p.toBuilder().timestampNanos(p.timestampNanos() + 3 * idle * 1_000_000L).build());
        }
        List<String> inOneGo = run(packets, false);
        List<String> paced = run(packets, true);
        assertThat(inOneGo).as("two flows, each with its alert, derived records and ended flow").hasSizeGreaterThan(4);
        assertThat(paced).isEqualTo(inOneGo);
    }

    /** Every output (alerts, derived records, ended flows) with its timestamp, in order of time. */
    private static List<String> run(List<PacketEvent> packets, boolean paced) throws Exception {
        var h = harness(DEFAULTS);
        h.open();
        for (PacketEvent p : packets) {
            if (paced) {
                h.processWatermark(new Watermark(p.timestampMs() - 1));
            }
            push(h, p);
        }
        // event time moves past the last flow's deadline before the input ends: every flow ends on its timer
        long last = packets.get(packets.size() - 1).timestampMs();
        h.processWatermark(new Watermark(last + 2 * DEFAULTS.flowIdleTimeout().toMillis()));
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        List<String> out = new ArrayList<>();
        h.extractOutputStreamRecords().forEach(r -> out.add(r.getTimestamp() + " alert " + ((Alert) r.getValue()).id()));
        h.getSideOutput(FlowInspectFunction.FLOWS).forEach(r -> out.add(r.getTimestamp() + " record " + r.getValue()));
        h.getSideOutput(FlowInspectFunction.ENDED_FLOWS).forEach(r -> out.add(r.getTimestamp() + " flow "
                + r.getValue().key() + " " + r.getValue().packets() + " " + r.getValue().endReason()));
        out.sort(null);
        assertNothingLeft(h);
        h.close();
        return out;
    }

    /**
     * Event time is in milliseconds and Flink's batch mode ({@code analyze}) sorts a key's records by
     * it with an unstable sort: packets of one millisecond may come in any order. A handshake whose
     * packets share a millisecond (SYN, SYN-ACK, both BitTorrent handshakes) gives the same flow,
     * orientation and verdict however they come.
     */
    @Test
    void packetsOfOneMillisecondAreTakenInCaptureOrderWhateverOrderTheyCome() throws Exception {
        List<PacketEvent> inOrder = new ArrayList<>();
        long k = 0;
        for (PacketEvent p : bittorrentFlow()) { // the same packets, 50 microseconds apart, all within T0's millisecond
            inOrder.add(p.toBuilder().timestampNanos(T0 * 1_000_000L + 50_000L * k++).build());
        }
        List<PacketEvent> reversed = new ArrayList<>(inOrder);
        java.util.Collections.reverse(reversed);
        List<Flow> expected = endedFlows(inOrder);
        assertThat(expected).singleElement().satisfies(f -> {
            assertThat(f.orientation()).isEqualTo(Orientation.TCP_SYN);
            assertThat(f.key().client()).isEqualTo(CLIENT);
            assertThat(f.classification()).map(c -> c.protocol()).contains(Protocol.BITTORRENT);
        });
        assertThat(endedFlows(reversed)).isEqualTo(expected);
        List<PacketEvent> answerFirst = new ArrayList<>(inOrder);
        java.util.Collections.swap(answerFirst, 3, 4); // the peer's handshake before the client's
        java.util.Collections.swap(answerFirst, 0, 1); // the SYN-ACK before the SYN
        assertThat(endedFlows(answerFirst)).isEqualTo(expected);
    }

    private static List<Flow> endedFlows(List<PacketEvent> packets) throws Exception {
        var h = harness(DEFAULTS);
        h.open();
        for (PacketEvent p : packets) {
            push(h, p);
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        List<Flow> out = ended(h);
        assertNothingLeft(h);
        h.close();
        return out;
    }

    @Test
    void icmpEchoFlowsBetweenTheSameHostsAreKeyedByIdentifier() throws Exception {
        var h = harness(DEFAULTS);
        h.open();
        for (int id : new int[] {77, 78}) {
            for (int seq = 0; seq < 3; seq++) {
                for (boolean request : new boolean[] {true, false}) {
                    push(h, PacketEvent.builder().timestampNanos((T0 + seq * 1000L) * 1_000_000L)
                            .addresses(request ? CLIENT : PEER, request ? PEER : CLIENT)
                            .ipProtocol(IpProtocol.ICMP).icmp(request ? 8 : 0, 0, id)
                            .lengths(98, 84, 56).payloadPrefix(new byte[56]).build());
                }
            }
        }
        assertThat(h.numKeyedStateEntries()).as("two flows, each with its last millisecond's echoes held").isEqualTo(6);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(ended(h)).hasSize(2).allSatisfy(f -> {
            assertThat(f.orientation()).isEqualTo(Orientation.ICMP_ECHO);
            assertThat(f.key().client()).isEqualTo(CLIENT);
            assertThat(f.clientToServer().packets()).isEqualTo(3);
            assertThat(f.serverToClient().packets()).isEqualTo(3);
        });
        assertThat(ended(h)).extracting(f -> f.key().clientPort()).containsExactlyInAnyOrder(77, 78);
        assertNothingLeft(h);
        h.close();
    }

    @Test
    void aFlowRestoredFromACheckpointMidInspectionEndsAsItWouldHave() throws Exception {
        List<PacketEvent> flow = bittorrentFlow();
        var straight = harness(DEFAULTS);
        straight.open();
        for (PacketEvent p : flow) {
            push(straight, p);
        }
        straight.processWatermark(new Watermark(Long.MAX_VALUE));
        List<Flow> expected = ended(straight);
        straight.close();

        var before = harness(DEFAULTS);
        before.open();
        for (PacketEvent p : flow.subList(0, 4)) {   // the client's handshake seen, the peer's not yet
            push(before, p);
        }
        OperatorSubtaskState snapshot = before.snapshot(1, T0 + 10);
        before.close();

        var after = harness(DEFAULTS);
        after.initializeState(snapshot);
        after.open();
        assertThat(after.numKeyedStateEntries()).as("the flow's state and its held packet came back").isEqualTo(3);
        assertThat(after.numEventTimeTimers()).as("and its timer").isEqualTo(1);
        push(after, flow.get(4));
        after.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(ended(after)).isEqualTo(expected);
        assertThat(ended(after).get(0).classification()).hasValueSatisfying(c -> {
            assertThat(c.protocol()).isEqualTo(Protocol.BITTORRENT);
            assertThat(c.metadata().toString()).contains("a0a1a2a3").contains("Transmission");
        });
        assertNothingLeft(after);
        after.close();
    }
}
