package io.peerwatch.job.types;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.core.Severity;
import io.peerwatch.detect.DnsTunnelConfig;
import io.peerwatch.detect.DnsTunnelDetector;
import io.peerwatch.detect.EchoObservation;
import io.peerwatch.detect.IcmpTunnelConfig;
import io.peerwatch.detect.IcmpTunnelDetector;
import io.peerwatch.detect.InternalScanConfig;
import io.peerwatch.detect.InternalScanDetector;
import io.peerwatch.detect.P2pBehaviourConfig;
import io.peerwatch.detect.P2pBehaviourDetector;
import io.peerwatch.detect.P2pCorroborationConfig;
import io.peerwatch.detect.P2pCorroborationDetector;
import io.peerwatch.dns.DnsObservation;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.detect.proxy.TunnelConfig;
import io.peerwatch.detect.proxy.TunnelDetector;
import io.peerwatch.detect.proxy.TunnelWindow;
import io.peerwatch.flow.CanonicalFlowKey;
import io.peerwatch.flow.EndReason;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowState;
import io.peerwatch.flow.FlowTracker;
import io.peerwatch.job.operators.FlowWindows;
import io.peerwatch.job.operators.HostFlowWindows;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.ports.PortTable;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.volume.VolumeConfig;
import io.peerwatch.volume.VolumeDetector;
import io.peerwatch.volume.LinkTrend;
import io.peerwatch.volume.VolumeBaseline;
import io.peerwatch.volume.VolumeKey;
import io.peerwatch.volume.VolumeMeter;
import io.peerwatch.volume.VolumeSample;
import io.peerwatch.volume.VolumeWindow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Fixed sample values of every library type the job serializes, from the smallest to ones with
 * every optional field set and state with some of everything. Deterministic: the stored
 * serializer snapshots ({@code src/test/resources/serializer-snapshots}) hold these values.
 */
final class LibraryTypeSamples {

    static final long T0 = 1_795_600_000_000L;
    static final IpAddress HOST = IpAddress.parse("10.0.0.5");
    static final IpAddress V6 = IpAddress.parse("2001:db8::17");

    private LibraryTypeSamples() {
    }

    static FlowRecord[] flowRecords() {
        return new FlowRecord[] {
            FlowRecord.builder().src(HOST, 0).dst(IpAddress.parse("10.0.0.6"), 0).build(),
            FlowRecord.builder().exporter(IpAddress.parse("127.0.0.1")).observationDomain(4_000_000_000L)
                    .time(T0, T0 + 61_000).src(HOST, 51413).dst(IpAddress.parse("198.18.1.12"), 6881)
                    .ipProtocol(IpProtocol.TCP).tcpFlags(0x1b).counters(1_234, 9_876_543_210L).interfaces(3, 65_535)
                    .direction(FlowDirection.EGRESS).samplingRate(100).sourceKind(FlowSourceKind.IPFIX).build(),
            FlowRecord.builder().time(T0, T0).src(V6, 65_535).dst(IpAddress.parse("2001:db8::1"), 2048)
                    .ipProtocol(IpProtocol.ICMPV6).counters(1, 64).direction(FlowDirection.INGRESS)
                    .sourceKind(FlowSourceKind.ZEEK_CONN).build(),
        };
    }

    static ProxyRecord[] proxyRecords() {
        return new ProxyRecord[] {
            ProxyRecord.builder(T0, HOST, "GET", "/").build(),
            ProxyRecord.builder(T0 + 5, V6, "CONNECT", "peer.example:6881").user("alice").deriveDestination()
                    .status(200).bytesToClient(123_456).bytesFromClient(7_890).durationMs(60_000)
                    .contentType("application/octet-stream").userAgent("Mozilla/5.0 (X11; Linux) \u00e9t\u00e9")
                    .referer("http://referer.example/").action("TCP_TUNNEL").hierarchy("HIER_DIRECT")
                    .peer("198.18.1.30").requestContentType("text/plain").build(),
            ProxyRecord.builder(T0 + 9, HOST, "POST", "http://files.example/upload?q=\u4e2d").host("files.example")
                    .port(80).status(999).bytesFromClient(0).build(),
        };
    }

    static PacketEvent[] packetEvents() {
        byte[] payload = "\u0013BitTorrent protocol".getBytes(StandardCharsets.ISO_8859_1);
        return new PacketEvent[] {
            PacketEvent.builder().addresses(HOST, IpAddress.parse("10.0.0.6")).build(),
            PacketEvent.builder().timestampNanos(T0 * 1_000_000L + 123).addresses(HOST, IpAddress.parse("198.18.1.12"))
                    .ports(51413, 6881).ipProtocol(IpProtocol.TCP).direction(Direction.CLIENT_TO_SERVER).tcpFlags(0x18)
                    .lengths(1_514, 1_500, 1_448).payloadPrefix(payload).packetIndex(3).sensor("span0").build(),
            PacketEvent.builder().timestampNanos(T0 * 1_000_000L).addresses(V6, IpAddress.parse("2001:db8::1"))
                    .ipProtocol(IpProtocol.ICMPV6).direction(Direction.SERVER_TO_CLIENT).icmp(129, 0, 65_535)
                    .lengths(118, 104, 56).payloadPrefix(new byte[] {0, 1, 2, (byte) 0xff}).build(),
        };
    }

    static Alert[] alerts() {
        return new Alert[] {
            Alert.builder(AlertType.INTERNAL_SCAN, HOST, T0, T0).build(),
            Alert.builder(AlertType.P2P_PORT_ACTIVITY, HOST, T0, T0 + 60_000).user("bob").eventTime(T0 + 59_999)
                    .protocol("BitTorrent").severity(Severity.CRITICAL).confidence(0.5)
                    .evidence(List.of(new Evidence("application", "BitTorrent", 41),
                            new Evidence("port", "6881/tcp BitTorrent \u2192 peers", 3)))
                    .bytes(123_456_789).cost(new java.math.BigDecimal("14.81"), "EUR").distinctPeers(31).identifier("10.0.0.5 BitTorrent")
                    .suppressFor(3_600_000).build(),
            Alert.builder(AlertType.BLACKLISTED_HOST, V6, T0, T0 + 1).confidence(0).severity(Severity.LOW).build(),
            Alert.builder(AlertType.LARGE_MEDIA_DOWNLOAD, HOST, T0 - 1_500, T0 + 1).user("carol")
                    .evidence(List.of(new Evidence("file", "a|b=c\\d\nx.avi", 1)))
                    .bytes(83_886_080).cost(new java.math.BigDecimal("10.0663296"), "AUD")
                    .context(io.peerwatch.notice.AlertContext.builder().sourceIp(HOST).sourcePort(50123)
                            .destinationIp(V6).destinationPort(8080).destinationDomain("media.example")
                            .ipProtocol(6).url("http://media.example:8080/x.avi?q=1").httpMethod("GET")
                            .httpStatus(200).httpRequestBytes(512).httpResponseBytes(83_886_080)
                            .fileName("x.avi").fileSize(83_886_080).build())
                    .build(),
        };
    }

    static DeadLetter[] deadLetters() {
        return new DeadLetter[] {
            DeadLetter.ofRecord("peerwatch.flows", 0, 0, new byte[0], "TRUNCATED", "short", 0),
            DeadLetter.ofRecord("peerwatch.proxy", 3, 1_234_567_890_123L, new byte[] {0, (byte) 0xc3, 0x28, 127},
                    "SCHEMA_MISMATCH", "fingerprint 0x1234 is not ProxyRecord", T0),
            DeadLetter.ofSource("file:proxy-log", "/var/log/squid/access.log", 42,
                    "garbage \u00ff line".getBytes(StandardCharsets.UTF_8), "PARSE", "access.log:42: no timestamp", T0),
            new DeadLetter("udp:netflow", -1, -1, new byte[1000], "INVALID", "m", -5, Optional.of("198.18.0.1"),
                    OptionalLong.empty()),
        };
    }

    /** Flows that give every flow-window accumulator some of everything. */
    static List<FlowRecord> windowFlows() {
        java.util.ArrayList<FlowRecord> out = new java.util.ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            IpAddress peer = IpAddress.parse("10.0.1." + i);
            out.add(FlowRecord.builder().time(T0, T0 + 70_000L * (i % 3)).src(HOST, 40_000 + i).dst(peer, 6346)
                    .ipProtocol(IpProtocol.TCP).tcpFlags(0x02).counters(1, 60).build());
            out.add(FlowRecord.builder().time(T0, T0 + 1_000).src(peer, 6881).dst(HOST, 50_000 + i)
                    .ipProtocol(i % 2 == 0 ? IpProtocol.UDP : IpProtocol.TCP).tcpFlags(0x1b)
                    .counters(40, 400_000L + i).build());
            out.add(FlowRecord.builder().time(T0, T0 + 90_000).src(HOST, 51413).dst(peer, 51_000 + i)
                    .ipProtocol(IpProtocol.TCP).tcpFlags(0x1b).counters(40, 400_000L).build());
        }
        for (int p = 1; p <= 20; p++) {
            out.add(FlowRecord.builder().time(T0, T0 + 10).src(HOST, 40_000).dst(IpAddress.parse("10.0.2.9"), p)
                    .ipProtocol(IpProtocol.TCP).tcpFlags(0x02).counters(1, 60).build());
        }
        out.add(FlowRecord.builder().time(T0, T0 + 10).src(HOST, 0).dst(IpAddress.parse("10.0.2.10"), 8 << 8)
                .ipProtocol(IpProtocol.ICMP).counters(1, 84).build());
        return out;
    }

    static PortActivityDetector.Window[] portActivityWindows() {
        PortActivityDetector d = new PortActivityDetector(PortTable.defaults(), InternalNetworks.defaults(),
                PortActivityDetector.Config.defaults());
        PortActivityDetector.Window full = d.newWindow();
        windowFlows().forEach(f -> d.observe(full, f));
        return new PortActivityDetector.Window[] {d.newWindow(), full};
    }

    static P2pBehaviourDetector.Window[] p2pBehaviourWindows() {
        P2pBehaviourDetector d = new P2pBehaviourDetector(InternalNetworks.defaults(), P2pBehaviourConfig.defaults());
        P2pBehaviourDetector.Window full = d.newWindow();
        windowFlows().forEach(f -> d.observe(full, HOST, f));
        return new P2pBehaviourDetector.Window[] {d.newWindow(), full};
    }

    static InternalScanDetector.Window[] internalScanWindows() {
        InternalScanDetector d = new InternalScanDetector(InternalNetworks.defaults(), InternalScanConfig.defaults());
        InternalScanDetector.Window full = d.newWindow();
        windowFlows().forEach(f -> d.observe(full, HOST, f));
        return new InternalScanDetector.Window[] {d.newWindow(), full};
    }

    static TunnelWindow[] tunnelWindows() {
        TunnelDetector d = new TunnelDetector(TunnelConfig.defaults());
        TunnelWindow polling = new TunnelWindow();
        for (int i = 0; i < 30; i++) {
            d.observe(polling, ProxyRecord.builder(T0 + i * 2_000L, HOST, i % 5 == 0 ? "POST" : "GET",
                    "http://relay.example/index.html?crap=" + i).user(i % 7 == 0 ? "carol" : null).host("relay.example")
                    .port(80).status(200).bytesToClient(300).bytesFromClient(i * 10L).build());
        }
        d.observe(polling, ProxyRecord.builder(T0 + 70_000, HOST, "POST",
                "http://relay.example/tunnel.jsp?cmd=connect&target=10.0.0.5&port=22").host("relay.example").port(80)
                .build());
        return new TunnelWindow[] {new TunnelWindow(), polling};
    }

    static VolumeMeter[] volumeMeters() {
        VolumeDetector d = new VolumeDetector(VolumeConfig.defaults());
        VolumeMeter busy = d.newMeter();
        for (int i = 0; i < 100; i++) {
            d.observe(busy, T0 + i * 97_000L, 1_000_000L + i, i % 2 == 0 ? HOST : V6, i % 3 == 0 ? "dave" : null);
        }
        d.observe(busy, T0 - 2 * 86_400_000L, 5, HOST, null); // late: counted in late()
        return new VolumeMeter[] {d.newMeter(), busy};
    }

    static VolumeSample[] volumeSamples() {
        FlowRecord r = flowRecords()[0];
        java.util.List<VolumeSample> l = new java.util.ArrayList<>(VolumeSample.of(r, io.peerwatch.core.InternalNetworks.defaults(),
                io.peerwatch.ports.PortTable.defaults()));
        l.add(new VolumeSample(VolumeKey.host(HOST), HOST, null, T0, 0, 0, 0, 0, false, "udp/53", "10.0.0.53", false));
        l.add(new VolumeSample(new VolumeKey(VolumeKey.Kind.USER, "dave"), V6, "dave", T0, 5_000_000, 300, 0, 0, true,
                "cdn.example:443", "cdn.example", false));
        l.add(new VolumeSample(VolumeKey.host(V6), V6, null, Long.MAX_VALUE, Long.MAX_VALUE / 2, 1, 2, 3, true, "tcp/6881",
                "198.18.0.1", true));
        return l.toArray(new VolumeSample[0]);
    }

    static VolumeWindow[] volumeWindows() {
        VolumeWindow host = new VolumeWindow("host:" + HOST, T0, 300_000, 4);
        for (VolumeSample s : volumeSamples()) {
            host.add(s);
        }
        for (int i = 0; i < 10; i++) {
            host.add(new VolumeSample(VolumeKey.host(HOST), HOST, null, T0 + i, i, 1000L * i, 1, 1, i % 2 == 0, "tcp/" + (6881 + i),
                    "198.18.0." + i, i % 3 == 0));
        }
        VolumeWindow site = new VolumeWindow(VolumeWindow.SITE, T0, 300_000, 4);
        site.addHost(host, 1);
        return new VolumeWindow[] {new VolumeWindow("user:dave", T0, 60_000, 1), host, site};
    }

    static VolumeBaseline[] volumeBaselines() {
        VolumeBaseline b = new VolumeBaseline();
        io.peerwatch.volume.BaselineConfig c = io.peerwatch.volume.BaselineConfig.defaults();
        for (int i = 0; i < 400; i++) {
            b.learn(T0 + i * c.window().toMillis(), (i % 50) * 1_000_000L, c);
        }
        return new VolumeBaseline[] {new VolumeBaseline(), b};
    }

    static LinkTrend[] linkTrends() {
        LinkTrend t = new LinkTrend(3);
        for (int i = 0; i < 5; i++) {
            t.add(T0 + i * 300_000L, 0.1 * i, 0.05 * i);
        }
        return new LinkTrend[] {new LinkTrend(6), t};
    }

    /** Keys of the flow-window operator: IPv4, IPv6, the extremes. */
    static IpAddress[] ipAddresses() {
        return new IpAddress[] {HOST, V6, IpAddress.parse("0.0.0.0"), IpAddress.parse("255.255.255.255"),
            IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")};
    }

    /** A host with no open window, and one with a window of every detector, two of one. */
    static HostFlowWindows[] hostFlowWindows() {
        HostFlowWindows some = new HostFlowWindows();
        some.add(new HostFlowWindows.Open(FlowWindows.Kind.PORT_ACTIVITY, T0, T0 + 60_000, portActivityWindows()[1]));
        some.add(new HostFlowWindows.Open(FlowWindows.Kind.PORT_ACTIVITY, T0 + 60_000, T0 + 120_000,
                portActivityWindows()[0]));
        some.add(new HostFlowWindows.Open(FlowWindows.Kind.P2P_BEHAVIOUR, T0, T0 + 300_000, p2pBehaviourWindows()[1]));
        some.add(new HostFlowWindows.Open(FlowWindows.Kind.INTERNAL_SCAN, T0 - 300_000, T0, internalScanWindows()[1]));
        return new HostFlowWindows[] {new HostFlowWindows(), some};
    }

    /** The packet sensor's and the job's flow keys of the packet samples (TCP, ICMPv6 echo by id). */
    static CanonicalFlowKey[] flowKeys() {
        PacketEvent[] p = packetEvents();
        return new CanonicalFlowKey[] {CanonicalFlowKey.of(p[0]), CanonicalFlowKey.of(p[1]), CanonicalFlowKey.of(p[2])};
    }

    private static final FlowTracker TRACKER =
            new FlowTracker(new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults()));

    /** A BitTorrent flow that opened with a handshake, both ways (verdict reached), or just begun. */
    private static FlowState[] trackedFlows() {
        IpAddress peer = IpAddress.parse("198.18.1.12");
        byte[] hs = new byte[68];
        hs[0] = 19;
        System.arraycopy("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII), 0, hs, 1, 19);
        for (int i = 0; i < 20; i++) {
            hs[28 + i] = (byte) (0xa0 + i);
        }
        System.arraycopy("-TR4050-abcdefghijkl".getBytes(StandardCharsets.US_ASCII), 0, hs, 48, 20);
        long t = T0 * 1_000_000L;
        PacketEvent syn = PacketEvent.builder().timestampNanos(t).addresses(HOST, peer).ports(51413, 6881)
                .ipProtocol(IpProtocol.TCP).tcpFlags(0x02).lengths(74, 60, 0).build();
        FlowState begun = TRACKER.start(syn, t);
        FlowState matched = TRACKER.start(syn, t);
        TRACKER.add(matched, PacketEvent.builder().timestampNanos(t + 1_000).addresses(peer, HOST).ports(6881, 51413)
                .ipProtocol(IpProtocol.TCP).tcpFlags(0x12).lengths(74, 60, 0).build(), t + 1_000);
        TRACKER.add(matched, PacketEvent.builder().timestampNanos(t + 2_000).addresses(HOST, peer).ports(51413, 6881)
                .ipProtocol(IpProtocol.TCP).tcpFlags(0x18).lengths(122, 108, 68).payloadPrefix(hs).build(), t + 2_000);
        TRACKER.add(matched, PacketEvent.builder().timestampNanos(t + 3_000).addresses(peer, HOST).ports(6881, 51413)
                .ipProtocol(IpProtocol.TCP).tcpFlags(0x18).lengths(122, 108, 68).payloadPrefix(hs).build(), t + 3_000);
        return new FlowState[] {begun, matched};
    }

    /** Per-flow state as the packet operator keeps it. */
    static FlowState[] flowStates() {
        return trackedFlows();
    }

    /** Ended flows, with and without a verdict. */
    static Flow[] flows() {
        FlowState[] s = trackedFlows();
        return new Flow[] {TRACKER.end(s[0], EndReason.IDLE_TIMEOUT), TRACKER.end(s[1], EndReason.END_OF_INPUT)};
    }

    /** A query and a response: ordinary and tunnel-shaped names, IPv4 and IPv6, NXDOMAIN, private type. */
    static DnsObservation[] dnsObservations() {
        IpAddress resolver = IpAddress.parse("10.0.0.53");
        return new DnsObservation[] {
            new DnsObservation(T0, HOST, resolver, false, "www.example.com", 1, 0, 0, 33, "example.com"),
            new DnsObservation(T0 + 5, HOST, resolver, true, "www.example.com", 1, 0, 2, 81, "example.com"),
            new DnsObservation(T0 + 9, V6, resolver, true, "paaaakaq0re3x7ncvb2k.t.tunnel.example.co.uk", 65_399,
                DnsObservation.NXDOMAIN, 0, 1_200, "example.co.uk"),
            new DnsObservation(T0 + 10, V6, resolver, false, "", 16, 0, 0, 17, "")};
    }

    /** Echo requests and replies: a patterned ping, a random tunnel payload, an empty echo. */
    static EchoObservation[] echoObservations() {
        IpAddress peer = IpAddress.parse("10.0.3.1");
        return new EchoObservation[] {
            new EchoObservation(T0, HOST, peer, true, 56, true, 48, 56, 0x1234_5678),
            new EchoObservation(T0 + 3, peer, HOST, false, 1_024, false, 256, 96, -7),
            new EchoObservation(T0 + 4, V6, peer, true, 0, false, 0, 0, 0)};
    }

    /** An empty DNS-tunnel window and one with every observation of {@link #dnsObservations()}, many names. */
    static DnsTunnelDetector.Window[] dnsTunnelWindows() {
        DnsTunnelDetector d = new DnsTunnelDetector(DnsTunnelConfig.defaults(), NoticePolicy.defaults());
        DnsTunnelDetector.Window full = d.newWindow();
        for (DnsObservation o : dnsObservations()) {
            d.observe(full, o);
        }
        for (int i = 0; i < 40; i++) {
            d.observe(full, new DnsObservation(T0 + 100 + i, HOST, IpAddress.parse("10.0.0.53"), i % 2 == 1,
                    "a" + Integer.toString(i * 7919, 36) + "q9x" + i + ".t.tunnel.example", 10, i % 5 == 0 ? 3 : 0,
                    i % 2, 40 + 9 * i, "tunnel.example"));
        }
        return new DnsTunnelDetector.Window[] {d.newWindow(), full};
    }

    /** An empty ICMP-tunnel window and one with the echoes of {@link #echoObservations()} and more. */
    static IcmpTunnelDetector.Window[] icmpTunnelWindows() {
        IcmpTunnelDetector d = new IcmpTunnelDetector(InternalNetworks.defaults(), IcmpTunnelConfig.defaults(),
                NoticePolicy.defaults());
        IcmpTunnelDetector.Window full = d.newWindow();
        for (EchoObservation o : echoObservations()) {
            d.observe(full, o);
        }
        for (int i = 0; i < 30; i++) {
            d.observe(full, new EchoObservation(T0 + 10 + i, HOST, IpAddress.parse("10.0.3.1"), i % 2 == 0,
                    64 + 31 * i, false, 200 + i, 64, i * 104_729));
        }
        return new IcmpTunnelDetector.Window[] {d.newWindow(), full};
    }

    /** An empty corroboration window and one with the ended flows of {@link #flows()}. */
    static P2pCorroborationDetector.Window[] p2pCorroborationWindows() {
        P2pCorroborationDetector d = new P2pCorroborationDetector(InternalNetworks.defaults(),
                P2pCorroborationConfig.defaults(), NoticePolicy.defaults());
        P2pCorroborationDetector.Window full = d.newWindow();
        for (Flow f : flows()) {
            if (d.keyOf(f).isPresent()) { // the job's CorroborationFlows passes only these
                d.observe(full, f);
            }
        }
        return new P2pCorroborationDetector.Window[] {d.newWindow(), full};
    }
}
