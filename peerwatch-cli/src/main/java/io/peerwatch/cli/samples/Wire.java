package io.peerwatch.cli.samples;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** A growable byte buffer with the integer encodings the sample protocols use. */
final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Wire u8(int v) {
        out.write(v);
        return this;
    }

    Wire u16(int v) {
        return u8(v >> 8).u8(v);
    }

    Wire u16le(int v) {
        return u8(v).u8(v >> 8);
    }

    Wire u24(int v) {
        return u8(v >> 16).u16(v);
    }

    Wire u32(long v) {
        return u16((int) (v >> 16)).u16((int) v);
    }

    Wire u32le(long v) {
        return u16le((int) v).u16le((int) (v >> 16));
    }

    Wire u64(long v) {
        return u32(v >>> 32).u32(v);
    }

    Wire bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Wire ascii(String s) {
        return bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    static byte[] text(String... lines) {
        return String.join("", lines).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] random(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        Wire w = new Wire();
        for (byte[] p : parts) {
            w.bytes(p);
        }
        return w.toBytes();
    }
}
