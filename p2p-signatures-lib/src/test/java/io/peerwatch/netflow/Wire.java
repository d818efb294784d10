package io.peerwatch.netflow;

import io.peerwatch.core.IpAddress;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Test helper: builds export datagrams byte by byte (big endian). */
final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wire of() {
        return new Wire();
    }

    Wire u8(long v) {
        out.write((int) v);
        return this;
    }

    Wire u16(long v) {
        return u8(v >>> 8).u8(v);
    }

    Wire u32(long v) {
        return u16(v >>> 16).u16(v);
    }

    Wire u64(long v) {
        return u32(v >>> 32).u32(v);
    }

    Wire addr(String a) {
        out.writeBytes(IpAddress.parse(a).toBytes());
        return this;
    }

    Wire bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Wire zeros(int n) {
        return bytes(new byte[n]);
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    /** Wraps the bytes as a set with id and computed length. */
    static byte[] set(int id, byte[] body) {
        return of().u16(id).u16(body.length + 4).bytes(body).toBytes();
    }

    /** A NetFlow v9 datagram: header, then the given sets. */
    static ByteBuffer v9(long sysUptime, long unixSecs, long sequence, long sourceId, byte[]... sets) {
        Wire w = of().u16(9).u16(sets.length).u32(sysUptime).u32(unixSecs).u32(sequence).u32(sourceId);
        for (byte[] s : sets) {
            w.bytes(s);
        }
        return ByteBuffer.wrap(w.toBytes());
    }

    /** An IPFIX message: header with the right length, then the given sets. */
    static ByteBuffer ipfix(long exportSecs, long sequence, long domain, byte[]... sets) {
        int length = 16;
        for (byte[] s : sets) {
            length += s.length;
        }
        Wire w = of().u16(10).u16(length).u32(exportSecs).u32(sequence).u32(domain);
        for (byte[] s : sets) {
            w.bytes(s);
        }
        return ByteBuffer.wrap(w.toBytes());
    }

    /** Template record body: id, count, then (type, length) pairs. */
    static byte[] template(int id, int... typeLength) {
        Wire w = of().u16(id).u16(typeLength.length / 2);
        for (int v : typeLength) {
            w.u16(v);
        }
        return w.toBytes();
    }

    static byte[] concat(byte[]... parts) {
        Wire w = of();
        for (byte[] p : parts) {
            w.bytes(p);
        }
        return w.toBytes();
    }
}
