package io.peerwatch.detect;

import static io.peerwatch.detect.Flows.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.notice.Alert;
import io.peerwatch.ports.PortTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The binary form of the flow-window detectors' accumulators: the lab's NetFlow export is fed
 * into per-host windows, every open window is written and read back half-way through, the rest is
 * fed to the restored windows, and the verdicts are the same as without the interruption. Corrupt
 * input ends in an {@link IOException}, never in another exception or a large allocation.
 */
class WindowBinaryTest {

    static final InternalNetworks LAB_NETS = InternalNetworks.parse("198.18.0.0/15");

    /** How a window type is written and read. */
    interface Binary<W> {
        void write(W w, DataOutput out) throws IOException;

        W read(DataInput in) throws IOException;
    }

    static final Binary<PortActivityDetector.Window> PORTS = new Binary<>() {
        public void write(PortActivityDetector.Window w, DataOutput out) throws IOException {
            w.writeTo(out);
        }

        public PortActivityDetector.Window read(DataInput in) throws IOException {
            return PortActivityDetector.Window.readFrom(in);
        }
    };

    static final Binary<P2pBehaviourDetector.Window> BEHAVIOUR = new Binary<>() {
        public void write(P2pBehaviourDetector.Window w, DataOutput out) throws IOException {
            w.writeTo(out);
        }

        public P2pBehaviourDetector.Window read(DataInput in) throws IOException {
            return P2pBehaviourDetector.Window.readFrom(in);
        }
    };

    static final Binary<InternalScanDetector.Window> SCAN = new Binary<>() {
        public void write(InternalScanDetector.Window w, DataOutput out) throws IOException {
            w.writeTo(out);
        }

        public InternalScanDetector.Window read(DataInput in) throws IOException {
            return InternalScanDetector.Window.readFrom(in);
        }
    };

    static <W> byte[] bytes(Binary<W> b, W w) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            b.write(w, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static <W> W read(Binary<W> b, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        W w = b.read(in);
        assertThat(in.read()).as("bytes left after the window").isEqualTo(-1);
        return w;
    }

    /** Written, read back, written again: the same bytes (every field travels). */
    static <W> W roundTrip(Binary<W> b, W w) {
        byte[] first = bytes(b, w);
        try {
            W back = read(b, first);
            assertThat(bytes(b, back)).as("bytes of the restored window").isEqualTo(first);
            return back;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Per-host tumbling windows as the job drives them (event time = flow end); with
     * {@code restore}, every open window is replaced by its round-tripped copy after half the flows.
     */
    static <W> List<Alert> drive(FlowWindowDetector<W> d, List<FlowRecord> flows, Binary<W> restore) {
        long windowMs = d.window().toMillis();
        Map<String, W> windows = new TreeMap<>();
        Map<String, IpAddress> hosts = new HashMap<>();
        Map<String, Long> starts = new HashMap<>();
        for (int i = 0; i < flows.size(); i++) {
            if (restore != null && i == flows.size() / 2) {
                windows.replaceAll((k, w) -> roundTrip(restore, w));
            }
            FlowRecord f = flows.get(i);
            long start = Math.floorDiv(f.endMs(), windowMs) * windowMs;
            for (IpAddress h : d.hostsOf(f)) {
                String k = h + "@" + start;
                d.observe(windows.computeIfAbsent(k, x -> d.newWindow()), h, f);
                hosts.put(k, h);
                starts.put(k, start);
            }
        }
        List<Alert> out = new ArrayList<>();
        windows.forEach((k, w) -> d.evaluate(w, hosts.get(k), starts.get(k), starts.get(k) + windowMs)
                .ifPresent(out::add));
        return out;
    }

    static <W> List<Alert> sameVerdictAfterRestore(FlowWindowDetector<W> d, List<FlowRecord> flows, Binary<W> b) {
        List<Alert> straight = drive(d, flows, null);
        assertThat(drive(d, flows, b)).as("alerts with the windows restored half-way").isEqualTo(straight);
        return straight;
    }

    @ParameterizedTest
    @ValueSource(strings = {"export-netflow-v9-s1.pcap", "export-netflow-v10-s1.pcap"})
    void labFlowWindowsRestoredHalfWayGiveTheSameAlerts(String export) throws IOException {
        List<FlowRecord> flows = LabNetflowDetectionTest.flows(export);
        assertThat(flows).hasSizeGreaterThan(50);
        List<Alert> ports = sameVerdictAfterRestore(
                new PortActivityDetector(PortTable.defaults(), LAB_NETS, PortActivityDetector.Config.defaults()),
                flows, PORTS);
        List<Alert> behaviour = sameVerdictAfterRestore(
                new P2pBehaviourDetector(LAB_NETS, P2pBehaviourConfig.defaults()), flows, BEHAVIOUR);
        List<Alert> scans = sameVerdictAfterRestore(
                new InternalScanDetector(LAB_NETS, InternalScanConfig.defaults()), flows, SCAN);
        assertThat(ports).as("port-table alerts of the BitTorrent peers").isNotEmpty();
        assertThat(behaviour).as("behaviour alerts of the BitTorrent peers").isNotEmpty();
        assertThat(scans).as("the lab has no scans").isEmpty();
    }

    @Test
    void aSweepRestoredHalfWayGivesTheSameAlert() {
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            flows.add(tcp("10.0.0.5", 50000 + i, "10.0.1." + i, 6346, 0x02, 2, 120));
            flows.add(tcp("10.0.0.5", 40000, "10.0.2.9", i, 0x02, 1, 60));
        }
        List<Alert> alerts = sameVerdictAfterRestore(
                new InternalScanDetector(InternalNetworks.defaults(), InternalScanConfig.defaults()), flows, SCAN);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.INTERNAL_SCAN);
            assertThat(a.evidence().toString()).contains("sweep", "vertical");
        });
    }

    @Test
    void emptyWindowsRoundTrip() {
        roundTrip(PORTS, new PortActivityDetector.Window());
        roundTrip(BEHAVIOUR, new P2pBehaviourDetector.Window());
        roundTrip(SCAN, new InternalScanDetector.Window());
    }

    /** A window holding some of everything, for the corruption tests. */
    static <W> byte[] labWindow(FlowWindowDetector<W> d, Binary<W> b) throws IOException {
        W w = d.newWindow();
        for (FlowRecord f : LabNetflowDetectionTest.flows("export-netflow-v9-s1.pcap")) {
            for (IpAddress h : d.hostsOf(f)) {
                if (h.equals(IpAddress.parse("198.18.1.11"))) {
                    d.observe(w, h, f);
                }
            }
        }
        return bytes(b, w);
    }

    @Test
    void everyTruncationAndAnUnknownVersionAreIoErrors() throws IOException {
        assertCorruptionIsAnIoError(labWindow(
                new PortActivityDetector(PortTable.defaults(), LAB_NETS, PortActivityDetector.Config.defaults()), PORTS),
                PORTS);
        assertCorruptionIsAnIoError(labWindow(new P2pBehaviourDetector(LAB_NETS, P2pBehaviourConfig.defaults()),
                BEHAVIOUR), BEHAVIOUR);
        List<FlowRecord> sweep = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            sweep.add(tcp("10.0.0.5", 50000 + i, "10.0.1." + i, 445, 0x02, 1, 60));
        }
        InternalScanDetector scan = new InternalScanDetector(InternalNetworks.defaults(), InternalScanConfig.defaults());
        InternalScanDetector.Window w = scan.newWindow();
        sweep.forEach(f -> scan.observe(w, IpAddress.parse("10.0.0.5"), f));
        assertCorruptionIsAnIoError(bytes(SCAN, w), SCAN);
    }

    static <W> void assertCorruptionIsAnIoError(byte[] good, Binary<W> b) {
        assertThat(good.length).isGreaterThan(40);
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> read(b, cut)).as("first %d of %d bytes", n, good.length)
                    .isInstanceOf(IOException.class);
        }
        byte[] future = good.clone();
        future[0] = 99;
        assertThatThrownBy(() -> read(b, future)).isInstanceOf(StreamCorruptedException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void aHugeCountIsRefusedOrEndsAtTheEndOfInput() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeByte(PortActivityDetector.Window.FORMAT_VERSION);
        out.writeLong(1);
        out.writeLong(2);
        out.writeLong(3);
        out.writeInt(Integer.MAX_VALUE); // per-entry counts
        byte[] hostile = bos.toByteArray();
        assertThatThrownBy(() -> read(PORTS, hostile)).isInstanceOf(StreamCorruptedException.class)
                .hasMessageContaining(Integer.MAX_VALUE + " entries");
        hostile[hostile.length - 4] = 0; // 2^24 - 1 entries claimed, none there: EOF, not 16 M allocations
        hostile[hostile.length - 3] = (byte) 0xff;
        assertThatThrownBy(() -> read(PORTS, hostile)).isInstanceOf(EOFException.class);
    }
}
