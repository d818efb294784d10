package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.flow.EndReason;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowState;
import io.peerwatch.flow.FlowTracker;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.SignatureRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link P2pCorroborationDetector}: a random-looking handshake of BitTorrent's MSE shape names
 * BitTorrent only with corroboration from the same host's window (payload evidence of the family,
 * or fan-out to many peers on high ports); alone it is a suspicion without an alert.
 */
class P2pCorroborationDetectorTest {

    private static final IpAddress HOST = IpAddress.parse("10.1.2.3");
    private static final long T0 = 1_790_000_000_000L;
    private static final FlowTracker TRACKER =
            new FlowTracker(new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults()));
    private final P2pCorroborationDetector detector = new P2pCorroborationDetector(InternalNetworks.defaults(),
            P2pCorroborationConfig.defaults(), NoticePolicy.defaults());
    private final Random random = new Random(3);

    private static PacketEvent packet(long t, IpAddress src, int sport, IpAddress dst, int dport, int flags, byte[] payload) {
        return PacketEvent.builder().timestampNanos(t).addresses(src, dst).ports(sport, dport).ipProtocol(IpProtocol.TCP)
                .tcpFlags(flags).lengths(payload.length + 54, payload.length + 40, payload.length).payloadPrefix(payload)
                .build();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** One TCP connection from HOST carrying the given payloads (client first, then alternating). */
    private Flow connection(int i, IpAddress peer, int peerPort, byte[]... payloads) {
        return connection(i, HOST, peer, peerPort, payloads);
    }

    /** One TCP connection from {@code from} (port 40000 + i) carrying the given payloads. */
    private static Flow connection(int i, IpAddress from, IpAddress peer, int peerPort, byte[]... payloads) {
        long t = (T0 + i * 1_000L) * 1_000_000L;
        int port = 40_000 + i;
        FlowState s = TRACKER.start(packet(t, from, port, peer, peerPort, 0x02, new byte[0]), t);
        TRACKER.add(s, packet(t + 1_000, peer, peerPort, from, port, 0x12, new byte[0]), t + 1_000);
        for (int k = 0; k < payloads.length; k++) {
            long tk = t + 2_000 + k * 1_000L;
            PacketEvent p = k % 2 == 0 ? packet(tk, from, port, peer, peerPort, 0x18, payloads[k])
                    : packet(tk, peer, peerPort, from, port, 0x18, payloads[k]);
            TRACKER.add(s, p, tk);
        }
        return TRACKER.end(s, EndReason.END_OF_INPUT);
    }

    /** A plaintext BitTorrent peer-wire handshake (BEP 3): length 19, the protocol string, reserved bytes, info hash, peer id. */
    private static byte[] plaintextBitTorrentHandshake() {
        byte[] hs = new byte[68];
        hs[0] = 19;
        System.arraycopy("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII), 0, hs, 1, 19);
        System.arraycopy("-TR4050-abcdefghijkl".getBytes(StandardCharsets.US_ASCII), 0, hs, 48, 20);
        return hs;
    }

    private Flow mse(int i, IpAddress peer, int peerPort) {
        Flow f = connection(i, peer, peerPort, randomBytes(96 + 150), randomBytes(96 + 80), randomBytes(120),
                randomBytes(900));
        assertThat(f.classification()).map(c -> c.signature()).contains(SignatureId.BITTORRENT_MSE);
        return f;
    }

    private Optional<Alert> judge(List<Flow> flows) {
        P2pCorroborationDetector.Window w = detector.newWindow();
        for (Flow f : flows) {
            if (detector.keyOf(f).isPresent()) {
                assertThat(detector.keyOf(f)).contains(HOST.toString());
                detector.observe(w, f);
            }
        }
        return detector.evaluate(w, HOST.toString(), T0, T0 + 900_000);
    }

    @Test
    void aLoneMseHandshakeIsASuspicionWithoutAnAlert() {
        assertThat(judge(List.of(mse(0, IpAddress.parse("198.51.100.7"), 51413),
                mse(1, IpAddress.parse("198.51.100.8"), 6881)))).isEmpty();
    }

    @Test
    void fanOutToManyPeersOnHighPortsCorroboratesTheHandshakes() {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < P2pCorroborationConfig.DEFAULT_MIN_FAN_OUT_PEERS; i++) {
            flows.add(mse(i, IpAddress.parse("198.51.100." + (10 + i)), 20_000 + 7 * i));
        }
        Alert a = judge(flows).orElseThrow();
        assertThat(a.type()).isEqualTo(AlertType.P2P_CLIENT);
        assertThat(a.protocol()).contains("BitTorrent");
        assertThat(a.confidence()).isEqualTo(P2pCorroborationConfig.DEFAULT_FAN_OUT_CONFIDENCE);
        assertThat(a.identifier()).isEqualTo(P2pCorroborationDetector.identifier(HOST,
                io.peerwatch.signatures.Protocol.BITTORRENT));
    }

    @Test
    void theHostsPlaintextBitTorrentCorroboratesOneHandshake() {
        byte[] hs = plaintextBitTorrentHandshake();
        Flow plain = connection(50, IpAddress.parse("198.51.100.99"), 51413, hs, hs);
        assertThat(plain.classification()).map(c -> c.protocol()).contains(io.peerwatch.signatures.Protocol.BITTORRENT);
        Alert a = judge(List.of(plain, mse(0, IpAddress.parse("198.51.100.7"), 51413))).orElseThrow();
        assertThat(a.confidence()).isEqualTo(P2pCorroborationConfig.DEFAULT_PAYLOAD_CONFIDENCE);
        assertThat(a.evidence().toString()).contains("corroborated", "payload evidence");
    }

    // ---- other families, vectors from their published descriptions ----

    /** Little-endian bytes of {@code v}, {@code n} of them. */
    private static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * A plaintext eDonkey Hello (protocol 0xE3, length, opcode 0x01, hash size 16, user hash, client
     * id, port, three tags: name, version, eMule version), as in the eDonkey/eMule protocol
     * description (Kulbak and Bickson, "The eMule Protocol Specification", 2005, sections 6.2-6.4).
     */
    private static byte[] edonkeyHello() {
        byte[] nick = "alice".getBytes(StandardCharsets.US_ASCII);
        byte[] body = concat(new byte[] {0x10}, new byte[16], le(0x0a000001L, 4), le(4662, 2), le(3, 4),
                new byte[] {0x02}, le(1, 2), new byte[] {0x01}, le(nick.length, 2), nick,
                new byte[] {0x03}, le(1, 2), new byte[] {0x11}, le(0x3c, 4),
                new byte[] {(byte) 0x83, (byte) 0xfb}, le(50L << 10, 4));
        return concat(new byte[] {(byte) 0xe3}, le(body.length + 1, 4), new byte[] {0x01}, body);
    }

    /**
     * An eMule obfuscated client-to-client connection (eMule 0.47c+ protocol obfuscation, the
     * handshake documented at the top of eMule's {@code EncryptedStreamSocket.cpp}): the opening is
     * {@code <semi-random byte that is no protocol marker><random key part 4>} followed by the RC4
     * encrypted {@code <magic 4><methods supported 1><method preferred 1><padding length 1><padding>};
     * the answer is the encrypted {@code <magic 4><method selected 1><padding length 1><padding>};
     * then the encrypted eDonkey hello and data. RC4 output is indistinguishable from random bytes.
     */
    private Flow obfuscatedEmule(int i, IpAddress peer, int openingPad, int answerPad) {
        byte[] opening = randomBytes(12 + openingPad);
        while ((opening[0] & 0xff) == 0xe3 || (opening[0] & 0xff) == 0xc5 || (opening[0] & 0xff) == 0xd4) {
            opening[0] = (byte) random.nextInt(256);
        }
        return connection(i, peer, 30_000 + i, opening, randomBytes(6 + answerPad), randomBytes(90), randomBytes(1300),
                randomBytes(1300));
    }

    /** A TLS 1.2 ClientHello with an empty extension list, so without SNI and ALPN (RFC 5246 section 7.4.1.2). */
    private byte[] tlsHelloWithoutExtensions() {
        byte[] body = concat(new byte[] {3, 3}, randomBytes(32), new byte[] {32}, randomBytes(32),
                new byte[] {0, 4, 0x13, 1, 0x13, 2, 1, 0}, new byte[] {0, 0});
        byte[] handshake = concat(new byte[] {1, 0}, new byte[] {(byte) (body.length >> 8), (byte) body.length}, body);
        return concat(new byte[] {0x16, 3, 1}, new byte[] {(byte) (handshake.length >> 8), (byte) handshake.length}, handshake);
    }

    @Test
    void obfuscatedEmuleConnectionsAreNamedByTheHostsPlaintextEdonkeyWhateverTheirPadding() {
        Flow server = connection(60, IpAddress.parse("198.51.100.60"), 4661, edonkeyHello(), new byte[] {(byte) 0xe3, 1, 0, 0, 0, 0x40});
        assertThat(server.classification()).map(c -> c.protocol()).contains(io.peerwatch.signatures.Protocol.EDONKEY);
        // a short answer: no MSE shape, random from the first byte
        Flow plainRandom = obfuscatedEmule(1, IpAddress.parse("198.51.100.61"), 100, 20);
        assertThat(plainRandom.classification()).map(c -> c.signature()).contains(SignatureId.OBFUSCATED_PROXY);
        // padding on both sides that happens to give BitTorrent MSE's key-message sizes
        Flow mseSized = obfuscatedEmule(2, IpAddress.parse("198.51.100.62"), 120, 100);
        assertThat(mseSized.classification()).map(c -> c.signature()).contains(SignatureId.BITTORRENT_MSE);

        Alert a = judge(List.of(server, plainRandom, mseSized)).orElseThrow();
        assertThat(a.protocol()).contains(io.peerwatch.signatures.Protocol.EDONKEY.displayName());
        assertThat(a.identifier()).isEqualTo(P2pCorroborationDetector.identifier(HOST, io.peerwatch.signatures.Protocol.EDONKEY));
        assertThat(a.confidence()).isEqualTo(P2pCorroborationConfig.DEFAULT_PAYLOAD_CONFIDENCE);
        assertThat(a.evidence().toString()).contains("random from the first byte", "eDonkey flows with payload evidence");
        assertThat(a.bytes()).as("both obfuscated connections count").isEqualTo(plainRandom.bytes() + mseSized.bytes());

        P2pCorroborationDetector.Window w = detector.newWindow();
        for (Flow f : List.of(server, plainRandom, mseSized)) {
            detector.observe(w, f);
        }
        P2pCorroborationDetector.Judgement j = detector.judge(w);
        assertThat(j.familyOf(P2pCorroborationDetector.Suspect.SHAPED, io.peerwatch.signatures.Protocol.BITTORRENT))
                .as("the MSE-sized connection is labelled after the host's evidence").contains(io.peerwatch.signatures.Protocol.EDONKEY);
        assertThat(j.familyOf(P2pCorroborationDetector.Suspect.RANDOM, io.peerwatch.signatures.Protocol.UNKNOWN))
                .contains(io.peerwatch.signatures.Protocol.EDONKEY);
    }

    @Test
    void obfuscatedConnectionsWithoutEvidenceOnTheHostStayASuspicion() {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < P2pCorroborationConfig.DEFAULT_MIN_FAN_OUT_PEERS + 2; i++) {
            // random-from-the-first-byte connections never count for fan-out: they have no family
            flows.add(obfuscatedEmule(i, IpAddress.parse("198.51.100." + (70 + i)), 100, 20));
        }
        flows.add(obfuscatedEmule(40, IpAddress.parse("198.51.100.99"), 120, 100));
        assertThat(judge(flows)).isEmpty();
    }

    @Test
    void tlsWithoutSniOrAlpnBetweenHighPortsIsDirectConnectWithTheHostsAdcHubSession() {
        byte[] sup = "HSUP ADBASE ADTIGR\n".getBytes(StandardCharsets.US_ASCII);
        byte[] hubAnswer = "ISUP ADBASE ADTIGR ADPING\nISID AAAC\n".getBytes(StandardCharsets.US_ASCII);
        Flow hub = connection(80, IpAddress.parse("198.51.100.80"), 1511, sup, hubAnswer);
        assertThat(hub.classification()).map(c -> c.protocol()).contains(io.peerwatch.signatures.Protocol.DIRECT_CONNECT);
        Flow tls = connection(3, IpAddress.parse("198.51.100.81"), 41_234, tlsHelloWithoutExtensions(), randomBytes(1200),
                randomBytes(300), randomBytes(1300));
        assertThat(tls.classification()).map(c -> c.signature()).contains(SignatureId.TLS_TUNNEL);

        assertThat(judge(List.of(tls))).as("TLS between high ports alone").isEmpty();
        Alert a = judge(List.of(hub, tls)).orElseThrow();
        assertThat(a.protocol()).contains(io.peerwatch.signatures.Protocol.DIRECT_CONNECT.displayName());
        assertThat(a.evidence().toString()).contains("TLS connections without SNI or ALPN between high ports");
    }

    // ---- ADC over TLS between two clients, judged from either end ----

    /** The downloader: active, it listens; its hub session is the Direct Connect evidence. */
    private static final IpAddress DOWNLOADER = HOST;
    /** The uploader: asked by the downloader's CTM (through the hub), it opens the C-C connection. */
    private static final IpAddress UPLOADER = IpAddress.parse("10.1.2.4");
    private static final IpAddress HUB = IpAddress.parse("198.51.100.80");
    private static final int DOWNLOADER_PORT = 41_111;

    /**
     * A TLS 1.2 ClientHello whose only extension is ALPN (RFC 7301, extension 16) offering
     * {@code protocols}: how an ADCS client opens its hub session (ADC 1.0.3 ADCS extension: the
     * hub is reached with {@code adcs://}, TLS from the first byte; ALPN names per the DC
     * developers' ALPN proposal, which ncdc and DC++ send).
     */
    private byte[] tlsHelloWithAlpn(String... protocols) {
        java.io.ByteArrayOutputStream names = new java.io.ByteArrayOutputStream();
        for (String p : protocols) {
            byte[] b = p.getBytes(StandardCharsets.US_ASCII);
            names.write(b.length);
            names.writeBytes(b);
        }
        byte[] list = names.toByteArray();
        byte[] alpn = concat(new byte[] {0, 16}, new byte[] {0, (byte) (list.length + 2)},
                new byte[] {0, (byte) list.length}, list);
        byte[] body = concat(new byte[] {3, 3}, randomBytes(32), new byte[] {32}, randomBytes(32),
                new byte[] {0, 4, 0x13, 1, 0x13, 2, 1, 0}, new byte[] {0, (byte) alpn.length}, alpn);
        byte[] handshake = concat(new byte[] {1, 0}, new byte[] {(byte) (body.length >> 8), (byte) body.length}, body);
        return concat(new byte[] {0x16, 3, 1}, new byte[] {(byte) (handshake.length >> 8), (byte) handshake.length}, handshake);
    }

    /** The downloader's ADCS hub session (TLS with ALPN adc,nmdc, then encrypted HSUP/BINF/CTM ...). */
    private Flow adcsHubSession(int i) {
        Flow f = connection(i, DOWNLOADER, HUB, 1511, tlsHelloWithAlpn("adc", "nmdc"), randomBytes(1400), randomBytes(180),
                randomBytes(300), randomBytes(120));
        assertThat(f.classification()).map(c -> c.signature()).contains(SignatureId.DIRECT_CONNECT_ADCS);
        return f;
    }

    /**
     * The client-to-client connection of ADCS (ADC's CTM with protocol {@code ADCS/0.10}): the
     * uploader connects to the downloader's active port and starts TLS at once, without SNI or
     * ALPN; CINF/CGET/CSND and the file travel encrypted, the bulk from the uploader.
     */
    private Flow adcsClientToClient(int i, IpAddress from, IpAddress to) {
        Flow f = connection(i, from, to, DOWNLOADER_PORT, tlsHelloWithoutExtensions(), randomBytes(1200), randomBytes(300),
                randomBytes(1300), randomBytes(1400), randomBytes(90));
        assertThat(f.classification()).map(c -> c.signature()).contains(SignatureId.TLS_TUNNEL);
        return f;
    }

    /** The flows through {@link WindowRunner} (every key of each flow): alerts and judgements by key. */
    private record Judged(java.util.Map<String, Alert> alerts, java.util.Map<String, P2pCorroborationDetector.Judgement> judgements) {
    }

    private Judged judgeEveryKey(List<Flow> flows) {
        java.util.Map<String, Alert> alerts = new java.util.TreeMap<>();
        java.util.Map<String, P2pCorroborationDetector.Judgement> judgements = new java.util.TreeMap<>();
        WindowRunner<Flow, P2pCorroborationDetector.Window> runner = new WindowRunner<>(detector,
                a -> assertThat(alerts.put(a.host().toString(), a)).as("one alert per host").isNull(),
                (key, w, start, end) -> judgements.put(key, detector.judge(w)));
        flows.forEach(runner::observe);
        runner.flush();
        return new Judged(alerts, judgements);
    }

    @Test
    void adcsBetweenClientsIsDirectConnectByTheListenersHubSession() {
        Flow hub = adcsHubSession(90);
        Flow cc = adcsClientToClient(5, UPLOADER, DOWNLOADER);
        assertThat(detector.keyOf(cc)).as("the flow's host is its initiator").contains(UPLOADER.toString());
        assertThat(detector.keysOf(cc)).containsExactly(UPLOADER.toString(), DOWNLOADER.toString());
        assertThat(detector.keysOf(hub)).as("evidence stays with its host").containsExactly(DOWNLOADER.toString());

        Judged j = judgeEveryKey(List.of(hub, cc));
        assertThat(j.judgements().get(DOWNLOADER.toString()).familyOf(P2pCorroborationDetector.Suspect.TLS, Protocol.UNKNOWN))
                .contains(Protocol.DIRECT_CONNECT);
        assertThat(j.judgements().get(UPLOADER.toString()).familyOf(P2pCorroborationDetector.Suspect.TLS, Protocol.UNKNOWN))
                .as("the uploader has no evidence of its own").isEmpty();
        assertThat(j.alerts()).as("one alert, for the host with the evidence").containsOnlyKeys(DOWNLOADER.toString());
        Alert a = j.alerts().get(DOWNLOADER.toString());
        assertThat(a.protocol()).contains(Protocol.DIRECT_CONNECT.displayName());
        assertThat(a.identifier()).isEqualTo(P2pCorroborationDetector.identifier(DOWNLOADER, Protocol.DIRECT_CONNECT));
        assertThat(a.bytes()).isEqualTo(cc.bytes());
        assertThat(a.evidence().toString()).contains("TLS connections without SNI or ALPN between high ports",
                "DirectConnect flows with payload evidence", "opened by " + UPLOADER);
    }

    @Test
    void adcsBetweenClientsWithoutEvidenceOnEitherEndStaysASuspicion() {
        Judged j = judgeEveryKey(List.of(adcsClientToClient(5, UPLOADER, DOWNLOADER), adcsClientToClient(6, DOWNLOADER, UPLOADER)));
        assertThat(j.judgements()).containsOnlyKeys(UPLOADER.toString(), DOWNLOADER.toString());
        assertThat(j.judgements().values()).allSatisfy(x -> {
            assertThat(x.corroborated()).isEmpty();
            assertThat(x.reasons()).isEmpty();
        });
        assertThat(j.alerts()).isEmpty();
    }

    @Test
    void anotherFamilysEvidenceOnEitherEndDoesNotNameTlsBetweenClients() {
        byte[] hs = plaintextBitTorrentHandshake();
        Flow bittorrent = connection(50, DOWNLOADER, IpAddress.parse("198.51.100.99"), 51413, hs, hs);
        assertThat(bittorrent.classification()).map(c -> c.protocol()).contains(Protocol.BITTORRENT);
        Flow tls = adcsClientToClient(5, UPLOADER, DOWNLOADER);
        Judged j = judgeEveryKey(List.of(bittorrent, tls));
        assertThat(j.judgements().values()).allSatisfy(x -> assertThat(x.familyOf(P2pCorroborationDetector.Suspect.TLS,
                Protocol.UNKNOWN)).isEmpty());
        assertThat(j.alerts().values()).noneSatisfy(a -> assertThat(a.protocol()).contains(Protocol.DIRECT_CONNECT.displayName()));
        assertThat(j.alerts()).isEmpty();
    }

    @Test
    void onlyHostsAreTheOtherEndOfAConnection() {
        Flow out = adcsClientToClient(5, DOWNLOADER, HUB);
        assertThat(detector.keysOf(out)).as("an external peer of an internal host is not judged")
                .containsExactly(DOWNLOADER.toString());
        Flow in = adcsClientToClient(6, HUB, DOWNLOADER);
        assertThat(detector.keysOf(in)).as("an external initiator: the internal end is the host").containsExactly(DOWNLOADER.toString());
        P2pCorroborationDetector unconfigured = new P2pCorroborationDetector(InternalNetworks.of(List.of()),
                P2pCorroborationConfig.defaults(), NoticePolicy.defaults());
        assertThat(unconfigured.keysOf(out)).as("no internal networks: both ends are hosts")
                .containsExactly(DOWNLOADER.toString(), HUB.toString());
    }

    @Test
    void aShapedHandshakeIsJudgedAtItsOwnHostOnly() {
        // At the other end it could only add a suspicion of that end's own (a web server that
        // answered an MSE-shaped opening): only TLS and random connections go to both ends.
        P2pCorroborationDetector unconfigured = new P2pCorroborationDetector(InternalNetworks.of(List.of()),
                P2pCorroborationConfig.defaults(), NoticePolicy.defaults());
        Flow f = mse(7, IpAddress.parse("198.51.100.80"), 443);
        assertThat(unconfigured.keysOf(f)).containsExactly(HOST.toString());
        assertThat(unconfigured.otherEnd(f)).isEmpty();
    }
}
