package io.peerwatch.cli.samples;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Protocol-correct P2P messages for the sample capture, each built from its specification:
 * <ul>
 * <li>BitTorrent peer wire and HTTP tracker: BEP 3 (bittorrent.org/beps/bep_0003.html), compact
 * peer lists BEP 23, reserved bits of the extension protocol (BEP 10) and the DHT (BEP 5);</li>
 * <li>BitTorrent UDP tracker: BEP 15 (connect and announce);</li>
 * <li>BitTorrent DHT: BEP 5 (KRPC ping, bencoded);</li>
 * <li>Gnutella 0.6: the RFC draft (rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html) §2.2
 * handshake, and the descriptor header, ping and query of the Gnutella Protocol Specification
 * v0.4 §2.2;</li>
 * <li>eDonkey2000/eMule: the eMule Protocol Specification (Kulbak &amp; Bickson, 2005) §6.2.1
 * hello and hello answer, tags per §1.5.</li>
 * </ul>
 */
final class P2pPayloads {

    private static final byte[] BT_PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
    /** BEP 15: the connect request's fixed protocol id. */
    private static final long UDP_TRACKER_PROTOCOL_ID = 0x41727101980L;

    private P2pPayloads() {
    }

    /** BEP 3 handshake: pstrlen 19, "BitTorrent protocol", 8 reserved bytes, info_hash, peer_id. */
    static byte[] btHandshake(byte[] infoHash, byte[] peerId) {
        // reserved[5] bit 0x10: extension protocol (BEP 10); reserved[7] bit 0x01: DHT (BEP 5)
        byte[] reserved = {0, 0, 0, 0, 0, 0x10, 0, 0x01};
        return new Wire().u8(BT_PROTOCOL.length).bytes(BT_PROTOCOL).bytes(reserved).bytes(infoHash).bytes(peerId).toBytes();
    }

    /** BEP 3 message: 4-byte big-endian length prefix, message id, payload. */
    static byte[] btMessage(int id, byte[] payload) {
        return new Wire().u32(1 + payload.length).u8(id).bytes(payload).toBytes();
    }

    /** bitfield (id 5) of {@code pieces} pieces, all present (a seeder). */
    static byte[] btBitfield(int pieces) {
        byte[] bits = new byte[(pieces + 7) / 8];
        for (int i = 0; i < pieces; i++) {
            bits[i / 8] |= (byte) (0x80 >> (i % 8));
        }
        return btMessage(5, bits);
    }

    /** interested (id 2). */
    static byte[] btInterested() {
        return btMessage(2, new byte[0]);
    }

    /** unchoke (id 1). */
    static byte[] btUnchoke() {
        return btMessage(1, new byte[0]);
    }

    /** request (id 6): index, begin, length. */
    static byte[] btRequest(int index, int begin, int length) {
        return btMessage(6, new Wire().u32(index).u32(begin).u32(length).toBytes());
    }

    /** piece (id 7): index, begin, block. */
    static byte[] btPiece(int index, int begin, byte[] block) {
        return btMessage(7, new Wire().u32(index).u32(begin).bytes(block).toBytes());
    }

    /** BEP 3 tracker announce over HTTP (compact=1, BEP 23). */
    static byte[] btAnnounce(String host, int trackerPort, byte[] infoHash, byte[] peerId, int port, long left,
            String userAgent) {
        return Wire.text("GET /announce?info_hash=", urlEncode(infoHash), "&peer_id=", urlEncode(peerId),
                "&port=", Integer.toString(port), "&uploaded=0&downloaded=0&left=", Long.toString(left),
                "&numwant=80&key=6c1f2a55&compact=1&supportcrypto=1&event=started HTTP/1.1\r\n",
                "Host: ", host, ":", Integer.toString(trackerPort), "\r\n",
                "User-Agent: ", userAgent, "\r\n",
                "Accept: */*\r\n",
                "Accept-Encoding: gzip;q=1.0, deflate, identity\r\n\r\n");
    }

    /** The tracker's answer: a bencoded dictionary with a compact peer list (6 bytes per peer, BEP 23). */
    static byte[] btAnnounceResponse(List<Ip> peers, int peerPort) {
        Wire compact = new Wire();
        for (Ip p : peers) {
            compact.bytes(p.bytes()).u16(peerPort);
        }
        byte[] body = new Wire().ascii("d8:completei" + peers.size() + "e10:incompletei1e8:intervali1800e5:peers"
                + compact.size() + ":").bytes(compact.toBytes()).ascii("e").toBytes();
        return Wire.concat(Wire.text("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ",
                Integer.toString(body.length), "\r\n\r\n"), body);
    }

    /** BEP 15 connect request: protocol id, action 0, transaction id. */
    static byte[] udpTrackerConnect(int transaction) {
        return new Wire().u64(UDP_TRACKER_PROTOCOL_ID).u32(0).u32(transaction).toBytes();
    }

    /** BEP 15 connect response: action 0, transaction id, connection id. */
    static byte[] udpTrackerConnectResponse(int transaction, long connectionId) {
        return new Wire().u32(0).u32(transaction).u64(connectionId).toBytes();
    }

    /** BEP 15 announce request (98 bytes): event 2 = started, num_want -1 = default. */
    static byte[] udpTrackerAnnounce(long connectionId, int transaction, byte[] infoHash, byte[] peerId, long left,
            int key, int port) {
        return new Wire().u64(connectionId).u32(1).u32(transaction).bytes(infoHash).bytes(peerId)
                .u64(0).u64(left).u64(0).u32(2).u32(0).u32(key).u32(0xffffffffL).u16(port).toBytes();
    }

    /** BEP 15 announce response: action 1, transaction id, interval, leechers, seeders, peers. */
    static byte[] udpTrackerAnnounceResponse(int transaction, List<Ip> peers, int peerPort) {
        Wire w = new Wire().u32(1).u32(transaction).u32(1800).u32(1).u32(peers.size());
        for (Ip p : peers) {
            w.bytes(p.bytes()).u16(peerPort);
        }
        return w.toBytes();
    }

    /** BEP 5 KRPC ping query: {@code d1:ad2:id20:<id>e1:q4:ping1:t2:<t>1:y1:qe}. */
    static byte[] dhtPing(byte[] nodeId, String transaction) {
        return new Wire().ascii("d1:ad2:id20:").bytes(nodeId).ascii("e1:q4:ping1:t2:" + transaction + "1:y1:qe").toBytes();
    }

    /** BEP 5 KRPC ping response: {@code d1:rd2:id20:<id>e1:t2:<t>1:y1:re}. */
    static byte[] dhtPong(byte[] nodeId, String transaction) {
        return new Wire().ascii("d1:rd2:id20:").bytes(nodeId).ascii("e1:t2:" + transaction + "1:y1:re").toBytes();
    }

    /** Gnutella 0.6 §2.2, first step: the connecting servent's request and headers. */
    static byte[] gnutellaConnect(String userAgent) {
        return Wire.text("GNUTELLA CONNECT/0.6\r\n", "User-Agent: ", userAgent, "\r\n", "X-Ultrapeer: False\r\n",
                "X-Query-Routing: 0.1\r\n", "Accept-Encoding: identity\r\n\r\n");
    }

    /** Gnutella 0.6 §2.2, second step: the accepting servent's answer. */
    static byte[] gnutellaOk(String userAgent) {
        return Wire.text("GNUTELLA/0.6 200 OK\r\n", "User-Agent: ", userAgent, "\r\n", "X-Ultrapeer: True\r\n",
                "X-Ultrapeer-Needed: False\r\n\r\n");
    }

    /** Gnutella 0.6 §2.2, third step: the connecting servent accepts. */
    static byte[] gnutellaAccept() {
        return Wire.text("GNUTELLA/0.6 200 OK\r\n\r\n");
    }

    /**
     * Gnutella v0.4 §2.2 descriptor: descriptor id (16 bytes, a GUID), payload descriptor, TTL,
     * hops, payload length (4 bytes little-endian), payload.
     */
    static byte[] gnutellaDescriptor(Random rnd, int type, int ttl, byte[] payload) {
        byte[] guid = Wire.random(rnd, 16);
        guid[8] = (byte) 0xff; // modern servents mark byte 8 all ones, byte 15 zero
        guid[15] = 0;
        return new Wire().bytes(guid).u8(type).u8(ttl).u8(0).u32le(payload.length).bytes(payload).toBytes();
    }

    /** Ping (0x00): no payload. */
    static byte[] gnutellaPing(Random rnd) {
        return gnutellaDescriptor(rnd, 0x00, 1, new byte[0]);
    }

    /** Pong (0x01): port (LE), IP address, files shared, kilobytes shared (LE). */
    static byte[] gnutellaPong(Random rnd, Ip servent, int port, int files, int kilobytes) {
        byte[] payload = new Wire().u16le(port).bytes(servent.bytes()).u32le(files).u32le(kilobytes).toBytes();
        return gnutellaDescriptor(rnd, 0x01, 1, payload);
    }

    /** Query (0x80): minimum speed (LE), NUL-terminated search criteria. */
    static byte[] gnutellaQuery(Random rnd, String criteria) {
        byte[] payload = new Wire().u16le(0).ascii(criteria).u8(0).toBytes();
        return gnutellaDescriptor(rnd, 0x80, 4, payload);
    }

    /** eMule §1.5 tag with a one-byte name id: string (type 2). */
    private static void stringTag(Wire w, int id, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        w.u8(0x02).u16le(1).u8(id).u16le(v.length).bytes(v);
    }

    /** eMule §1.5 tag with a one-byte name id: 32-bit integer (type 3). */
    private static void intTag(Wire w, int id, long value) {
        w.u8(0x03).u16le(1).u8(id).u32le(value);
    }

    /**
     * eMule §6.2.1 hello (opcode 0x01): hash size 16, user hash, client id, TCP port, tags (name
     * 0x01, version 0x11, eMule version 0xFB), server address and port.
     */
    static byte[] edonkeyHello(byte[] userHash, Ip client, int port, String nick, Ip server, int serverPort) {
        return edonkey(0x01, new Wire().u8(16).bytes(helloBody(userHash, client, port, nick, server, serverPort)).toBytes());
    }

    /** eMule §6.2.2 hello answer (opcode 0x4C): the hello without the hash size byte. */
    static byte[] edonkeyHelloAnswer(byte[] userHash, Ip client, int port, String nick, Ip server, int serverPort) {
        return edonkey(0x4C, helloBody(userHash, client, port, nick, server, serverPort));
    }

    private static byte[] helloBody(byte[] userHash, Ip client, int port, String nick, Ip server, int serverPort) {
        Wire w = new Wire().bytes(userHash).bytes(client.bytes()).u16le(port).u32le(3);
        stringTag(w, 0x01, nick);
        intTag(w, 0x11, 0x3C);
        intTag(w, 0xFB, (0L << 24) | (0 << 17) | (50 << 10) | (1 << 7)); // eMule 0.50b
        return w.bytes(server.bytes()).u16le(serverPort).toBytes();
    }

    /** eDonkey framing: protocol 0xE3, length (LE) of opcode and payload, opcode, payload. */
    static byte[] edonkey(int opcode, byte[] payload) {
        return new Wire().u8(0xE3).u32le(1 + payload.length).u8(opcode).bytes(payload).toBytes();
    }

    /** URL-encodes binary data the way BitTorrent clients do (unreserved bytes as is, RFC 3986). */
    static String urlEncode(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                s.append((char) c);
            } else {
                s.append('%').append(String.format("%02X", c));
            }
        }
        return s.toString();
    }
}
