package io.peerwatch.job.types;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.detect.DnsTunnelDetector;
import io.peerwatch.detect.EchoObservation;
import io.peerwatch.detect.IcmpTunnelDetector;
import io.peerwatch.detect.InternalScanDetector;
import io.peerwatch.detect.P2pCorroborationDetector;
import io.peerwatch.dns.DnsObservation;
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
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;

/**
 * Flink type information of every library type that travels between the job's operators or
 * sits in its state: the one place operators take their {@code returns(...)} and state
 * descriptor types from. Every entry is a {@link LibraryTypeInfo} over a {@link LibraryCodec}
 * (value types in {@link ValueCodecs}, state in {@link StateCodecs}), so nothing on the job's path
 * falls back to Kryo and the job runs with generic types disabled.
 *
 * <p>A new library type gets a codec class (public, no-argument constructor, format version 1)
 * and an entry here; {@code LibrarySerializersTest} then covers it with Flink's serializer test
 * base and a stored snapshot.
 */
public final class LibraryTypes {

    private LibraryTypes() {
    }

    /** Flow records (NetFlow/IPFIX, flow files, flows derived from packets). */
    public static final TypeInformation<FlowRecord> FLOW_RECORD = LibraryTypeInfo.of(new ValueCodecs.FlowRecords());
    /** Proxy-log requests. */
    public static final TypeInformation<ProxyRecord> PROXY_RECORD = LibraryTypeInfo.of(new ValueCodecs.ProxyRecords());
    /** Packet events. */
    public static final TypeInformation<PacketEvent> PACKET_EVENT = LibraryTypeInfo.of(new ValueCodecs.PacketEvents());
    /** Alerts, before and after suppression. */
    public static final TypeInformation<Alert> ALERT = LibraryTypeInfo.of(new ValueCodecs.Alerts());
    /** Input the job could not use. */
    public static final TypeInformation<DeadLetter> DEAD_LETTER = LibraryTypeInfo.of(new ValueCodecs.DeadLetters());
    /** Addresses: the flow-window operator's key (a host). */
    public static final TypeInformation<IpAddress> IP_ADDRESS = LibraryTypeInfo.of(new ValueCodecs.IpAddresses());

    /** DNS queries and responses seen in packets (DNS-tunnel windows). */
    public static final TypeInformation<DnsObservation> DNS_OBSERVATION = LibraryTypeInfo.of(new ValueCodecs.DnsObservations());
    /** ICMP echoes seen in packets (ICMP-tunnel windows). */
    public static final TypeInformation<EchoObservation> ECHO_OBSERVATION = LibraryTypeInfo.of(new ValueCodecs.EchoObservations());
    /** Accumulator of the DNS-tunnel window (host, registered domain). */
    public static final TypeInformation<DnsTunnelDetector.Window> DNS_TUNNEL_WINDOW =
            LibraryTypeInfo.of(new StateCodecs.DnsTunnelWindows());
    /** Accumulator of the ICMP-tunnel window (host pair). */
    public static final TypeInformation<IcmpTunnelDetector.Window> ICMP_TUNNEL_WINDOW =
            LibraryTypeInfo.of(new StateCodecs.IcmpTunnelWindows());
    /** Accumulator of the encrypted-P2P corroboration window (host). */
    public static final TypeInformation<P2pCorroborationDetector.Window> P2P_CORROBORATION_WINDOW =
            LibraryTypeInfo.of(new StateCodecs.P2pCorroborationWindows());

    /** Accumulator of the P2P port-table window. */
    public static final TypeInformation<PortActivityDetector.Window> PORT_ACTIVITY_WINDOW =
            LibraryTypeInfo.of(new StateCodecs.PortActivityWindows());
    /** Accumulator of the P2P behaviour window. */
    public static final TypeInformation<P2pBehaviourDetector.Window> P2P_BEHAVIOUR_WINDOW =
            LibraryTypeInfo.of(new StateCodecs.P2pBehaviourWindows());
    /** Accumulator of the internal-scan window. */
    public static final TypeInformation<InternalScanDetector.Window> INTERNAL_SCAN_WINDOW =
            LibraryTypeInfo.of(new StateCodecs.InternalScanWindows());
    /** The flow-window operator's keyed state: a host's open windows of every flow-window detector. */
    public static final TypeInformation<HostFlowWindows> HOST_FLOW_WINDOWS =
            LibraryTypeInfo.of(new StateCodecs.HostFlowWindowsCodec());
    /** Accumulator of the HTTP-tunnel shape window. */
    public static final TypeInformation<TunnelWindow> TUNNEL_WINDOW = LibraryTypeInfo.of(new StateCodecs.TunnelWindows());
    /** Per user and address volume state. */
    public static final TypeInformation<VolumeMeter> VOLUME_METER = LibraryTypeInfo.of(new StateCodecs.VolumeMeters());

    /** One record's volume for one subject (flow host, proxy address or user). */
    public static final TypeInformation<VolumeSample> VOLUME_SAMPLE = LibraryTypeInfo.of(new ValueCodecs.VolumeSamples());
    /** A subject's or the site's volume in a window. */
    public static final TypeInformation<VolumeWindow> VOLUME_WINDOW = LibraryTypeInfo.of(new StateCodecs.VolumeWindows());
    /** A subject's or the site's learned volume baseline. */
    public static final TypeInformation<VolumeBaseline> VOLUME_BASELINE = LibraryTypeInfo.of(new StateCodecs.VolumeBaselines());
    /** The site link's recent utilisation. */
    public static final TypeInformation<LinkTrend> LINK_TREND = LibraryTypeInfo.of(new StateCodecs.LinkTrends());

    /** The packet operator's key: a flow's direction-free key. */
    public static final TypeInformation<CanonicalFlowKey> FLOW_KEY = LibraryTypeInfo.of(new StateCodecs.FlowKeys());
    /** The packet operator's keyed state: the library's per-flow state, engine scratch included. */
    public static final TypeInformation<FlowState> FLOW_STATE = LibraryTypeInfo.of(new StateCodecs.FlowStates());
    /** Ended packet flows with their verdicts. */
    public static final TypeInformation<Flow> FLOW = LibraryTypeInfo.of(new StateCodecs.Flows());

    /** A decoded input value, or the dead letter of an input that could not be decoded. */
    public static <T> TypeInformation<Either<T, DeadLetter>> decoded(TypeInformation<T> value) {
        return new EitherTypeInfo<>(value, DEAD_LETTER);
    }
}
