package io.peerwatch.signatures.proto;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * Gnutella2 (G2, Shareaza) over TCP and UDP.
 *
 * <p>TCP: G2 shares the Gnutella 0.6 handshake and is negotiated by its headers (G2 developer
 * network, "Connection Handshake", https://g2.doxu.org/): the connecting node offers
 * {@code Accept: application/x-gnutella2} and the answer declares
 * {@code Content-Type: application/x-gnutella2}. A {@code GNUTELLA CONNECT/0.6} whose complete
 * header block lacks the content type is left to {@link GnutellaSignature}; one that offers it
 * waits for the response (NEED_MORE), which decides. A header block cut across segments is
 * followed into the next packet of the same direction.
 *
 * <p>UDP: every datagram starts with the 8-byte G2 UDP header (G2 "UDP Transceiver"):
 * {@code "GND"}, flags (bit 0 deflate, bit 1 acknowledge-me), 16-bit sequence, part number,
 * part count; part count 0 marks an acknowledgement. The signature requires 1 &lt;= part &lt;=
 * count (or count 0 for acks) and, for an uncompressed single-part datagram, a well-formed G2
 * packet control byte (see {@link G2Packets}).
 *
 * <p>Evidence: CLIENT from the handshake's User-Agent; over UDP, SEARCH from a {@code /Q2/DN}
 * descriptive name and FILE_NAME from {@code /QH2/H/DN}. The deflated TCP packet stream is not
 * read (G2 searches travel over UDP).
 */
final class Gnutella2Signature implements Signature {

    static final Gnutella2Signature INSTANCE = new Gnutella2Signature();

    private static final byte[] CONNECT_06 = Bytes.ascii("GNUTELLA CONNECT/0.6");
    private static final byte[] RESPONSE = Bytes.ascii("GNUTELLA/0.6 ");
    private static final byte[] G2_TYPE = Bytes.ascii("application/x-gnutella2");
    private static final byte[] GND = Bytes.ascii("GND");
    private static final int UDP_HEADER = 8;
    private static final int PART = 6;
    private static final int COUNT = 7;
    private static final int FLAG_DEFLATE = 0x01;
    /** Scratch word 0: handshake progress. */
    private static final int STATE = 0;
    private static final int OFFERED = 1;
    private static final int HEADERS_CONTINUE = 2;

    private Gnutella2Signature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.GNUTELLA2;
    }

    @Override
    public Selection selection() {
        return Selection.TCP_OR_UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        if (scratch.ipProtocol() == IpProtocol.UDP) {
            return isDatagram(payload) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        int state = scratch.get(id(), STATE);
        if (state == HEADERS_CONTINUE && dir == Direction.CLIENT_TO_SERVER) {
            boolean mentions = mentionsG2(payload);
            scratch.set(id(), STATE, mentions ? OFFERED : HEADERS_CONTINUE);
            return mentions || HttpHead.completeBlockEnd(payload) < 0 ? Verdict.NEED_MORE : Verdict.NO_MATCH;
        }
        if (Bytes.startsWith(payload, RESPONSE)) {
            return mentionsG2(payload) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (state != 0 || !Bytes.startsWith(payload, CONNECT_06)) {
            return state == OFFERED ? Verdict.NEED_MORE : Verdict.NO_MATCH;
        }
        if (mentionsG2(payload)) {
            scratch.set(id(), STATE, OFFERED);
            return Verdict.NEED_MORE;
        }
        if (HttpHead.completeBlockEnd(payload) < 0) {
            scratch.set(id(), STATE, HEADERS_CONTINUE);
            return Verdict.NEED_MORE;
        }
        return Verdict.NO_MATCH;
    }

    private static boolean mentionsG2(ByteBuffer b) {
        return Bytes.indexOfIgnoreCase(b, G2_TYPE, 0, HttpHead.MAX_HEAD) >= 0;
    }

    private static boolean isDatagram(ByteBuffer b) {
        if (b.limit() < UDP_HEADER || !Bytes.startsWith(b, GND)) {
            return false;
        }
        int part = b.get(PART) & 0xff;
        int count = b.get(COUNT) & 0xff;
        if (count == 0) {
            return part >= 1 && b.limit() == UDP_HEADER;
        }
        if (part < 1 || part > count) {
            return false;
        }
        boolean whole = count == 1 && (b.get(3) & FLAG_DEFLATE) == 0;
        return !whole || G2Packets.isPacket(b, UDP_HEADER, b.limit());
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        if (scratch.ipProtocol() == IpProtocol.UDP) {
            if (payload.limit() > UDP_HEADER && Bytes.startsWith(payload, GND) && (payload.get(COUNT) & 0xff) == 1) {
                G2Packets.describe(payload, UDP_HEADER, (payload.get(3) & FLAG_DEFLATE) != 0, out);
            }
        } else if (GnutellaEvidence.isHandshake(payload)) {
            GnutellaEvidence.handshake(payload, dir.ordinal(), scratch, false, out);
        }
    }
}
