package io.peerwatch.cli.samples;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The sample flow scenario: five minutes of an office network as a flow collector sees them
 * (hosts and expected results in {@code samples/LABELS.md}). Sixteen workstations browse, resolve
 * names and read mail; one runs a BitTorrent client that listens on 51413 and talks to peers on
 * the BitTorrent ports and on random high ports over TCP and uTP; one runs an eMule client; one
 * Gnutella client sweeps the LAN for peers on 6346. Deterministic for a seed.
 */
final class FlowScenario {

    static final Ip RESOLVER = Ip.of("10.10.0.2");
    static final Ip BITTORRENT = Ip.of("10.10.2.21");
    static final Ip EDONKEY = Ip.of("10.10.2.23");
    static final Ip SCANNER = Ip.of("10.10.2.66");
    static final int MINUTES = 5;
    static final int WORKSTATIONS = 16;
    private static final long MINUTE = 60_000;
    private static final int BT_LISTEN = 51413;

    private final Random rnd;
    private final long t0;
    private final List<Conn> conns = new ArrayList<>();
    private final List<Ip> btPeers = new ArrayList<>();

    private FlowScenario(long startMs, long seed) {
        this.t0 = startMs;
        this.rnd = new Random(seed);
        for (int i = 0; i < 40; i++) {
            btPeers.add(Ip.of("198.18.21." + (5 + 6 * i)));
        }
    }

    /** The scenario's connections, by start time. */
    static List<Conn> connections(long startMs, long seed) {
        FlowScenario s = new FlowScenario(startMs, seed);
        s.workstations();
        s.bittorrent();
        s.edonkey();
        s.lanSweep();
        s.conns.sort(Comparator.comparingLong(Conn::startMs));
        return List.copyOf(s.conns);
    }

    private int ephemeral() {
        return 49_152 + rnd.nextInt(16_384);
    }

    private long at(int minute) {
        return t0 + minute * MINUTE + rnd.nextInt(55_000);
    }

    private void tcp(long start, long duration, Ip orig, int origPort, Ip resp, int respPort, String service,
            long up, long down) {
        long origPkts = 3 + up / 1200;
        long respPkts = 2 + down / 1200;
        conns.add(new Conn(start, duration, orig, origPort, resp, respPort, Frames.PROTO_TCP, service, origPkts,
                up + origPkts * 40, respPkts, down + respPkts * 40, "SF", "ShADadFf"));
    }

    private void udp(long start, long duration, Ip orig, int origPort, Ip resp, int respPort, String service,
            long pkts, long up, long down) {
        conns.add(new Conn(start, duration, orig, origPort, resp, respPort, Frames.PROTO_UDP, service, pkts,
                up + pkts * 28, pkts, down + pkts * 28, "SF", "Dd"));
    }

    private void workstations() {
        for (int h = 0; h < WORKSTATIONS; h++) {
            Ip host = Ip.of("10.10.2." + (30 + h));
            for (int m = 0; m < MINUTES; m++) {
                for (int q = 0; q < 2; q++) {
                    udp(at(m), 2 + rnd.nextInt(30), host, ephemeral(), RESOLVER, 53, "dns", 1, 35 + rnd.nextInt(30),
                            80 + rnd.nextInt(120));
                }
                for (int c = 0; c < 3; c++) {
                    Ip server = Ip.of("203.0.113." + (1 + rnd.nextInt(200)));
                    tcp(at(m), 300 + rnd.nextInt(20_000), host, ephemeral(), server, 443, "ssl", 800 + rnd.nextInt(4_000),
                            5_000 + rnd.nextInt(300_000));
                }
                if (rnd.nextInt(3) == 0) {
                    tcp(at(m), 200 + rnd.nextInt(3_000), host, ephemeral(), Ip.of("203.0.113.80"), 80, "http", 600,
                            4_000 + rnd.nextInt(60_000));
                }
            }
            if (h % 4 == 0) {
                tcp(t0 + rnd.nextInt(10_000), MINUTES * MINUTE - 20_000, host, ephemeral(), Ip.of("203.0.113.25"), 993,
                        "ssl", 20_000, 400_000);
            }
        }
    }

    /** Peers on the BitTorrent ports and on high ports, both ways, over TCP and uTP (UDP). */
    private void bittorrent() {
        for (int m = 0; m < MINUTES; m++) {
            for (int c = 0; c < 9; c++) {
                Ip peer = btPeers.get(rnd.nextInt(btPeers.size()));
                int port = c < 6 ? 6881 + rnd.nextInt(9) : 10_000 + rnd.nextInt(50_000);
                long bytes = 150_000 + rnd.nextInt(1_500_000);
                // long, roughly symmetric transfers: the client uploads about as much as it downloads
                tcp(at(m), 20_000 + rnd.nextInt(70_000), BITTORRENT, ephemeral(), peer, port, "-",
                        bytes * (70 + rnd.nextInt(60)) / 100, bytes);
            }
            for (int c = 0; c < 3; c++) {
                Ip peer = btPeers.get(rnd.nextInt(btPeers.size()));
                tcp(at(m), 10_000 + rnd.nextInt(40_000), peer, ephemeral(), BITTORRENT, BT_LISTEN, "-",
                        20_000 + rnd.nextInt(300_000), 20_000 + rnd.nextInt(300_000));
            }
            for (int c = 0; c < 4; c++) {
                Ip peer = btPeers.get(rnd.nextInt(btPeers.size()));
                udp(at(m), 1_000 + rnd.nextInt(30_000), BITTORRENT, BT_LISTEN, peer, 6881 + rnd.nextInt(9), "-",
                        4 + rnd.nextInt(40), 2_000 + rnd.nextInt(40_000), 2_000 + rnd.nextInt(40_000));
            }
        }
    }

    /** An eMule client: its server on 4661, peers on 4662 (TCP) and 4672 (UDP), in one minute. */
    private void edonkey() {
        tcp(t0 + 61_000, 3 * MINUTE, EDONKEY, ephemeral(), Ip.of("198.18.41.1"), 4661, "-", 12_000, 90_000);
        for (int c = 0; c < 6; c++) {
            tcp(at(1), 5_000 + rnd.nextInt(40_000), EDONKEY, ephemeral(), Ip.of("198.18.41." + (20 + 3 * c)), 4662, "-",
                    8_000 + rnd.nextInt(60_000), 100_000 + rnd.nextInt(900_000));
        }
        for (int c = 0; c < 3; c++) {
            udp(at(1), 200, EDONKEY, 4672, Ip.of("198.18.41." + (50 + c)), 4672, "-", 1, 60, 90);
        }
    }

    /** A Gnutella client probing 30 LAN addresses on 6346 within a minute; most never answer, some refuse. */
    private void lanSweep() {
        long t = t0 + 2 * MINUTE + 5_000;
        for (int i = 0; i < 30; i++) {
            Ip target = Ip.of("10.10.2." + (100 + i));
            boolean refused = i % 5 == 0;
            conns.add(new Conn(t + i * 700L, refused ? 1 : 0, SCANNER, ephemeral(), target, 6346, Frames.PROTO_TCP, "-",
                    1, 60, refused ? 1 : 0, refused ? 40 : 0, refused ? "REJ" : "S0", refused ? "Sr" : "S"));
        }
    }
}
