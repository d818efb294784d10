package io.peerwatch.cli.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The sample packet capture: one office minute with five P2P and tunnel users among benign
 * ones (hosts and expected results in {@code samples/LABELS.md}). Every payload is built from
 * its protocol's specification ({@link P2pPayloads}, {@link Payloads}); addresses are private
 * (10.10.0.0/16) inside and from the benchmarking (198.18.0.0/15) and documentation
 * (203.0.113.0/24) ranges outside, names under the reserved {@code .example} domain (RFC 2606).
 */
final class OfficeCapture {

    static final Ip RESOLVER = Ip.of("10.10.0.2");
    static final Ip GATEWAY = Ip.of("10.10.0.1");
    static final Ip BITTORRENT = Ip.of("10.10.1.21");
    static final Ip GNUTELLA = Ip.of("10.10.1.22");
    static final Ip EDONKEY = Ip.of("10.10.1.23");
    static final Ip DNS_TUNNEL = Ip.of("10.10.1.24");
    static final Ip ICMP_TUNNEL = Ip.of("10.10.1.25");
    static final Ip WEB = Ip.of("10.10.1.30");
    static final Ip HTTPS = Ip.of("10.10.1.31");
    static final Ip PING = Ip.of("10.10.1.32");

    private static final long SECOND = 1_000_000;
    private static final int BT_BLOCK = 16_384;

    /**
     * Who plays which part of the office minute: the sample capture uses {@link #SAMPLE}; the demo
     * casts hosts of its simulated network.
     */
    record Roles(Ip bittorrent, Ip gnutella, Ip edonkey, Ip dnsTunnel, Ip icmpTunnel, Ip web, Ip https, Ip ping) {
    }

    /** The sample capture's cast (samples/LABELS.md). */
    static final Roles SAMPLE = new Roles(BITTORRENT, GNUTELLA, EDONKEY, DNS_TUNNEL, ICMP_TUNNEL, WEB, HTTPS, PING);

    private final Capture cap = new Capture();
    private final Random rnd;
    private final long t0;
    private final Roles roles;
    private int ephemeral = 40_000;
    private int dnsId = 0x3a00;

    private OfficeCapture(long startMicros, long seed, Roles roles) {
        this.t0 = startMicros;
        this.rnd = new Random(seed);
        this.roles = roles;
    }

    /** Writes the capture to {@code file}. */
    static void write(Path file, long startMicros, long seed) throws IOException {
        minute(startMicros, seed, SAMPLE).write(file);
    }

    /** The office minute with the given cast, as a capture (frames in the order they were made). */
    static Capture minute(long startMicros, long seed, Roles roles) {
        OfficeCapture c = new OfficeCapture(startMicros, seed, roles);
        c.benign();
        c.bittorrent();
        c.gnutella();
        c.edonkey();
        c.dnsTunnel();
        c.icmpTunnel();
        return c.cap;
    }

    private int port() {
        return ephemeral += 7;
    }

    private void resolve(long t, Ip client, String name, Ip answer) {
        int port = port();
        int id = dnsId++;
        cap.udp(t, client, port, RESOLVER, 53, Payloads.dnsQuery(id, name, Payloads.TYPE_A));
        cap.udp(t + 2_000, RESOLVER, 53, client, port, Payloads.dnsAnswer(id, name, Payloads.TYPE_A, answer.bytes()));
    }

    private void benign() {
        Ip intranet = Ip.of("203.0.113.80");
        resolve(t0 + SECOND, roles.web(), "www.example.com", intranet);
        Capture.Tcp web = cap.connect(t0 + SECOND + 5_000, roles.web(), port(), intranet, 80);
        web.fromClient(Payloads.httpGet("www.example.com", "/index.html")).fromServer(Payloads.httpOk(6_000))
                .pause(2 * SECOND).fromClient(Payloads.httpGet("www.example.com", "/news/today.html"))
                .fromServer(Payloads.httpOk(12_000)).close();

        Ip mail = Ip.of("203.0.113.43");
        resolve(t0 + 3 * SECOND, roles.https(), "mail.example.com", mail);
        Capture.Tcp tls = cap.connect(t0 + 3 * SECOND + 5_000, roles.https(), port(), mail, 443);
        tls.fromClient(Payloads.tlsClientHello(rnd, "mail.example.com")).fromServer(Payloads.tlsServerFlight(rnd, 4_000))
                .fromClient(Payloads.applicationData(rnd, 900)).fromServer(Payloads.applicationData(rnd, 48_000))
                .pause(5 * SECOND).fromClient(Payloads.applicationData(rnd, 700))
                .fromServer(Payloads.applicationData(rnd, 9_000)).close();

        for (int seq = 1; seq <= 4; seq++) {
            long t = t0 + 2 * SECOND + seq * SECOND;
            cap.ping(t, roles.ping(), GATEWAY, 0x1c2b, seq, Payloads.pingData(t, 56), Payloads.pingData(t, 56));
        }
    }

    /** A BitTorrent client: HTTP and UDP tracker announces, a DHT ping, then eight peers. */
    private void bittorrent() {
        byte[] infoHash = Wire.random(rnd, 20);
        byte[] peerId = Wire.concat(Wire.text("-TR3000-"), Payloads.base32(rnd, 12).getBytes(StandardCharsets.US_ASCII));
        int listen = 51413;
        long left = 734_003_200L;
        List<Ip> peers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            peers.add(Ip.of("198.18.20." + (10 * i + 3)));
        }
        Ip tracker = Ip.of("198.18.7.10");
        resolve(t0 + 5 * SECOND, roles.bittorrent(), "tracker.example.net", tracker);
        cap.connect(t0 + 5 * SECOND + 5_000, roles.bittorrent(), port(), tracker, 6969)
                .fromClient(P2pPayloads.btAnnounce("tracker.example.net", 6969, infoHash, peerId, listen, left,
                        "Transmission/3.00"))
                .fromServer(P2pPayloads.btAnnounceResponse(peers, 6881)).close();

        Ip udpTracker = Ip.of("198.18.7.11");
        int up = port();
        long t = t0 + 6 * SECOND;
        long connectionId = rnd.nextLong();
        cap.udp(t, roles.bittorrent(), up, udpTracker, 6969, P2pPayloads.udpTrackerConnect(0x5e1f00a1));
        cap.udp(t + 30_000, udpTracker, 6969, roles.bittorrent(), up, P2pPayloads.udpTrackerConnectResponse(0x5e1f00a1, connectionId));
        cap.udp(t + 40_000, roles.bittorrent(), up, udpTracker, 6969,
                P2pPayloads.udpTrackerAnnounce(connectionId, 0x5e1f00a2, infoHash, peerId, left, 0x6c1f2a55, listen));
        cap.udp(t + 70_000, udpTracker, 6969, roles.bittorrent(), up, P2pPayloads.udpTrackerAnnounceResponse(0x5e1f00a2, peers, 6881));

        byte[] nodeId = Wire.random(rnd, 20);
        byte[] peerNode = Wire.random(rnd, 20);
        cap.udp(t0 + 7 * SECOND, roles.bittorrent(), listen, peers.get(0), 6881, P2pPayloads.dhtPing(nodeId, "pn"));
        cap.udp(t0 + 7 * SECOND + 30_000, peers.get(0), 6881, roles.bittorrent(), listen, P2pPayloads.dhtPong(peerNode, "pn"));

        for (int i = 0; i < peers.size(); i++) {
            Ip peer = peers.get(i);
            byte[] remoteId = Wire.concat(Wire.text("-qB4650-"), Payloads.base32(rnd, 12).getBytes(StandardCharsets.US_ASCII));
            Capture.Tcp c = cap.connect(t0 + (8 + 3 * i) * SECOND, roles.bittorrent(), port(), peer, 6881 + i);
            c.fromClient(P2pPayloads.btHandshake(infoHash, peerId))
                    .fromServer(Wire.concat(P2pPayloads.btHandshake(infoHash, remoteId), P2pPayloads.btBitfield(2800)))
                    .fromClient(P2pPayloads.btInterested()).fromServer(P2pPayloads.btUnchoke());
            for (int b = 0; b < 3; b++) {
                c.fromClient(P2pPayloads.btRequest(17 * i, b * BT_BLOCK, BT_BLOCK))
                        .fromServer(P2pPayloads.btPiece(17 * i, b * BT_BLOCK, Wire.random(rnd, BT_BLOCK)));
            }
            c.close();
        }
    }

    /** A Gnutella leaf: the 0.6 handshake with an ultrapeer, a ping, and a search for company documents. */
    private void gnutella() {
        Ip ultrapeer = Ip.of("198.18.30.5");
        Capture.Tcp c = cap.connect(t0 + 12 * SECOND, roles.gnutella(), port(), ultrapeer, 6346);
        c.fromClient(P2pPayloads.gnutellaConnect("LimeWire/4.18.8"))
                .fromServer(P2pPayloads.gnutellaOk("gtk-gnutella/1.2.2 (2022-02-25)"))
                .fromClient(P2pPayloads.gnutellaAccept())
                .fromClient(P2pPayloads.gnutellaPing(rnd))
                .fromServer(P2pPayloads.gnutellaPong(rnd, ultrapeer, 6346, 1_204, 5_360_120))
                .pause(2 * SECOND)
                .fromClient(P2pPayloads.gnutellaQuery(rnd, "confidential salary review 2027"))
                .pause(4 * SECOND).close();
    }

    /** An eMule client greeting another client (hello, hello answer). */
    private void edonkey() {
        Ip peer = Ip.of("198.18.40.7");
        Ip server = Ip.of("198.18.40.1");
        byte[] hash = Wire.random(rnd, 16);
        hash[5] = 14; // eMule marks its user hashes: byte 5 = 14, byte 14 = 111
        hash[14] = 111;
        byte[] peerHash = Wire.random(rnd, 16);
        peerHash[5] = 14;
        peerHash[14] = 111;
        Capture.Tcp c = cap.connect(t0 + 20 * SECOND, roles.edonkey(), port(), peer, 4662);
        c.fromClient(P2pPayloads.edonkeyHello(hash, roles.edonkey(), 4662, "office-pc-23", server, 4661))
                .fromServer(P2pPayloads.edonkeyHelloAnswer(peerHash, peer, 4662, "http://www.aMule.org", server, 4661))
                .pause(SECOND).close();
    }

    /** A DNS tunnel (iodine style): NULL queries carrying base32 data under a tunnel domain, through the resolver. */
    private void dnsTunnel() {
        int port = port();
        long t = t0 + 25 * SECOND;
        for (int i = 0; i < 24; i++) {
            String name = Payloads.base32(rnd, 52) + "." + Payloads.base32(rnd, 40) + ".t.tunnel.example";
            int id = dnsId++;
            cap.udp(t, roles.dnsTunnel(), port, RESOLVER, 53, Payloads.dnsQuery(id, name, Payloads.TYPE_NULL));
            cap.udp(t + 40_000, RESOLVER, 53, roles.dnsTunnel(), port,
                    Payloads.dnsAnswer(id, name, Payloads.TYPE_NULL, Wire.random(rnd, 180)));
            t += 250_000;
        }
    }

    /** An ICMP tunnel: echo requests and replies whose data is opaque, different each time. */
    private void icmpTunnel() {
        Ip relay = Ip.of("198.18.50.9");
        long t = t0 + 32 * SECOND;
        for (int seq = 1; seq <= 12; seq++) {
            cap.ping(t, roles.icmpTunnel(), relay, 0x4a11, seq, Wire.random(rnd, 256), Wire.random(rnd, 256));
            t += 400_000;
        }
    }
}
