package io.peerwatch.signatures.proto;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Hand-built payloads for the BitTorrent signature tests, written from the BEPs (3, 5, 10, 14,
 * 15, 29) and the MSE description, plus payloads of other common protocols for negative tests,
 * and a small driver that runs packets through a signature or the real {@link SignatureEngine}.
 */
final class BitTorrentPayloads {

    static final byte[] INFO_HASH = HexFormat.of().parseHex("c8252a8c0ae232114010b7fa85a5ae8ef259920b");
    static final String INFO_HASH_HEX = "c8252a8c0ae232114010b7fa85a5ae8ef259920b";

    private BitTorrentPayloads() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] prefix(byte[] b, int n) {
        return java.util.Arrays.copyOf(b, n);
    }

    static byte[] suffix(byte[] b, int from) {
        return java.util.Arrays.copyOfRange(b, from, b.length);
    }

    /** {@code n} bytes from a seeded generator: stand-in for keys, ciphertext, hashes. */
    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    // ---- BEP 3 / BEP 10 peer wire ----

    /** {@code <19>"BitTorrent protocol"<reserved 8><info_hash><peer_id>}, reserved bit for BEP 10 set. */
    static byte[] handshake(String peerId) {
        byte[] reserved = {0, 0, 0, 0, 0, 0x10, 0, 0};
        byte[] id = prefix(ascii(peerId + "000000000000000000000"), 20);
        return concat(ascii("\u0013BitTorrent protocol"), reserved, INFO_HASH, id);
    }

    /** Extension handshake message (BEP 10): {@code <len><20><0><d1:md...e1:v<n>:<client>e>}. */
    static byte[] extensionHandshake(String client) {
        byte[] dict = ascii("d1:md11:ut_metadatai3ee1:pi51413e1:v" + client.getBytes(StandardCharsets.UTF_8).length + ":");
        dict = concat(dict, client.getBytes(StandardCharsets.UTF_8), ascii("e"));
        return concat(u32(dict.length + 2), new byte[] {20, 0}, dict);
    }

    // ---- BEP 29 uTP ----

    static byte[] utp(int type, int connectionId, long timestamp, int seq, int ack, byte[] extensions, byte[] data) {
        int firstExtension = extensions.length == 0 ? 0 : 2;
        return concat(new byte[] {(byte) (type << 4 | 1), (byte) firstExtension}, u16(connectionId), u32(timestamp),
                u32(0), u32(0x100000), u16(seq), u16(ack), extensions, data);
    }

    /** The extension-bits extension libutp puts on SYN and STATE: next 0, length 8, eight zero bytes. */
    static byte[] extensionBits() {
        return new byte[] {0, 8, 0, 0, 0, 0, 0, 0, 0, 0};
    }

    // ---- BEP 5 DHT ----

    static byte[] getPeersQuery(String version) {
        return ascii("d1:ad2:id20:" + latin(random(1, 20)) + "9:info_hash20:" + latin(INFO_HASH)
                + "e1:q9:get_peers1:t2:aa" + (version.isEmpty() ? "" : "1:v4:" + version) + "1:y1:qe");
    }

    static String latin(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    // ---- BEP 15 UDP tracker ----

    static byte[] udpConnect(int transaction) {
        return concat(u32(0x417), u32(0x27101980), u32(0), u32(transaction));
    }

    static byte[] udpAnnounce(long connection, int transaction, String peerId) {
        return concat(u32(connection >>> 32), u32(connection), u32(1), u32(transaction), INFO_HASH,
                prefix(ascii(peerId + "00000000000000000000"), 20), new byte[24], u32(2), u32(0), u32(7), u32(50),
                u16(6881));
    }

    // ---- other protocols, for negative tests ----

    static byte[] httpGet() {
        return ascii("GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n");
    }

    /** A TLS 1.2 record holding a ClientHello with random and session id (RFC 5246). */
    static byte[] tlsClientHello() {
        byte[] body = concat(new byte[] {3, 3}, random(7, 32), new byte[] {32}, random(8, 32),
                new byte[] {0, 4, 0x13, 1, 0x13, 2, 1, 0}, new byte[] {0, 0});
        byte[] handshake = concat(new byte[] {1, 0}, u16(body.length), body);
        return concat(new byte[] {0x16, 3, 1}, u16(handshake.length), handshake);
    }

    /** A DNS query for example.com, type A (RFC 1035). */
    static byte[] dnsQuery() {
        return concat(u16(0x1a2b), u16(0x0100), u16(1), u16(0), u16(0), u16(0),
                ascii("\u0007example\u0003com\u0000"), u16(1), u16(1));
    }

    static List<byte[]> otherProtocols() {
        return List.of(httpGet(), tlsClientHello(), dnsQuery(), random(99, 300), random(98, 20));
    }

    // ---- drivers ----

    /** One packet through one signature with a fresh scratch for the given transport. */
    static Verdict inspectOnce(Signature sig, int ipProtocol, byte[] payload) {
        return new Flow(sig, ipProtocol).send(Direction.CLIENT_TO_SERVER, payload);
    }

    /**
     * Packets of one flow through one signature, driven by a real engine whose registry holds
     * only that signature, recording each verdict; the payload is read-only and position and
     * limit are checked after every call.
     */
    static final class Flow {
        private final List<Verdict> verdicts = new ArrayList<>();
        private final FlowScratch scratch = new FlowScratch();
        private final SignatureEngine engine;

        Flow(Signature sig, int ipProtocol) {
            Signature recorder = new Signature() {
                @Override
                public SignatureId id() {
                    return sig.id();
                }

                @Override
                public Selection selection() {
                    return sig.selection();
                }

                @Override
                public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch s) {
                    int limit = payload.limit();
                    Verdict v = sig.inspect(payload, dir, s);
                    if (payload.position() != 0 || payload.limit() != limit) {
                        throw new AssertionError("inspect moved position or limit");
                    }
                    verdicts.add(v);
                    return v;
                }

                @Override
                public void describe(ByteBuffer payload, Direction dir, FlowScratch s, Metadata out) {
                    sig.describe(payload, dir, s, out);
                }
            };
            engine = new SignatureEngine(SignatureRegistry.builder().add(recorder).build(), DetectionConfig.defaults());
            engine.begin(scratch, ipProtocol, 50000, 6881);
        }

        /** Feeds one packet; the signature's verdict, or null when it was not asked (already decided). */
        Verdict send(Direction dir, byte[] payload) {
            int before = verdicts.size();
            engine.inspect(scratch, ByteBuffer.wrap(payload).asReadOnlyBuffer(), dir);
            return verdicts.size() > before ? verdicts.get(verdicts.size() - 1) : null;
        }

        Verdict c2s(byte[] payload) {
            return send(Direction.CLIENT_TO_SERVER, payload);
        }

        Verdict s2c(byte[] payload) {
            return send(Direction.SERVER_TO_CLIENT, payload);
        }

        Optional<Classification> result() {
            return engine.result(scratch);
        }
    }

    /** A packet of a flow: its direction and payload. */
    record Packet(Direction dir, byte[] payload) {
    }

    static Packet c2s(byte[] payload) {
        return new Packet(Direction.CLIENT_TO_SERVER, payload);
    }

    static Packet s2c(byte[] payload) {
        return new Packet(Direction.SERVER_TO_CLIENT, payload);
    }

    /** Runs a whole flow through the engine with the default registry and returns its result. */
    static Optional<Classification> classify(int ipProtocol, Packet... packets) {
        SignatureEngine engine = new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        engine.begin(s, ipProtocol, 51413, 6881);
        for (Packet p : packets) {
            engine.inspect(s, ByteBuffer.wrap(p.payload()).asReadOnlyBuffer(), p.dir());
        }
        return engine.result(s);
    }

    static Optional<Classification> classifyTcp(Packet... packets) {
        return classify(IpProtocol.TCP, packets);
    }

    static Optional<Classification> classifyUdp(Packet... packets) {
        return classify(IpProtocol.UDP, packets);
    }

    static Map<io.peerwatch.signatures.MetadataKey, List<String>> meta(Optional<Classification> c) {
        return c.orElseThrow().metadata();
    }
}
