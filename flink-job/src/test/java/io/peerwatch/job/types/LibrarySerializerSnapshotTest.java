package io.peerwatch.job.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Restoring what earlier builds wrote. Every type of {@link LibraryTypes} has a stored
 * savepoint-like file per format version ({@code src/test/resources/serializer-snapshots/<type>.v<N>}:
 * the serializer snapshot, then the sample values of {@link LibraryTypeSamples} as that version
 * wrote them); today's serializer must call each compatible as it is and read the values back. A
 * format change that forgets to raise the codec's version fails here. New files are written with
 * {@code -Dsnapshots.update=true} (review and commit them; never rewrite an old version's file).
 */
class LibrarySerializerSnapshotTest {

    private static final Path STORED = Path.of("src/test/resources/serializer-snapshots");
    private static final boolean UPDATE = Boolean.getBoolean("snapshots.update");

    /** Every entry of {@link LibraryTypes} with its samples. */
    static Map<String, Object[]> types() {
        Map<String, Object[]> m = new LinkedHashMap<>();
        m.put("flow-record", new Object[] {LibraryTypes.FLOW_RECORD, LibraryTypeSamples.flowRecords()});
        m.put("proxy-record", new Object[] {LibraryTypes.PROXY_RECORD, LibraryTypeSamples.proxyRecords()});
        m.put("packet-event", new Object[] {LibraryTypes.PACKET_EVENT, LibraryTypeSamples.packetEvents()});
        m.put("alert", new Object[] {LibraryTypes.ALERT, LibraryTypeSamples.alerts()});
        m.put("dead-letter", new Object[] {LibraryTypes.DEAD_LETTER, LibraryTypeSamples.deadLetters()});
        m.put("ip-address", new Object[] {LibraryTypes.IP_ADDRESS, LibraryTypeSamples.ipAddresses()});
        m.put("host-flow-windows", new Object[] {LibraryTypes.HOST_FLOW_WINDOWS, LibraryTypeSamples.hostFlowWindows()});
        m.put("port-activity-window", new Object[] {LibraryTypes.PORT_ACTIVITY_WINDOW,
            LibraryTypeSamples.portActivityWindows()});
        m.put("p2p-behaviour-window", new Object[] {LibraryTypes.P2P_BEHAVIOUR_WINDOW,
            LibraryTypeSamples.p2pBehaviourWindows()});
        m.put("internal-scan-window", new Object[] {LibraryTypes.INTERNAL_SCAN_WINDOW,
            LibraryTypeSamples.internalScanWindows()});
        m.put("tunnel-window", new Object[] {LibraryTypes.TUNNEL_WINDOW, LibraryTypeSamples.tunnelWindows()});
        m.put("volume-meter", new Object[] {LibraryTypes.VOLUME_METER, LibraryTypeSamples.volumeMeters()});
        m.put("volume-sample", new Object[] {LibraryTypes.VOLUME_SAMPLE, LibraryTypeSamples.volumeSamples()});
        m.put("volume-window", new Object[] {LibraryTypes.VOLUME_WINDOW, LibraryTypeSamples.volumeWindows()});
        m.put("volume-baseline", new Object[] {LibraryTypes.VOLUME_BASELINE, LibraryTypeSamples.volumeBaselines()});
        m.put("link-trend", new Object[] {LibraryTypes.LINK_TREND, LibraryTypeSamples.linkTrends()});
        m.put("flow-key", new Object[] {LibraryTypes.FLOW_KEY, LibraryTypeSamples.flowKeys()});
        m.put("flow-state", new Object[] {LibraryTypes.FLOW_STATE, LibraryTypeSamples.flowStates()});
        m.put("flow", new Object[] {LibraryTypes.FLOW, LibraryTypeSamples.flows()});
        m.put("dns-observation", new Object[] {LibraryTypes.DNS_OBSERVATION, LibraryTypeSamples.dnsObservations()});
        m.put("echo-observation", new Object[] {LibraryTypes.ECHO_OBSERVATION, LibraryTypeSamples.echoObservations()});
        m.put("dns-tunnel-window", new Object[] {LibraryTypes.DNS_TUNNEL_WINDOW, LibraryTypeSamples.dnsTunnelWindows()});
        m.put("icmp-tunnel-window", new Object[] {LibraryTypes.ICMP_TUNNEL_WINDOW,
            LibraryTypeSamples.icmpTunnelWindows()});
        m.put("p2p-corroboration-window", new Object[] {LibraryTypes.P2P_CORROBORATION_WINDOW,
            LibraryTypeSamples.p2pCorroborationWindows()});
        return m;
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> serializer(Object type) {
        return ((LibraryTypeInfo<Object>) type).createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl());
    }

    private static byte[] bytes(TypeSerializer<Object> s, Object v) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(v, out);
        return out.getCopyOfBuffer();
    }

    /** The snapshot followed by the values, as a checkpoint holds them. */
    private static byte[] savepoint(TypeSerializer<Object> s, Object[] values) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, s.snapshotConfiguration());
        out.writeInt(values.length);
        for (Object v : values) {
            s.serialize(v, out);
        }
        return out.getCopyOfBuffer();
    }

    @Test
    void everyTypeOfLibraryTypesIsCovered() throws Exception {
        List<Object> listed = new ArrayList<>();
        for (java.lang.reflect.Field f : LibraryTypes.class.getFields()) {
            if (TypeInformation.class.isAssignableFrom(f.getType())) {
                listed.add(f.get(null));
            }
        }
        assertThat(types().values().stream().map(v -> v[0]).toList()).containsExactlyInAnyOrderElementsOf(listed);
        assertThat(listed).allSatisfy(t -> assertThat(t).isInstanceOf(LibraryTypeInfo.class));
    }

    @TestFactory
    Stream<DynamicTest> storedSnapshotsOfEveryVersionRestoreAndReadTheirValues() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : types().entrySet()) {
            TypeSerializer<Object> current = serializer(e.getValue()[0]);
            Object[] samples = (Object[]) e.getValue()[1];
            int version = ((LibrarySerializer<Object>) current).codec().version();
            Path file = STORED.resolve(e.getKey() + ".v" + version);
            if (UPDATE && !Files.exists(file)) {
                Files.createDirectories(STORED);
                Files.write(file, savepoint(current, samples));
            }
            for (int v = 1; v <= version; v++) {
                Path stored = STORED.resolve(e.getKey() + ".v" + v);
                tests.add(DynamicTest.dynamicTest(stored.getFileName().toString(), () -> {
                    assertThat(stored).as("stored snapshot (write it with -Dsnapshots.update=true)").exists();
                    DataInputDeserializer in = new DataInputDeserializer(Files.readAllBytes(stored));
                    TypeSerializerSnapshot<Object> old = TypeSerializerSnapshot.readVersionedSnapshot(in,
                            getClass().getClassLoader());
                    TypeSerializerSchemaCompatibility<Object> c = current.snapshotConfiguration()
                            .resolveSchemaCompatibility(old);
                    assertThat(c.isCompatibleAsIs()).as("compatibility with %s", stored).isTrue();
                    TypeSerializer<Object> restored = old.restoreSerializer();
                    assertThat(restored).isEqualTo(current);
                    int n = in.readInt();
                    List<byte[]> read = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        read.add(bytes(current, restored.deserialize(in)));
                    }
                    assertThat(in.available()).as("bytes left").isZero();
                    if (stored.equals(file)) { // the current version's file holds exactly today's samples
                        assertThat(read).hasSize(samples.length);
                        for (int i = 0; i < n; i++) {
                            assertThat(read.get(i)).as("sample %d", i).isEqualTo(bytes(current, samples[i]));
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    /**
     * A checkpoint writes keyed state to a stream view, which the serializer fills through a
     * per-thread buffer; the bytes must be those written to a memory view (and so those of the
     * stored snapshots), value after value, in a small value after a large one too.
     */
    @Test
    void aStreamGetsTheSameBytesAsAMemoryView() throws IOException {
        for (Map.Entry<String, Object[]> e : types().entrySet()) {
            TypeSerializer<Object> s = serializer(e.getValue()[0]);
            Object[] samples = (Object[]) e.getValue()[1];
            List<Object> reversed = new ArrayList<>(Arrays.asList(samples));
            Collections.reverse(reversed);
            List<Object> values = new ArrayList<>(Arrays.asList(samples));
            values.addAll(reversed);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(stream);
            DataOutputSerializer memory = new DataOutputSerializer(256);
            for (Object v : values) {
                s.serialize(v, view);
                s.serialize(v, memory);
            }
            view.flush();
            assertThat(stream.toByteArray()).as(e.getKey()).isEqualTo(memory.getCopyOfBuffer());
        }
    }

    // -- a codec that went from version 1 to 2, to show what an evolution looks like --

    /** A value that gained a field in format 2. */
    record Point(int x, int y, String label) {
    }

    /** Format 1: x, y. Format 2: x, y, label (read as "" from format 1). */
    public static final class PointCodec implements LibraryCodec<Point> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<Point> type() {
            return Point.class;
        }

        @Override
        public int version() {
            return 2;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public void write(Point p, DataOutputView out) throws IOException {
            out.writeInt(p.x());
            out.writeInt(p.y());
            out.writeUTF(p.label());
        }

        @Override
        public Point read(DataInputView in, int version) throws IOException {
            int x = in.readInt();
            int y = in.readInt();
            return new Point(x, y, version >= 2 ? in.readUTF() : "");
        }
    }

    /** What the version-1 build of {@link PointCodec} wrote: its snapshot, then two values. */
    private static byte[] pointSavepointOfVersion1() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out,
                new LibrarySerializer.Snapshot<>(PointCodec.class.getName(), 1, new PointCodec()));
        out.writeInt(2);
        for (int[] p : new int[][] {{1, 2}, {-3, 40_000}}) {
            out.writeByte(1);
            out.writeInt(p[0]);
            out.writeInt(p[1]);
        }
        return out.getCopyOfBuffer();
    }

    @Test
    void aSavepointOfThePreviousFormatRestoresAsItIsAndReadsItsValues() throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(pointSavepointOfVersion1());
        TypeSerializerSnapshot<Point> old = TypeSerializerSnapshot.readVersionedSnapshot(in, getClass().getClassLoader());
        assertThat(((LibrarySerializer.Snapshot<Point>) old).formatVersion()).isEqualTo(1);
        LibrarySerializer<Point> now = new LibrarySerializer<>(new PointCodec());
        assertThat(now.snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAsIs()).isTrue();
        TypeSerializer<Point> restored = old.restoreSerializer();
        assertThat(in.readInt()).isEqualTo(2);
        assertThat(restored.deserialize(in)).isEqualTo(new Point(1, 2, ""));
        assertThat(restored.deserialize(in)).isEqualTo(new Point(-3, 40_000, ""));
        // and what it writes now is format 2
        DataOutputSerializer out = new DataOutputSerializer(64);
        now.serialize(new Point(5, 6, "seven"), out);
        assertThat(out.getCopyOfBuffer()[0]).isEqualTo((byte) 2);
        assertThat(now.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(new Point(5, 6, "seven"));
    }

    @Test
    void aNewerFormatOrAnotherCodecIsIncompatible() {
        LibrarySerializer<Point> now = new LibrarySerializer<>(new PointCodec());
        TypeSerializerSnapshot<Point> newer = new LibrarySerializer.Snapshot<>(PointCodec.class.getName(), 3, new PointCodec());
        assertThat(now.snapshotConfiguration().resolveSchemaCompatibility(newer).isIncompatible()).isTrue();
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<Point> other = (TypeSerializerSnapshot) LibraryTypes.ALERT.createSerializer(
                new org.apache.flink.api.common.serialization.SerializerConfigImpl()).snapshotConfiguration();
        assertThat(now.snapshotConfiguration().resolveSchemaCompatibility(other).isIncompatible()).isTrue();
        assertThatThrownBy(() -> now.deserialize(new DataInputDeserializer(new byte[] {3, 0, 0, 0, 1})))
                .isInstanceOf(StreamCorruptedException.class).hasMessageContaining("format version 3");
    }

    @Test
    void aSnapshotNamingAMissingCodecFailsWithItsName() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out,
                new LibrarySerializer.Snapshot<>("io.peerwatch.job.types.GoneCodec", 1, new PointCodec()));
        assertThatThrownBy(() -> TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader()))
                .isInstanceOf(IOException.class).hasMessageContaining("io.peerwatch.job.types.GoneCodec");
    }

    @TestFactory
    Stream<DynamicTest> truncatedValuesOfEveryTypeAreIoErrors() {
        List<DynamicTest> tests = new ArrayList<>();
        types().forEach((name, t) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            TypeSerializer<Object> s = serializer(t[0]);
            Object[] samples = (Object[]) t[1];
            byte[] full = bytes(s, samples[samples.length - 1]);
            for (int n = 0; n < full.length; n++) {
                byte[] cut = Arrays.copyOf(full, n);
                assertThatThrownBy(() -> s.deserialize(new DataInputDeserializer(cut)))
                        .as("%s: first %d of %d bytes", name, n, full.length).isInstanceOf(IOException.class);
            }
            byte[] unknown = full.clone();
            unknown[0] = (byte) 0xfe;
            assertThatThrownBy(() -> s.deserialize(new DataInputDeserializer(unknown)))
                    .isInstanceOf(StreamCorruptedException.class);
        })));
        return tests.stream();
    }

    @Test
    void aHugeLengthEndsAtTheEndOfTheInputWithoutAllocatingIt() throws IOException {
        TypeSerializer<Object> s = serializer(LibraryTypes.DEAD_LETTER);
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeByte(1);
        out.writeInt(Integer.MAX_VALUE - 8); // a source name of 2 GiB claimed, 3 bytes there
        out.write(new byte[] {'a', 'b', 'c'});
        assertThatThrownBy(() -> s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(EOFException.class);
    }
}
