package io.peerwatch.cli;

import io.peerwatch.cli.samples.DemoScenes;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.volume.BaselineConfig;
import io.peerwatch.volume.VolumeWindow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The demo's simulated corporate network and its traffic, generated in simulated time and handed
 * out in time order as flow records, Ethernet frames and proxy-log lines.
 *
 * <ul>
 * <li><b>Hosts</b> 10.20.0.0/16 (as many as asked): they browse the web and resolve names with a
 * daily rhythm (busy in office hours, quiet at night; the network's day starts at 09:00 when the
 * demo starts), as flow records. About 6 % run a P2P client, spread over BitTorrent, Gnutella,
 * eDonkey, Direct Connect, FastTrack and WinMX: two each of the first three are seen as packets
 * (the sample capture's office minute, {@link DemoScenes#officeMinute}, recast with them, every
 * {@link #EPISODE_MS}), the rest as flow records on their ports and on random high ports. Among
 * the others: a DNS tunnel and an ICMP tunnel (packets, in the same minute), an SSH session on the
 * HTTPS port (packets), and one host whose downloads jump once its baseline has warmed up.</li>
 * <li><b>The sample flow scenario</b> (10.10.2.0/24, {@link DemoScenes#flowScenario}) every five
 * minutes: workstations, a BitTorrent and an eDonkey client, a Gnutella client sweeping the LAN.</li>
 * <li><b>The sample proxy hour</b> (10.10.3.0/24, {@link DemoScenes#proxyHour}) every hour, its
 * incidents in its first minutes: a CONNECT to a Gnutella port, a large mp3, GNU httptunnel, a
 * blacklisted host, a search for confidential files, a user over the hourly quota.</li>
 * </ul>
 * Outside addresses are from the documentation and benchmarking ranges (203.0.113.0/24,
 * 198.18.0.0/15), never real hosts. Deterministic for a given seed and start time. Not
 * thread-safe.
 */
final class DemoNetwork {

    /** What a simulated host does; the demo's summary compares it with what was alerted. */
    enum Role {
        BENIGN, P2P, DNS_TUNNEL, ICMP_TUNNEL, SSH_TUNNEL, PROXY_TUNNEL, LARGE_MEDIA, QUOTA, BANDWIDTH_JUMP, LAN_SCANNER,
        BLACKLISTED_SITE, CONFIDENTIAL_SEARCH, INFRASTRUCTURE;

        /** Whether the host runs a P2P client (the Gnutella LAN scanner does). */
        boolean p2p() {
            return this == P2P || this == LAN_SCANNER;
        }
    }

    /** One simulated host: address, role, P2P client or other detail, and the input it is seen in. */
    record Member(String address, Role role, String detail, String input) {
    }

    /** Receives the generated traffic in time order (per kind). */
    interface Sink {
        void flow(FlowRecord f);

        void frame(long timeMicros, byte[] ethernetFrame);

        void proxyLine(String squidNativeLine, long lineNumber);
    }

    /** Share of the 10.20.0.0/16 hosts that run a P2P client. */
    static final double P2P_SHARE = 0.06;
    /**
     * Web and DNS flows per benign host and simulated second, in office hours: low enough that the
     * job keeps up with 1,000 hosts at x30 on two busy cores.
     */
    static final double BENIGN_FLOWS_PER_HOST_SECOND = 0.01;
    /** Peer flows per P2P host and simulated second (a client's peer churn). */
    static final double P2P_FLOWS_PER_HOST_SECOND = 0.25;
    /** Mean bytes of a web response (uniform 2 kB .. 400 kB). */
    static final long MEAN_WEB_RESPONSE = 201_000;
    /** Mean bytes of a P2P flow (uniform 10 kB .. 200 kB). */
    static final long MEAN_P2P_FLOW = 105_000;
    /** Share of benign flows that are DNS lookups. */
    static final double DNS_SHARE = 0.15;
    /** The packet scenes (office minute, SSH session) repeat this often. */
    static final long EPISODE_MS = 120_000;
    /** The jumping host's extra downloads per simulated second once it jumps, and their size range. */
    static final double JUMP_DOWNLOADS_PER_SECOND = 0.3;
    static final int JUMP_DOWNLOAD_MIN = 2_000_000;
    static final int JUMP_DOWNLOAD_SPREAD = 2_000_000;
    /**
     * The jumping host also polls a server this often from the demo's first second (a mail or
     * sync client): its baseline then starts in the demo's first window, so the jump, a warm-up
     * after that window, always meets a warm baseline. Without it the host's first window was
     * wherever its first random flow fell, and a jump that came before its own warm-up ended was
     * learned as its normal (the demo then lacked a spike about one run in six).
     */
    static final long JUMPER_POLL_MS = 60_000;
    /** Hour of the network's day at the demo's start. */
    static final int START_HOUR = 9;

    private enum Client {
        BITTORRENT("BitTorrent"), GNUTELLA("Gnutella"), EDONKEY("eDonkey"), DIRECT_CONNECT("Direct Connect"),
        FASTTRACK("FastTrack"), WINMX("WinMX");

        final String label;

        Client(String label) {
            this.label = label;
        }
    }

    /** A 10.20 host: address, P2P client (null: none), whether its P2P is seen as packets. */
    private record Host(IpAddress address, Client p2p, boolean packets) {
    }

    private record Pending(long timeMs, long order, Object item, long line) {
    }

    private final List<Host> hosts = new ArrayList<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Random rnd;
    private final long seed;
    private final long startMs;
    private final long jumpAtMs;
    private final long firstSecond;
    private final IpAddress resolver = IpAddress.parse("10.20.0.2");
    /** The server the jumping host's background client polls. */
    private static final IpAddress SYNC_SERVER = IpAddress.parse("203.0.113.201");
    private final Host jumper;
    private final List<Host> packetP2p = new ArrayList<>();
    private final List<Host> benignPacketHosts = new ArrayList<>();
    private final String dnsTunnel;
    private final String icmpTunnel;
    private final String sshTunnel;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> a.timeMs() != b.timeMs()
            ? Long.compare(a.timeMs(), b.timeMs()) : Long.compare(a.order(), b.order()));
    private long order;
    private long nextSecond;
    private long nextEpisode;
    private long nextFlowScenario;
    private long nextProxyHour;
    private long proxyLine;
    private int episode;

    /**
     * @param hostCount hosts in 10.20.0.0/16 (at least 20)
     * @param startMs simulated start time
     * @param baseline the volume baseline's settings: the jump comes at {@link #jumpAt} of these
     */
    DemoNetwork(int hostCount, long seed, long startMs, BaselineConfig baseline) {
        if (hostCount < 20 || hostCount > 60_000) {
            throw new IllegalArgumentException("--hosts must be 20..60000, got " + hostCount);
        }
        this.rnd = new Random(seed);
        this.seed = seed;
        this.startMs = startMs;
        this.jumpAtMs = jumpAt(startMs, baseline);
        this.firstSecond = startMs / 1000 * 1000;
        int p2pCount = Math.max(Client.values().length, (int) Math.round(hostCount * P2P_SHARE));
        int stride = hostCount / p2pCount;
        Client[] kinds = Client.values();
        List<Host> all = new ArrayList<>(hostCount);
        for (int i = 0; i < hostCount; i++) {
            all.add(new Host(IpAddress.ofV4(0x0A140000 | (((i / 250) + 1) << 8) | (i % 250 + 1)), null, false));
        }
        for (int k = 0; k < p2pCount; k++) {
            int i = k * stride + stride / 2;
            Client c = kinds[k % kinds.length];
            boolean packets = k < 2 * kinds.length && c.ordinal() < 3; // two each of BitTorrent, Gnutella, eDonkey
            all.set(i, new Host(all.get(i).address(), c, packets));
        }
        hosts.addAll(all);
        List<Host> benign = hosts.stream().filter(h -> h.p2p() == null).toList();
        // roles among the hosts without P2P, spread over the address range
        int step = benign.size() / 8;
        dnsTunnel = benign.get(step).address().toString();
        icmpTunnel = benign.get(2 * step).address().toString();
        sshTunnel = benign.get(3 * step).address().toString();
        jumper = benign.get(4 * step);
        for (int i = 0; i < 6; i++) {
            benignPacketHosts.add(benign.get(5 * step + i));
        }
        for (Host h : hosts) {
            String a = h.address().toString();
            if (h.p2p() != null) {
                members.put(a, new Member(a, Role.P2P, h.p2p().label, h.packets() ? "packets" : "flows"));
                if (h.packets()) {
                    packetP2p.add(h);
                }
            } else if (a.equals(dnsTunnel)) {
                members.put(a, new Member(a, Role.DNS_TUNNEL, "iodine-style NULL queries", "packets"));
            } else if (a.equals(icmpTunnel)) {
                members.put(a, new Member(a, Role.ICMP_TUNNEL, "opaque echo data", "packets"));
            } else if (a.equals(sshTunnel)) {
                members.put(a, new Member(a, Role.SSH_TUNNEL, "SSH on port 443", "packets"));
            } else if (h == jumper) {
                members.put(a, new Member(a, Role.BANDWIDTH_JUMP, "downloads jump", "flows"));
            } else {
                members.put(a, new Member(a, Role.BENIGN, "", benignPacketHosts.contains(h) ? "flows, packets" : "flows"));
            }
        }
        for (String w : DemoScenes.FLOW_WORKSTATIONS) {
            members.put(w, new Member(w, Role.BENIGN, "", "flows"));
        }
        members.put(DemoScenes.FLOW_BITTORRENT, new Member(DemoScenes.FLOW_BITTORRENT, Role.P2P, "BitTorrent", "flows"));
        members.put(DemoScenes.FLOW_EDONKEY, new Member(DemoScenes.FLOW_EDONKEY, Role.P2P, "eDonkey", "flows"));
        members.put(DemoScenes.FLOW_SCANNER, new Member(DemoScenes.FLOW_SCANNER, Role.LAN_SCANNER, "Gnutella", "flows"));
        for (String b : DemoScenes.PROXY_BROWSERS) {
            members.put(b, new Member(b, Role.BENIGN, "", "proxy"));
        }
        members.put(DemoScenes.PROXY_CONNECT_P2P, new Member(DemoScenes.PROXY_CONNECT_P2P, Role.PROXY_TUNNEL,
                "CONNECT to a Gnutella port", "proxy"));
        members.put(DemoScenes.PROXY_HTTPTUNNEL, new Member(DemoScenes.PROXY_HTTPTUNNEL, Role.PROXY_TUNNEL, "GNU httptunnel",
                "proxy"));
        members.put(DemoScenes.PROXY_MEDIA, new Member(DemoScenes.PROXY_MEDIA, Role.LARGE_MEDIA, "a large mp3", "proxy"));
        members.put(DemoScenes.PROXY_BLACKLISTED, new Member(DemoScenes.PROXY_BLACKLISTED, Role.BLACKLISTED_SITE,
                "a blacklisted host", "proxy"));
        members.put(DemoScenes.PROXY_SEARCH, new Member(DemoScenes.PROXY_SEARCH, Role.CONFIDENTIAL_SEARCH,
                "searches for confidential files", "proxy"));
        members.put(DemoScenes.PROXY_QUOTA, new Member(DemoScenes.PROXY_QUOTA, Role.QUOTA, "over the hourly quota", "proxy"));
        members.put(resolver.toString(), new Member(resolver.toString(), Role.INFRASTRUCTURE, "resolver", "flows"));
        for (String i : DemoScenes.INFRASTRUCTURE) {
            members.put(i, new Member(i, Role.INFRASTRUCTURE, "resolver/gateway", "packets"));
        }
        nextSecond = firstSecond;
        nextEpisode = nextSecond;
        nextFlowScenario = nextSecond;
        nextProxyHour = nextSecond;
    }

    /**
     * When the jumping host's downloads jump: the start of the first window after the baseline's
     * warm-up, counted from the window of the demo's first second (where the host's baseline
     * starts, see {@link #JUMPER_POLL_MS}).
     *
     * @param startMs simulated start time
     * @param baseline the window and warm-up
     * @return simulated time of the jump, on a window boundary
     */
    static long jumpAt(long startMs, BaselineConfig baseline) {
        long windowMs = baseline.window().toMillis();
        long firstWindow = VolumeWindow.windowStart(startMs / 1000 * 1000, windowMs);
        long warmUp = baseline.warmUp().toMillis();
        return firstWindow + (warmUp + windowMs - 1) / windowMs * windowMs;
    }

    /** When the jumping host's downloads jump (simulated). */
    long jumpAtMs() {
        return jumpAtMs;
    }

    /** The jumping host's address. */
    String jumper() {
        return jumper.address().toString();
    }

    /** Every simulated host by address, with its role. */
    Map<String, Member> members() {
        return Collections.unmodifiableMap(members);
    }

    /**
     * Mean bytes per second into the site in office hours, without the jumping host's extra
     * downloads: web responses and half of the P2P flows (the other half is the P2P hosts'
     * uploads).
     */
    double meanInboundBytesPerSecond() {
        long benign = hosts.stream().filter(h -> h.p2p() == null).count();
        long p2pFlows = hosts.stream().filter(h -> h.p2p() != null && !h.packets()).count();
        return benign * BENIGN_FLOWS_PER_HOST_SECOND * (1 - DNS_SHARE) * MEAN_WEB_RESPONSE
                + p2pFlows * P2P_FLOWS_PER_HOST_SECOND * MEAN_P2P_FLOW / 2.0;
    }

    /** The rhythm of the network's day: share of the office-hours rate at simulated time {@code ms}. */
    double rhythm(long ms) {
        double hour = (START_HOUR + (ms - startMs) / 3_600_000.0) % 24;
        if (hour >= 9 && hour < 17) {
            return 1.0;
        }
        if (hour >= 7 && hour < 9 || hour >= 17 && hour < 19) {
            return 0.5;
        }
        return 0.1;
    }

    /** Hands out everything generated before simulated time {@code untilMs}, in time order. */
    void advanceTo(long untilMs, Sink out) {
        while (nextSecond + 1000 <= untilMs) {
            schedule(nextSecond);
            second(nextSecond, out);
            release(nextSecond + 1000, out);
            nextSecond += 1000;
        }
    }

    private void schedule(long now) {
        if (now >= nextEpisode) {
            Host bt = packetP2p(Client.BITTORRENT);
            Host gnu = packetP2p(Client.GNUTELLA);
            Host ed = packetP2p(Client.EDONKEY);
            int b = episode % 3;
            DemoScenes.Cast cast = new DemoScenes.Cast(bt.address().toString(), gnu.address().toString(),
                    ed.address().toString(), dnsTunnel, icmpTunnel, benignPacketHosts.get(b).address().toString(),
                    benignPacketHosts.get(b + 3).address().toString(), benignPacketHosts.get((b + 1) % 3).address().toString());
            for (DemoScenes.Frame f : DemoScenes.officeMinute(now * 1000, seed + episode, cast)) {
                add(f.timeMicros() / 1000, f, 0);
            }
            for (DemoScenes.Frame f : DemoScenes.sshOnHttpsPort(now * 1000 + 40_000_000, seed + episode, sshTunnel,
                    "198.18.80.22", 50_000 + episode % 10_000)) {
                add(f.timeMicros() / 1000, f, 0);
            }
            episode++;
            nextEpisode += EPISODE_MS;
        }
        if (now >= nextFlowScenario) {
            for (FlowRecord f : DemoScenes.flowScenario(now, seed + nextFlowScenario)) {
                add(f.endMs(), f, 0); // an exporter sends a record when its flow ends
            }
            nextFlowScenario += DemoScenes.FLOW_SCENARIO_MS;
        }
        if (now >= nextProxyHour) {
            for (String l : DemoScenes.proxyHour(now, seed + nextProxyHour)) {
                long ms = (long) (Double.parseDouble(l.substring(0, l.indexOf(' '))) * 1000);
                add(ms, l, ++proxyLine);
            }
            nextProxyHour += 3_600_000;
        }
    }

    /** The packet P2P host of a client whose turn it is (they take turns per episode). */
    private Host packetP2p(Client c) {
        List<Host> of = packetP2p.stream().filter(h -> h.p2p() == c).toList();
        return of.get(episode % of.size());
    }

    private void add(long timeMs, Object item, long line) {
        pending.add(new Pending(timeMs, order++, item, line));
    }

    private void release(long untilMs, Sink out) {
        while (!pending.isEmpty() && pending.peek().timeMs() < untilMs) {
            Pending p = pending.poll();
            if (p.item() instanceof FlowRecord f) {
                out.flow(f);
            } else if (p.item() instanceof DemoScenes.Frame f) {
                out.frame(f.timeMicros(), f.bytes());
            } else {
                out.proxyLine((String) p.item(), p.line());
            }
        }
    }

    /** The flows of the 10.20 hosts that end during the simulated second starting at {@code ms}. */
    private void second(long ms, Sink out) {
        double rhythm = rhythm(ms);
        for (Host h : hosts) {
            if (h.p2p() != null) {
                if (!h.packets()) {
                    for (int i = poisson(P2P_FLOWS_PER_HOST_SECOND); i > 0; i--) {
                        out.flow(p2p(h, ms + rnd.nextInt(1000)));
                    }
                }
                continue;
            }
            for (int i = poisson(BENIGN_FLOWS_PER_HOST_SECOND * rhythm); i > 0; i--) {
                benign(h, ms + rnd.nextInt(1000), out);
            }
            if (h == jumper && (ms - firstSecond) % JUMPER_POLL_MS == 0) {
                int port = ephemeral();
                out.flow(flow(h.address(), port, SYNC_SERVER, 443, IpProtocol.TCP, ms, 6, 900));
                out.flow(flow(SYNC_SERVER, 443, h.address(), port, IpProtocol.TCP, ms, 5, 4_000));
            }
            if (h == jumper && ms >= jumpAtMs && rnd.nextDouble() < JUMP_DOWNLOADS_PER_SECOND) {
                IpAddress server = IpAddress.parse("203.0.113.200");
                long bytes = JUMP_DOWNLOAD_MIN + rnd.nextInt(JUMP_DOWNLOAD_SPREAD);
                long end = ms + rnd.nextInt(1000);
                int port = ephemeral();
                out.flow(flow(h.address(), port, server, 443, IpProtocol.TCP, end, bytes / 20_000 + 3, bytes / 50 + 400));
                out.flow(flow(server, 443, h.address(), port, IpProtocol.TCP, end, bytes / 1_400 + 2, bytes));
            }
        }
    }

    private void benign(Host h, long end, Sink out) {
        int port = ephemeral();
        if (rnd.nextDouble() < DNS_SHARE) {
            out.flow(flow(h.address(), port, resolver, 53, IpProtocol.UDP, end, 1, 70));
            out.flow(flow(resolver, 53, h.address(), port, IpProtocol.UDP, end, 1, 180));
            return;
        }
        IpAddress server = IpAddress.ofV4(0xCB007100 | (1 + rnd.nextInt(199))); // 203.0.113.1-199
        int r = rnd.nextInt(100);
        int service = r < 85 ? 443 : r < 95 ? 80 : 993;
        long down = 2_000 + rnd.nextInt(398_000);
        long up = 500 + rnd.nextInt(3_000);
        out.flow(flow(h.address(), port, server, service, IpProtocol.TCP, end, up / 500 + 3, up));
        out.flow(flow(server, service, h.address(), port, IpProtocol.TCP, end, down / 1_400 + 2, down));
    }

    private FlowRecord p2p(Host h, long end) {
        IpAddress peer = IpAddress.ofV4(0xC6120000 | rnd.nextInt(0x20000)); // 198.18.0.0/15
        boolean onTablePort = rnd.nextInt(100) < 60; // the rest: peers on random high ports
        int peerPort = onTablePort ? tablePort(h.p2p()) : 10_000 + rnd.nextInt(50_000);
        int proto = h.p2p() == Client.BITTORRENT && rnd.nextInt(4) == 0 ? IpProtocol.UDP : IpProtocol.TCP;
        long bytes = 10_000 + rnd.nextInt(190_000);
        // half the records are the peer's side of the conversation
        return rnd.nextBoolean()
                ? flow(h.address(), ephemeral(), peer, peerPort, proto, end, bytes / 1200 + 1, bytes)
                : flow(peer, peerPort, h.address(), ephemeral(), proto, end, bytes / 1200 + 1, bytes);
    }

    private int tablePort(Client c) {
        return switch (c) {
            case BITTORRENT -> 6881 + rnd.nextInt(9);
            case GNUTELLA -> 6346 + rnd.nextInt(2);
            case EDONKEY -> 4661 + rnd.nextInt(2);
            case DIRECT_CONNECT -> 411 + rnd.nextInt(2);
            case FASTTRACK -> 1214;
            case WINMX -> 6699;
        };
    }

    private int ephemeral() {
        return 49152 + rnd.nextInt(16384);
    }

    private static FlowRecord flow(IpAddress src, int sport, IpAddress dst, int dport, int proto, long end, long packets,
            long bytes) {
        return FlowRecord.builder()
                .time(end - Math.min(end, 1_000 + (bytes / 50)), end)
                .src(src, sport).dst(dst, dport).ipProtocol(proto)
                .tcpFlags(proto == IpProtocol.TCP ? 0x1b : 0)
                .counters(packets, bytes)
                .sourceKind(FlowSourceKind.GENERATED)
                .build();
    }

    private int poisson(double lambda) {
        double l = Math.exp(-lambda);
        double p = 1.0;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
