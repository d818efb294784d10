package io.peerwatch.cli.samples;

import java.util.Random;

/**
 * Protocol-correct benign and tunnel messages for the sample capture:
 * <ul>
 * <li>DNS: RFC 1035 §4.1 (header, question, answer with a compression pointer, §4.1.4); record
 * type NULL (10) §3.3.10;</li>
 * <li>HTTP/1.1: RFC 9112 request and status lines, RFC 9110 fields;</li>
 * <li>TLS 1.3 ClientHello and ServerHello: RFC 8446 §4.1.2-4.1.3 with server_name (RFC 6066 §3),
 * supported_groups, signature_algorithms, ALPN (RFC 7301), supported_versions and key_share;</li>
 * <li>ICMP echo data as iputils {@code ping} fills it (a 16-byte timestamp, then byte {@code i}
 * = {@code i}), and as a data tunnel carries it (opaque bytes).</li>
 * </ul>
 */
final class Payloads {

    /** DNS record types used here. */
    static final int TYPE_A = 1;
    static final int TYPE_NULL = 10;
    static final int TYPE_TXT = 16;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Payloads() {
    }

    /** A standard query (RD set) for one name. */
    static byte[] dnsQuery(int id, String name, int type) {
        return question(new Wire().u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(0), name, type).toBytes();
    }

    /** The answer to {@link #dnsQuery}: the question repeated, one record pointing back at its name (0xC00C). */
    static byte[] dnsAnswer(int id, String name, int type, byte[] rdata) {
        Wire w = question(new Wire().u16(id).u16(0x8180).u16(1).u16(1).u16(0).u16(0), name, type);
        return w.u16(0xC00C).u16(type).u16(1).u32(300).u16(rdata.length).bytes(rdata).toBytes();
    }

    private static Wire question(Wire w, String name, int type) {
        for (String label : name.split("\\.")) {
            w.u8(label.length()).ascii(label);
        }
        return w.u8(0).u16(type).u16(1);
    }

    /** Random data in base32 (RFC 4648 alphabet, lower case), as DNS tunnels put it in labels. */
    static String base32(Random rnd, int chars) {
        StringBuilder s = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            s.append(BASE32[rnd.nextInt(BASE32.length)]);
        }
        return s.toString();
    }

    /** An HTTP/1.1 GET with the fields a browser sends. */
    static byte[] httpGet(String host, String path) {
        return Wire.text("GET ", path, " HTTP/1.1\r\n", "Host: ", host, "\r\n",
                "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n",
                "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n",
                "Accept-Language: en-GB,en;q=0.5\r\n", "Connection: keep-alive\r\n\r\n");
    }

    /** An HTTP/1.1 200 answer with an HTML body of about {@code size} bytes. */
    static byte[] httpOk(int size) {
        StringBuilder body = new StringBuilder("<!doctype html>\n<html><head><title>Intranet news</title></head><body>\n");
        for (int i = 0; body.length() < size; i++) {
            body.append("<p>Item ").append(i).append(": the canteen menu, room bookings and the travel policy.</p>\n");
        }
        body.append("</body></html>\n");
        return Wire.text("HTTP/1.1 200 OK\r\n", "Content-Type: text/html; charset=utf-8\r\n", "Content-Length: ",
                Integer.toString(body.length()), "\r\n", "Cache-Control: max-age=600\r\n\r\n", body.toString());
    }

    /** A TLS 1.3 ClientHello in one handshake record. */
    static byte[] tlsClientHello(Random rnd, String serverName) {
        Wire ext = new Wire();
        byte[] sni = serverName.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // server_name (0): list length, type host_name (0), name
        ext.u16(0).u16(sni.length + 5).u16(sni.length + 3).u8(0).u16(sni.length).bytes(sni);
        // supported_groups (10): x25519, secp256r1
        ext.u16(10).u16(6).u16(4).u16(0x001d).u16(0x0017);
        // signature_algorithms (13): ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
        ext.u16(13).u16(8).u16(6).u16(0x0403).u16(0x0804).u16(0x0401);
        // application_layer_protocol_negotiation (16): h2, http/1.1
        ext.u16(16).u16(14).u16(12).u8(2).ascii("h2").u8(8).ascii("http/1.1");
        // supported_versions (43): TLS 1.3, TLS 1.2
        ext.u16(43).u16(5).u8(4).u16(0x0304).u16(0x0303);
        // key_share (51): one x25519 share
        ext.u16(51).u16(38).u16(36).u16(0x001d).u16(32).bytes(Wire.random(rnd, 32));
        byte[] e = ext.toBytes();
        Wire hello = new Wire().u16(0x0303).bytes(Wire.random(rnd, 32)).u8(32).bytes(Wire.random(rnd, 32))
                .u16(6).u16(0x1301).u16(0x1302).u16(0x1303).u8(1).u8(0).u16(e.length).bytes(e);
        return handshakeRecord(1, hello.toBytes(), 0x0301);
    }

    /** A TLS 1.3 ServerHello (supported_versions, key_share), then change_cipher_spec and encrypted records. */
    static byte[] tlsServerFlight(Random rnd, int encryptedBytes) {
        Wire ext = new Wire();
        ext.u16(43).u16(2).u16(0x0304);
        ext.u16(51).u16(36).u16(0x001d).u16(32).bytes(Wire.random(rnd, 32));
        byte[] e = ext.toBytes();
        Wire hello = new Wire().u16(0x0303).bytes(Wire.random(rnd, 32)).u8(32).bytes(Wire.random(rnd, 32))
                .u16(0x1301).u8(0).u16(e.length).bytes(e);
        Wire out = new Wire().bytes(handshakeRecord(2, hello.toBytes(), 0x0303));
        out.u8(20).u16(0x0303).u16(1).u8(1); // change_cipher_spec, for middlebox compatibility (RFC 8446 §D.4)
        return out.bytes(applicationData(rnd, encryptedBytes)).toBytes();
    }

    /** TLS application_data records (23) of opaque bytes. */
    static byte[] applicationData(Random rnd, int bytes) {
        Wire out = new Wire();
        for (int left = bytes; left > 0; left -= 16_384) {
            int n = Math.min(left, 16_384);
            out.u8(23).u16(0x0303).u16(n).bytes(Wire.random(rnd, n));
        }
        return out.toBytes();
    }

    private static byte[] handshakeRecord(int type, byte[] body, int recordVersion) {
        return new Wire().u8(22).u16(recordVersion).u16(body.length + 4).u8(type).u24(body.length).bytes(body).toBytes();
    }

    /**
     * iputils ping data on a 64-bit host: a {@code struct timeval} (16 bytes, little-endian seconds
     * and microseconds) then bytes 0x10, 0x11, ... (byte {@code i} holds {@code i}).
     */
    static byte[] pingData(long timeMicros, int size) {
        Wire w = new Wire().u32le(timeMicros / 1_000_000).u32le(0).u32le(timeMicros % 1_000_000).u32le(0);
        for (int i = 16; i < size; i++) {
            w.u8(i);
        }
        return w.toBytes();
    }

    /**
     * SSH protocol version exchange (RFC 4253 section 4.2): {@code SSH-protoversion-softwareversion}
     * then CR LF, the first line each side sends.
     */
    static byte[] sshVersion(String softwareVersion) {
        return Wire.text("SSH-2.0-", softwareVersion, "\r\n");
    }
}
