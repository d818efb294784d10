package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Describe-time state of one Gnutella connection after its handshake: per direction, an optional
 * {@link Inflater} (for {@code Content-Encoding: deflate}, which every modern servent negotiates)
 * and a small reassembly buffer, so query strings and query-hit file names can be read out of the
 * descriptor stream. Kept in the flow's {@link io.peerwatch.signatures.FlowScratch#attachment()}
 * and closed by the engine when the flow's metadata window ends.
 *
 * <p>Memory is bounded per flow: two inflaters (zlib window, about 40 KiB native each), a
 * reassembly buffer of up to {@value #CARRY} bytes per direction read and one {@value #CHUNK}-byte output
 * buffer. A
 * descriptor longer than the reassembly buffer is described from its first {@value #CARRY}
 * bytes and the rest skipped. Any inconsistency (bad deflate data after a retransmission or a
 * TLS upgrade, an impossible descriptor header) stops reading that direction.
 */
final class GnutellaStream implements AutoCloseable {

    static final int CARRY = 8192;
    private static final int INITIAL_CARRY = 1024;
    static final int CHUNK = 4096;

    private final Inflater[] inflater = new Inflater[2];
    /** Made when a direction starts: most connections carry descriptors one way only. */
    private final byte[][] carry = new byte[2][];
    private final int[] carryLen = new int[2];
    private final long[] skip = new long[2];
    private final boolean[] active = new boolean[2];
    private final boolean[] failed = new boolean[2];
    private byte[] chunk;
    private byte[] input = new byte[0];

    /** Starts reading direction {@code d}'s descriptor stream, compressed or not. */
    void start(int d, boolean deflate) {
        active[d] = true;
        if (carry[d] == null) {
            carry[d] = new byte[INITIAL_CARRY];
        }
        if (deflate && inflater[d] == null) {
            inflater[d] = new Inflater();
            if (chunk == null) {
                chunk = new byte[CHUNK];
            }
        }
    }

    /** True when direction {@code d} is being read. */
    boolean active(int d) {
        return active[d] && !failed[d];
    }

    /** Feeds payload bytes {@code [from, limit)} of direction {@code d}. */
    void feed(int d, ByteBuffer p, int from, Metadata out) {
        int len = p.limit() - from;
        if (!active(d) || len <= 0) {
            return;
        }
        if (input.length < len) {
            input = new byte[len];
        }
        p.get(from, input, 0, len);
        Inflater inf = inflater[d];
        if (inf == null) {
            append(d, input, len, out);
            return;
        }
        inf.setInput(input, 0, len);
        try {
            while (!failed[d]) {
                int k = inf.inflate(chunk);
                if (k > 0) {
                    append(d, chunk, k, out);
                } else if (inf.needsInput() || inf.finished() || inf.needsDictionary()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            failed[d] = true;
        }
    }

    private void append(int d, byte[] src, int len, Metadata out) {
        int off = 0;
        while (off < len && !failed[d]) {
            if (skip[d] > 0) {
                int s = (int) Math.min(skip[d], len - off);
                skip[d] -= s;
                off += s;
                continue;
            }
            if (carryLen[d] == carry[d].length) {
                // Most descriptors are small; the buffer grows to CARRY only for long ones.
                carry[d] = java.util.Arrays.copyOf(carry[d], Math.min(CARRY, 2 * carry[d].length));
            }
            int n = Math.min(carry[d].length - carryLen[d], len - off);
            System.arraycopy(src, off, carry[d], carryLen[d], n);
            carryLen[d] += n;
            off += n;
            drain(d, out);
        }
    }

    private void drain(int d, Metadata out) {
        byte[] c = carry[d];
        ByteBuffer view = ByteBuffer.wrap(c, 0, carryLen[d]);
        int pos = 0;
        while (carryLen[d] - pos >= GnutellaDescriptors.HEADER) {
            int type = c[pos + GnutellaDescriptors.TYPE] & 0xff;
            long payload = Bytes.u32le(view, pos + GnutellaDescriptors.LENGTH);
            if (!GnutellaDescriptors.knownType(type) || payload > GnutellaDescriptors.MAX_PAYLOAD) {
                failed[d] = true;
                return;
            }
            long total = GnutellaDescriptors.HEADER + payload;
            if (pos + total <= carryLen[d]) {
                GnutellaDescriptors.describe(view, pos, (int) (pos + total), out);
                pos += (int) total;
            } else if (total > CARRY) {
                // Larger than the buffer: describe the part we hold once the buffer is full.
                if (pos > 0) {
                    break;
                }
                if (carryLen[d] == CARRY) {
                    GnutellaDescriptors.describe(view, 0, CARRY, out);
                    skip[d] = total - CARRY;
                    carryLen[d] = 0;
                }
                return;
            } else {
                break;
            }
        }
        System.arraycopy(c, pos, c, 0, carryLen[d] - pos);
        carryLen[d] -= pos;
    }

    @Override
    public void close() {
        for (int d = 0; d < 2; d++) {
            if (inflater[d] != null) {
                inflater[d].end();
                inflater[d] = null;
            }
            active[d] = false;
        }
    }
}
