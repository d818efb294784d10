package io.peerwatch.signatures.proto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Hand-built payloads for the tunnel and benign signature tests, written from the protocol
 * descriptions cited in each signature's Javadoc (not copied from captures).
 */
final class TunnelPayloads {

    private TunnelPayloads() {
    }

    /** A byte builder with big- and little-endian writers. */
    static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Builder u8(int... values) {
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        Builder u16(int v) {
            return u8(v >>> 8, v & 0xff);
        }

        Builder u24(int v) {
            return u8(v >>> 16, (v >>> 8) & 0xff, v & 0xff);
        }

        Builder u32(long v) {
            return u8((int) (v >>> 24) & 0xff, (int) (v >>> 16) & 0xff, (int) (v >>> 8) & 0xff, (int) v & 0xff);
        }

        Builder u32le(long v) {
            return u8((int) v & 0xff, (int) (v >>> 8) & 0xff, (int) (v >>> 16) & 0xff, (int) (v >>> 24) & 0xff);
        }

        Builder ascii(String s) {
            return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        Builder bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Builder zeros(int n) {
            return bytes(new byte[n]);
        }

        Builder random(int n, long seed) {
            return bytes(randomBytes(n, seed));
        }

        int size() {
            return out.size();
        }

        byte[] array() {
            return out.toByteArray();
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(out.toByteArray());
        }
    }

    static Builder build() {
        return new Builder();
    }

    static ByteBuffer ascii(String s) {
        return build().ascii(s).buffer();
    }

    static ByteBuffer hex(String h) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    static ByteBuffer bytes(int... v) {
        return build().u8(v).buffer();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static ByteBuffer random(int n, long seed) {
        return ByteBuffer.wrap(randomBytes(n, seed));
    }

    /** The first {@code n} bytes of {@code b}, as its own buffer. */
    static ByteBuffer truncate(ByteBuffer b, int n) {
        byte[] all = new byte[b.limit()];
        b.duplicate().position(0).get(all);
        return ByteBuffer.wrap(Arrays.copyOf(all, n));
    }

    /** Hex of the whole buffer, for assertion messages. */
    static String hexOf(ByteBuffer b) {
        byte[] all = new byte[b.limit()];
        b.duplicate().position(0).get(all);
        return HexFormat.of().formatHex(all);
    }

    /** An ordinary browser request. */
    static ByteBuffer httpGet() {
        return ascii("GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: Mozilla/5.0\r\n"
                + "Accept: */*\r\n\r\n");
    }

    /** A DNS query (RFC 1035 §4.1) for {@code name} with the given type; labels are split on dots. */
    static ByteBuffer dnsQuery(int id, String name, int qtype) {
        Builder b = build().u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(0);
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.ISO_8859_1);
            b.u8(l.length).bytes(l);
        }
        return b.u8(0).u16(qtype).u16(1).buffer();
    }

    /** A DNS query whose name is the given raw labels followed by {@code domain}. */
    static ByteBuffer dnsQuery(int id, List<byte[]> labels, String domain, int qtype) {
        Builder b = build().u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(0);
        for (byte[] l : labels) {
            b.u8(l.length).bytes(l);
        }
        for (String label : domain.split("\\.")) {
            b.u8(label.length()).ascii(label);
        }
        return b.u8(0).u16(qtype).u16(1).buffer();
    }

    /** The response to {@link #dnsQuery(int, String, int)} with one A record. */
    static ByteBuffer dnsResponse(ByteBuffer query) {
        byte[] q = new byte[query.limit()];
        query.duplicate().position(0).get(q);
        q[2] = (byte) 0x81;
        q[3] = (byte) 0x80;
        q[7] = 1;
        return build().bytes(q).u16(0xC00C).u16(1).u16(1).u32(300).u16(4).u8(192, 0, 2, 1).buffer();
    }

    /**
     * A TLS 1.2-framed ClientHello (RFC 8446 §4.1.2): SNI when {@code sni} is non-null, ALPN
     * when {@code alpn} is non-empty, supported_versions offering TLS 1.3 when {@code tls13}.
     */
    static ByteBuffer clientHello(String sni, List<String> alpn, boolean tls13) {
        Builder ext = build();
        if (sni != null) {
            ext.u16(0).u16(sni.length() + 5).u16(sni.length() + 3).u8(0).u16(sni.length()).ascii(sni);
        }
        ext.u16(10).u16(4).u16(2).u16(0x001d);
        if (!alpn.isEmpty()) {
            Builder list = build();
            alpn.forEach(a -> list.u8(a.length()).ascii(a));
            ext.u16(16).u16(list.size() + 2).u16(list.size()).bytes(list.array());
        }
        if (tls13) {
            ext.u16(43).u16(5).u8(4).u16(0x0304).u16(0x0303);
            ext.u16(51).u16(38).u16(36).u16(0x001d).u16(32).random(32, 7);
        }
        Builder body = build().u16(0x0303).random(32, 1).u8(32).random(32, 2)
                .u16(6).u16(0x1301).u16(0xc02f).u16(0x009c).u8(1).u8(0)
                .u16(ext.size()).bytes(ext.array());
        Builder hs = build().u8(1).u24(body.size()).bytes(body.array());
        return build().u8(22).u16(0x0301).u16(hs.size()).bytes(hs.array()).buffer();
    }

    /** A ServerHello record (content irrelevant to the signatures beyond its header). */
    static ByteBuffer serverHello() {
        Builder body = build().u16(0x0303).random(32, 3).u8(0).u16(0x1301).u8(0).u16(0);
        Builder hs = build().u8(2).u24(body.size()).bytes(body.array());
        return build().u8(22).u16(0x0303).u16(hs.size()).bytes(hs.array()).buffer();
    }
}
