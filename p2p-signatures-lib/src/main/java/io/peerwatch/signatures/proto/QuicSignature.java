package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * QUIC (benign recogniser), from the flow's first datagram:
 * <ul>
 *   <li>IETF long header (RFC 9000 §17.2, RFC 8999 §5.1): first byte with the form bit set,
 *       a 4-byte version, DCID length (at most 20) and DCID, SCID length (at most 20) and
 *       SCID, all inside the datagram. Known versions: 1 (RFC 9000), 2 ({@code 0x6b3343cf},
 *       RFC 9369), drafts {@code 0xff0000xx}, Facebook mvfst {@code 0xfaceb00x}, Google
 *       {@code Q0xx}/{@code T0xx} on long headers; version 0 is a Version Negotiation packet
 *       (RFC 9000 §17.2.1). A client's first Initial must fill at least 1200 bytes (§14.1).</li>
 *   <li>Google QUIC public header (gQUIC up to Q043, "QUIC Wire Layout" design document):
 *       public flags with the version bit and an 8-byte connection id, then the ASCII
 *       version {@code Q0dd} at offset 9.</li>
 * </ul>
 *
 * <p>Evidence: a {@link MetadataKey#NOTE} with the version.
 */
final class QuicSignature implements Signature {

    static final QuicSignature INSTANCE = new QuicSignature();

    private static final int LONG_HEADER = 0x80;
    private static final int V1 = 1;
    private static final int V2 = 0x6b3343cf;
    private static final int DRAFT_MASK = 0xffffff00;
    private static final int DRAFT_PREFIX = 0xff000000;
    private static final int MVFST_MASK = 0xfffffff0;
    private static final int MVFST_PREFIX = 0xfaceb000;
    private static final int MAX_CID = 20;
    private static final int MIN_CLIENT_INITIAL = 1200;
    private static final int GQUIC_VERSION_FLAG = 0x01;
    private static final int GQUIC_CID_FLAG = 0x08;
    private static final int GQUIC_VERSION_OFFSET = 9;
    private static final int GQUIC_MAX_FLAGS = 0x7F;

    private QuicSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.QUIC;
    }

    @Override
    public Selection selection() {
        return Selection.UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (s.payloadPackets() > 0) {
            return Verdict.NO_MATCH;
        }
        return isIetfLongHeader(p, dir) || isGoogleQuic(p) ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    private static boolean isIetfLongHeader(ByteBuffer p, Direction dir) {
        int first = Bytes.u8(p, 0);
        long version = Bytes.u32be(p, 1);
        if (first < 0 || (first & LONG_HEADER) == 0 || version < 0) {
            return false;
        }
        int v = (int) version;
        boolean known = v == 0 || v == V1 || v == V2 || (v & DRAFT_MASK) == DRAFT_PREFIX
                || (v & MVFST_MASK) == MVFST_PREFIX || isGoogleVersion(p, 1);
        int dcid = Bytes.u8(p, 5);
        int scid = Bytes.u8(p, 6 + Math.max(dcid, 0));
        boolean cids = dcid >= 0 && dcid <= MAX_CID && scid >= 0 && scid <= MAX_CID && 7 + dcid + scid <= p.limit();
        boolean size = v == 0 || dir != Direction.CLIENT_TO_SERVER || p.limit() >= MIN_CLIENT_INITIAL;
        return known && cids && size;
    }

    private static boolean isGoogleQuic(ByteBuffer p) {
        int flags = Bytes.u8(p, 0);
        return flags >= 0 && flags <= GQUIC_MAX_FLAGS && (flags & GQUIC_VERSION_FLAG) != 0
                && (flags & GQUIC_CID_FLAG) != 0 && isGoogleVersion(p, GQUIC_VERSION_OFFSET);
    }

    /** {@code Q0dd} or {@code T0dd} at {@code off}. */
    private static boolean isGoogleVersion(ByteBuffer p, int off) {
        int c0 = Bytes.u8(p, off);
        return (c0 == 'Q' || c0 == 'T') && Bytes.u8(p, off + 1) == '0' && isDigit(Bytes.u8(p, off + 2))
                && isDigit(Bytes.u8(p, off + 3));
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        if (out.isEmpty() && isGoogleQuic(p)) {
            out.put(MetadataKey.NOTE, "Google QUIC " + Bytes.text(p, GQUIC_VERSION_OFFSET, GQUIC_VERSION_OFFSET + 4));
        } else if (out.isEmpty() && (Bytes.u8(p, 0) & LONG_HEADER) != 0) {
            out.put(MetadataKey.NOTE, "QUIC version 0x" + Bytes.hex(p, 1, 4));
        }
        if (!out.isEmpty()) {
            s.endMetadata(); // the version note is all it reports
        }
    }
}
