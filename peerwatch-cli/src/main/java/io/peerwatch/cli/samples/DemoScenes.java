package io.peerwatch.cli.samples;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The sample scenes, recast for {@code peerwatch demo}: the office minute of the sample capture
 * with hosts of the demo's network in its parts, the sample proxy hour with its incidents in its
 * first minutes, the sample flow scenario as flow records, and one SSH session on the HTTPS port.
 * Every payload comes from the same specification-based builders as the committed samples
 * ({@link P2pPayloads}, {@link Payloads}).
 */
public final class DemoScenes {

    /** Link type of {@link Frame} bytes: Ethernet (LINKTYPE_ETHERNET). */
    public static final int LINK_TYPE = PcapWriter.LINKTYPE_ETHERNET;

    /** One Ethernet frame and when it was captured (microseconds since the epoch). */
    public record Frame(long timeMicros, byte[] bytes) {
    }

    /**
     * Who plays which part of the office minute (dotted IPv4 addresses): a BitTorrent, a Gnutella
     * (searching for confidential files) and an eDonkey client, a DNS and an ICMP tunnel, and
     * three benign hosts (web page, HTTPS mail, ping of the gateway).
     */
    public record Cast(String bittorrent, String gnutella, String edonkey, String dnsTunnel, String icmpTunnel, String web,
            String https, String ping) {
    }

    /** The sample flow scenario's hosts (samples/LABELS.md): BitTorrent, eDonkey, the Gnutella LAN sweep. */
    public static final String FLOW_BITTORRENT = FlowScenario.BITTORRENT.toString();
    /** See {@link #FLOW_BITTORRENT}. */
    public static final String FLOW_EDONKEY = FlowScenario.EDONKEY.toString();
    /** See {@link #FLOW_BITTORRENT}: a Gnutella client probing the LAN on 6346. */
    public static final String FLOW_SCANNER = FlowScenario.SCANNER.toString();
    /** The flow scenario's benign workstations. */
    public static final List<String> FLOW_WORKSTATIONS = workstations();
    /** The flow scenario's length: it repeats this often. */
    public static final long FLOW_SCENARIO_MS = FlowScenario.MINUTES * 60_000L;

    /** The proxy hour's clients (samples/LABELS.md) and what each does. */
    public static final String PROXY_CONNECT_P2P = "10.10.3.22";
    /** See {@link #PROXY_CONNECT_P2P}: downloads a large mp3 (and browses). */
    public static final String PROXY_MEDIA = "10.10.3.31";
    /** See {@link #PROXY_CONNECT_P2P}: GNU httptunnel. */
    public static final String PROXY_HTTPTUNNEL = "10.10.3.40";
    /** See {@link #PROXY_CONNECT_P2P}: fetches from a blacklisted host (and browses). */
    public static final String PROXY_BLACKLISTED = "10.10.3.33";
    /** See {@link #PROXY_CONNECT_P2P}: searches for confidential files. */
    public static final String PROXY_SEARCH = "10.10.3.42";
    /** See {@link #PROXY_CONNECT_P2P}: crosses the hourly quota. */
    public static final String PROXY_QUOTA = "10.10.3.50";
    /** See {@link #PROXY_CONNECT_P2P}: the browsing users without an incident. */
    public static final List<String> PROXY_BROWSERS = List.of("10.10.3.30", "10.10.3.32", "10.10.3.34", "10.10.3.35");
    /** The resolver and gateway of the capture. */
    public static final List<String> INFRASTRUCTURE = List.of(OfficeCapture.RESOLVER.toString(), OfficeCapture.GATEWAY.toString());
    /** The sample blacklist (hosts-file format) naming the proxy hour's blacklisted host. */
    public static final String BLACKLIST = SampleFiles.BLACKLIST;

    private DemoScenes() {
    }

    private static List<String> workstations() {
        List<String> out = new ArrayList<>();
        for (int h = 0; h < FlowScenario.WORKSTATIONS; h++) {
            out.add("10.10.2." + (30 + h));
        }
        return List.copyOf(out);
    }

    /** The sample capture's office minute starting at {@code startMicros}, with {@code cast} in its parts. */
    public static List<Frame> officeMinute(long startMicros, long seed, Cast cast) {
        OfficeCapture.Roles r = new OfficeCapture.Roles(Ip.of(cast.bittorrent()), Ip.of(cast.gnutella()), Ip.of(cast.edonkey()),
                Ip.of(cast.dnsTunnel()), Ip.of(cast.icmpTunnel()), Ip.of(cast.web()), Ip.of(cast.https()), Ip.of(cast.ping()));
        return frames(OfficeCapture.minute(startMicros, seed, r));
    }

    /**
     * An SSH session on port 443 (a tunnel dressed as HTTPS): both version lines (RFC 4253 4.2),
     * then opaque binary packets both ways.
     */
    public static List<Frame> sshOnHttpsPort(long startMicros, long seed, String host, String server, int clientPort) {
        Random rnd = new Random(seed);
        Capture cap = new Capture();
        Capture.Tcp c = cap.connect(startMicros, Ip.of(host), clientPort, Ip.of(server), 443);
        c.fromServer(Payloads.sshVersion("OpenSSH_9.2p1 Debian-2")).fromClient(Payloads.sshVersion("OpenSSH_9.6"));
        for (int i = 0; i < 6; i++) {
            c.fromClient(Wire.random(rnd, 300 + rnd.nextInt(900))).fromServer(Wire.random(rnd, 1_000 + rnd.nextInt(20_000)));
        }
        c.close();
        return frames(cap);
    }

    private static List<Frame> frames(Capture cap) {
        List<Frame> out = new ArrayList<>(cap.frames());
        cap.forEach((t, f) -> out.add(new Frame(t, f)));
        return out;
    }

    /** The sample proxy hour from {@code startMs}, Squid native lines in time order, incidents in its first minutes. */
    public static List<String> proxyHour(long startMs, long seed) {
        return SquidLog.hour(startMs, seed, SquidLog.EARLY);
    }

    /**
     * The sample flow scenario's five minutes from {@code startMs} as the unidirectional records a
     * NetFlow exporter sends (one per direction that carried packets), in connection order.
     */
    public static List<FlowRecord> flowScenario(long startMs, long seed) {
        List<FlowRecord> out = new ArrayList<>();
        for (Conn c : FlowScenario.connections(startMs, seed)) {
            out.add(record(c.startMs(), c.endMs(), c.orig(), c.origPort(), c.resp(), c.respPort(), c.proto(), c.origFlags(),
                    c.origPkts(), c.origIpBytes()));
            if (c.respPkts() > 0) {
                out.add(record(c.startMs(), c.endMs(), c.resp(), c.respPort(), c.orig(), c.origPort(), c.proto(), c.respFlags(),
                        c.respPkts(), c.respIpBytes()));
            }
        }
        return out;
    }

    private static FlowRecord record(long start, long end, Ip src, int sport, Ip dst, int dport, int proto, int flags,
            long pkts, long bytes) {
        return FlowRecord.builder().time(start, end)
                .src(IpAddress.of(src.bytes()), sport).dst(IpAddress.of(dst.bytes()), dport).ipProtocol(proto)
                .tcpFlags(flags).counters(pkts, bytes).sourceKind(FlowSourceKind.GENERATED).build();
    }
}
