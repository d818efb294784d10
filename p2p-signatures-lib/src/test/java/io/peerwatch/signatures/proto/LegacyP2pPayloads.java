package io.peerwatch.signatures.proto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * Test-scope payload builder for the legacy P2P signature tests, plus payloads of other common
 * protocols (HTTP, TLS, DNS, SSH, random bytes) for the no-false-positive tests. Every protocol
 * payload in the tests is built here or in the test from the protocol description the signature
 * cites; the tests say which.
 */
final class LegacyP2pPayloads {

    private LegacyP2pPayloads() {
    }

    /** A little fluent byte builder. */
    static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf u8(int... values) {
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        Buf le16(int v) {
            return u8(v & 0xff, (v >>> 8) & 0xff);
        }

        Buf be16(int v) {
            return u8((v >>> 8) & 0xff, v & 0xff);
        }

        Buf le32(long v) {
            return u8((int) (v & 0xff), (int) ((v >>> 8) & 0xff), (int) ((v >>> 16) & 0xff), (int) ((v >>> 24) & 0xff));
        }

        Buf be32(long v) {
            return u8((int) ((v >>> 24) & 0xff), (int) ((v >>> 16) & 0xff), (int) ((v >>> 8) & 0xff), (int) (v & 0xff));
        }

        Buf ascii(String s) {
            return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        Buf utf8(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        Buf bytes(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        Buf zeros(int n) {
            return bytes(new byte[n]);
        }

        Buf fill(int n, int value) {
            for (int i = 0; i < n; i++) {
                out.write(value);
            }
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] array() {
            return out.toByteArray();
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(array());
        }
    }

    static Buf buf() {
        return new Buf();
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static ByteBuffer wrap(byte[] b) {
        return ByteBuffer.wrap(b);
    }

    /** The first {@code n} bytes of {@code b}, as a capture with a short snap length would give. */
    static ByteBuffer prefix(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.get(i);
        }
        return ByteBuffer.wrap(out);
    }

    static byte[] deflate(byte[] data, boolean zlibHeader) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, !zlibHeader);
        d.setInput(data);
        d.finish();
        byte[] out = new byte[data.length + 64];
        int n = d.deflate(out);
        d.end();
        byte[] r = new byte[n];
        System.arraycopy(out, 0, r, 0, n);
        return r;
    }

    // --- other protocols, for no-false-positive tests ---

    static ByteBuffer httpGet() {
        return ascii("GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/8.5.0\r\n"
                + "Accept: */*\r\n\r\n");
    }

    static ByteBuffer httpResponse() {
        return ascii("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello");
    }

    /** A TLS 1.3-style ClientHello (RFC 8446 4.1.2) with SNI and the given ALPN names. */
    static ByteBuffer tlsClientHello(String sni, String... alpn) {
        Buf ext = buf();
        if (sni != null) {
            byte[] host = sni.getBytes(StandardCharsets.US_ASCII);
            ext.be16(0).be16(host.length + 5).be16(host.length + 3).u8(0).be16(host.length).bytes(host);
        }
        if (alpn.length > 0) {
            Buf list = buf();
            for (String a : alpn) {
                list.u8(a.length()).ascii(a);
            }
            ext.be16(16).be16(list.size() + 2).be16(list.size()).bytes(list.array());
        }
        ext.be16(43).be16(3).u8(2).be16(0x0304);
        Buf body = buf().be16(0x0303).fill(32, 0x42).u8(32).fill(32, 0x24).be16(4).be16(0x1301).be16(0x1302)
                .u8(1).u8(0).be16(ext.size()).bytes(ext.array());
        Buf hs = buf().u8(1).u8(0).be16(body.size()).bytes(body.array());
        return buf().u8(0x16, 0x03, 0x01).be16(hs.size()).bytes(hs.array()).buffer();
    }

    /** A DNS query for www.example.com, type A (RFC 1035 4.1). */
    static ByteBuffer dnsQuery() {
        return buf().be16(0x1234).be16(0x0100).be16(1).be16(0).be16(0).be16(0)
                .u8(3).ascii("www").u8(7).ascii("example").u8(3).ascii("com").u8(0).be16(1).be16(1).buffer();
    }

    static ByteBuffer sshBanner() {
        return ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
    }

    static ByteBuffer random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return ByteBuffer.wrap(b);
    }
}
