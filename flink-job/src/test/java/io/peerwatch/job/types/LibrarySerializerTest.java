package io.peerwatch.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.flow.CanonicalFlowKey;
import io.peerwatch.flow.EndReason;
import io.peerwatch.flow.FlowState;
import io.peerwatch.flow.FlowTracker;
import io.peerwatch.job.JobConfig;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.signatures.Direction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The packet operator's key and state through the library serializer: values survive it, copies
 * of mutable state are independent, and a checkpoint's serializer snapshot restores a serializer
 * of the same codec, compatible as is with itself and with nothing else.
 */
class LibrarySerializerTest {

    private static final FlowTracker TRACKER = new FlowTracker(JobConfig.builder("127.0.0.1:9").build().signatureEngine());

    private static PacketEvent packet(boolean fromClient, String payload) {
        IpAddress a = IpAddress.parse("10.0.0.5");
        IpAddress b = IpAddress.parse("198.18.0.80");
        byte[] p = payload.getBytes(StandardCharsets.US_ASCII);
        return PacketEvent.builder().timestampNanos(1_000_000_000L)
                .addresses(fromClient ? a : b, fromClient ? b : a).ports(fromClient ? 40000 : 80, fromClient ? 80 : 40000)
                .ipProtocol(IpProtocol.TCP).tcpFlags(0x18).lengths(54 + p.length, 40 + p.length, p.length)
                .payloadPrefix(p).build();
    }

    private static <T> T roundTrip(TypeSerializer<T> s, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(value, out);
        return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void flowStateAndKeyGoThroughTheirOwnFormNotKryo() throws Exception {
        TypeSerializer<FlowState> states = LibraryTypes.FLOW_STATE.createSerializer(new SerializerConfigImpl());
        assertThat(states).isInstanceOf(LibrarySerializer.class);
        assertThat(LibraryTypes.FLOW_KEY.isKeyType()).as("the key type defines hashCode").isTrue();
        assertThat(LibraryTypes.FLOW_STATE.isKeyType()).isFalse();

        FlowState s = TRACKER.start(packet(true, "GET / HTTP/1.1\r\nHost: example.test\r\n"), 1_000_000_000L);
        FlowState back = roundTrip(states, s);
        assertThat(back.toString()).isEqualTo(s.toString());
        assertThat(back.inspecting()).isEqualTo(s.inspecting());
        TRACKER.add(back, packet(false, "HTTP/1.1 200 OK\r\n\r\n"), 2_000_000_000L);
        TRACKER.add(s, packet(false, "HTTP/1.1 200 OK\r\n\r\n"), 2_000_000_000L);
        assertThat(TRACKER.end(back, EndReason.END_OF_INPUT)).isEqualTo(TRACKER.end(s, EndReason.END_OF_INPUT));

        CanonicalFlowKey k = CanonicalFlowKey.of(packet(false, "x"));
        assertThat(roundTrip(LibraryTypes.FLOW_KEY.createSerializer(new SerializerConfigImpl()), k)).isEqualTo(k);
    }

    @Test
    void copiesOfMutableStateAreIndependentAndImmutableValuesAreShared() {
        TypeSerializer<FlowState> states = LibraryTypes.FLOW_STATE.createSerializer(new SerializerConfigImpl());
        FlowState s = TRACKER.start(packet(true, "hello"), 1_000_000_000L);
        FlowState copy = states.copy(s);
        TRACKER.add(s, packet(false, "world"), 2_000_000_000L);
        assertThat(s.packets()).isEqualTo(2);
        assertThat(copy.packets()).isEqualTo(1);
        assertThat(copy.counters(Direction.SERVER_TO_CLIENT).packets()).isZero();
        CanonicalFlowKey k = CanonicalFlowKey.of(packet(true, "x"));
        assertThat(LibraryTypes.FLOW_KEY.createSerializer(new SerializerConfigImpl()).copy(k)).isSameAs(k);
    }

    @Test
    void aSnapshotRestoresTheSameSerializerCompatibleAsIs() throws Exception {
        TypeSerializer<FlowState> states = LibraryTypes.FLOW_STATE.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, states.snapshotConfiguration());
        TypeSerializerSnapshot<FlowState> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(restored.restoreSerializer()).isInstanceOf(LibrarySerializer.class);
        assertThat(states.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();

        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<FlowState> other = (TypeSerializerSnapshot) LibraryTypes.FLOW_KEY
                .createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
        assertThat(states.snapshotConfiguration().resolveSchemaCompatibility(other).isIncompatible()).isTrue();
    }
}
