package io.peerwatch.job.types;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.detect.InternalScanDetector;
import io.peerwatch.detect.P2pBehaviourDetector;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.detect.proxy.TunnelWindow;
import io.peerwatch.flow.CanonicalFlowKey;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowState;
import io.peerwatch.job.operators.HostFlowWindows;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.volume.LinkTrend;
import io.peerwatch.volume.VolumeBaseline;
import io.peerwatch.volume.VolumeMeter;
import io.peerwatch.volume.VolumeSample;
import io.peerwatch.volume.VolumeWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Nested;

/**
 * Every serializer of {@link LibraryTypes} against Flink's own serializer contract
 * ({@link SerializerTestBase}: round trips one by one and as sequences, copies, duplicates under
 * concurrency, Java serialization of the serializer, snapshot write, read and restore, null
 * handling), with the values of {@link LibraryTypeSamples}. Mutable state types have no
 * {@code equals}; they are compared by their binary form.
 */
class LibrarySerializersTest {

    /** The base with the type's serializer from {@link LibraryTypes}. */
    abstract static class Base<T> extends SerializerTestBase<T> {
        private final LibraryTypeInfo<T> type;
        private final T[] data;

        Base(TypeInformation<T> type, T[] data) {
            this(type, data, new DeeplyEqualsChecker());
        }

        @SuppressWarnings("unchecked")
        Base(TypeInformation<T> type, T[] data, DeeplyEqualsChecker checker) {
            super(checker);
            this.type = (LibraryTypeInfo<T>) type;
            this.data = data;
        }

        @Override
        protected TypeSerializer<T> createSerializer() {
            return new LibrarySerializer<>(type.codec());
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<T> getTypeClass() {
            return type.getTypeClass();
        }

        @Override
        protected T[] getTestData() {
            return data;
        }

        /** Library types have no neutral instance: {@link LibrarySerializer#createInstance()} is null. */
        @Override
        protected boolean allowNullInstances(TypeSerializer<T> serializer) {
            return true;
        }
    }

    /** For mutable state without {@code equals}: equal when their binary forms are. */
    abstract static class MutableBase<T> extends Base<T> {
        MutableBase(TypeInformation<T> type, T[] data) {
            super(type, data, byBinaryForm((LibraryTypeInfo<T>) type));
        }

        private static <T> DeeplyEqualsChecker byBinaryForm(LibraryTypeInfo<T> type) {
            Class<T> c = type.getTypeClass();
            return new DeeplyEqualsChecker().withCustomCheck((a, b) -> c.isInstance(a) && c.isInstance(b),
                    (a, b, checker) -> Arrays.equals(bytes(type, c.cast(a)), bytes(type, c.cast(b))));
        }

        private static <T> byte[] bytes(LibraryTypeInfo<T> type, T value) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            try {
                new LibrarySerializer<>(type.codec()).serialize(value, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.getCopyOfBuffer();
        }
    }

    @Nested
    class FlowRecords extends Base<FlowRecord> {
        FlowRecords() {
            super(LibraryTypes.FLOW_RECORD, LibraryTypeSamples.flowRecords());
        }
    }

    @Nested
    class ProxyRecords extends Base<ProxyRecord> {
        ProxyRecords() {
            super(LibraryTypes.PROXY_RECORD, LibraryTypeSamples.proxyRecords());
        }
    }

    @Nested
    class PacketEvents extends Base<PacketEvent> {
        PacketEvents() {
            super(LibraryTypes.PACKET_EVENT, LibraryTypeSamples.packetEvents());
        }
    }

    @Nested
    class Alerts extends Base<Alert> {
        Alerts() {
            super(LibraryTypes.ALERT, LibraryTypeSamples.alerts());
        }
    }

    @Nested
    class DeadLetters extends Base<DeadLetter> {
        DeadLetters() {
            super(LibraryTypes.DEAD_LETTER, LibraryTypeSamples.deadLetters());
        }
    }

    @Nested
    class IpAddresses extends Base<IpAddress> {
        IpAddresses() {
            super(LibraryTypes.IP_ADDRESS, LibraryTypeSamples.ipAddresses());
        }
    }

    @Nested
    class HostFlowWindowsOfAHost extends MutableBase<HostFlowWindows> {
        HostFlowWindowsOfAHost() {
            super(LibraryTypes.HOST_FLOW_WINDOWS, LibraryTypeSamples.hostFlowWindows());
        }
    }

    @Nested
    class PortActivityWindows extends MutableBase<PortActivityDetector.Window> {
        PortActivityWindows() {
            super(LibraryTypes.PORT_ACTIVITY_WINDOW, LibraryTypeSamples.portActivityWindows());
        }
    }

    @Nested
    class P2pBehaviourWindows extends MutableBase<P2pBehaviourDetector.Window> {
        P2pBehaviourWindows() {
            super(LibraryTypes.P2P_BEHAVIOUR_WINDOW, LibraryTypeSamples.p2pBehaviourWindows());
        }
    }

    @Nested
    class InternalScanWindows extends MutableBase<InternalScanDetector.Window> {
        InternalScanWindows() {
            super(LibraryTypes.INTERNAL_SCAN_WINDOW, LibraryTypeSamples.internalScanWindows());
        }
    }

    @Nested
    class TunnelWindows extends MutableBase<TunnelWindow> {
        TunnelWindows() {
            super(LibraryTypes.TUNNEL_WINDOW, LibraryTypeSamples.tunnelWindows());
        }
    }

    @Nested
    class VolumeMeters extends MutableBase<VolumeMeter> {
        VolumeMeters() {
            super(LibraryTypes.VOLUME_METER, LibraryTypeSamples.volumeMeters());
        }
    }

    @Nested
    class VolumeSamples extends Base<VolumeSample> {
        VolumeSamples() {
            super(LibraryTypes.VOLUME_SAMPLE, LibraryTypeSamples.volumeSamples());
        }
    }

    @Nested
    class VolumeWindows extends MutableBase<VolumeWindow> {
        VolumeWindows() {
            super(LibraryTypes.VOLUME_WINDOW, LibraryTypeSamples.volumeWindows());
        }
    }

    @Nested
    class VolumeBaselines extends MutableBase<VolumeBaseline> {
        VolumeBaselines() {
            super(LibraryTypes.VOLUME_BASELINE, LibraryTypeSamples.volumeBaselines());
        }
    }

    @Nested
    class LinkTrends extends MutableBase<LinkTrend> {
        LinkTrends() {
            super(LibraryTypes.LINK_TREND, LibraryTypeSamples.linkTrends());
        }
    }

    @Nested
    class FlowKeys extends Base<CanonicalFlowKey> {
        FlowKeys() {
            super(LibraryTypes.FLOW_KEY, LibraryTypeSamples.flowKeys());
        }
    }

    @Nested
    class FlowStates extends MutableBase<FlowState> {
        FlowStates() {
            super(LibraryTypes.FLOW_STATE, LibraryTypeSamples.flowStates());
        }
    }

    @Nested
    class Flows extends MutableBase<Flow> {
        Flows() {
            super(LibraryTypes.FLOW, LibraryTypeSamples.flows());
        }
    }

    @Nested
    class DnsObservations extends Base<io.peerwatch.dns.DnsObservation> {
        DnsObservations() {
            super(LibraryTypes.DNS_OBSERVATION, LibraryTypeSamples.dnsObservations());
        }
    }

    @Nested
    class EchoObservations extends Base<io.peerwatch.detect.EchoObservation> {
        EchoObservations() {
            super(LibraryTypes.ECHO_OBSERVATION, LibraryTypeSamples.echoObservations());
        }
    }

    @Nested
    class DnsTunnelWindows extends MutableBase<io.peerwatch.detect.DnsTunnelDetector.Window> {
        DnsTunnelWindows() {
            super(LibraryTypes.DNS_TUNNEL_WINDOW, LibraryTypeSamples.dnsTunnelWindows());
        }
    }

    @Nested
    class IcmpTunnelWindows extends MutableBase<io.peerwatch.detect.IcmpTunnelDetector.Window> {
        IcmpTunnelWindows() {
            super(LibraryTypes.ICMP_TUNNEL_WINDOW, LibraryTypeSamples.icmpTunnelWindows());
        }
    }

    @Nested
    class P2pCorroborationWindows extends MutableBase<io.peerwatch.detect.P2pCorroborationDetector.Window> {
        P2pCorroborationWindows() {
            super(LibraryTypes.P2P_CORROBORATION_WINDOW, LibraryTypeSamples.p2pCorroborationWindows());
        }
    }
}
