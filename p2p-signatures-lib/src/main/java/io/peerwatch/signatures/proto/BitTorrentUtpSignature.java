package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * uTP, the Micro Transport Protocol carrying BitTorrent over UDP
 * (<a href="https://www.bittorrent.org/beps/bep_0029.html">BEP 29</a>). Header, big-endian, 20 bytes:
 * {@code type(4 bits) version(4 bits)=1, extension(8), connection_id(16), timestamp_us(32),
 * timestamp_difference_us(32), wnd_size(32), seq_nr(16), ack_nr(16)}, then a chain of extensions
 * {@code <next type(8)><length(8)><bytes>} (1 selective ack, length a multiple of 4; 2 extension
 * bits, length 8, from libutp; 3 close reason, length 4, from libtorrent). Types: 0 ST_DATA
 * (carries payload), 1 ST_FIN, 2 ST_STATE, 3 ST_RESET, 4 ST_SYN (no payload).
 *
 * <p>One datagram can pass these checks by chance, so a flow matches only when two packets are
 * consistent: a ST_STATE answering a ST_SYN with its connection id and {@code ack_nr = seq_nr};
 * or two packets of one direction with the same connection id (the SYN's id + 1 after a SYN),
 * {@code seq_nr} advancing by at most {@link SignatureConfig#utpMaxSeqAdvance()} and a later timestamp (so a
 * retransmitted SYN counts, an identical replayed datagram does not); or two directions whose
 * connection ids differ by one and whose seq/ack numbers are within that distance.
 * A ST_DATA whose payload is a BitTorrent handshake is decisive at once. STUN messages (magic
 * cookie {@code 0x2112A442} where uTP keeps its timestamp, RFC 5389) are excluded.
 */
final class BitTorrentUtpSignature implements Signature {

    static final BitTorrentUtpSignature INSTANCE = new BitTorrentUtpSignature(SignatureConfig.defaults());

    private static final int HEADER = 20;
    private static final int VERSION = 1;
    private static final int ST_DATA = 0;
    private static final int ST_STATE = 2;
    private static final int ST_SYN = 4;
    private static final int EXT_SACK = 1;
    private static final int EXT_BITS = 2;
    private static final int EXT_BITS_LENGTH = 8;
    private static final int EXT_CLOSE = 3;
    private static final int EXT_CLOSE_LENGTH = 4;
    private static final int MAX_EXTENSIONS = 4;
    private static final long STUN_COOKIE = 0x2112A442L;

    private static final SignatureId ID = SignatureId.BITTORRENT_UTP;
    /** Scratch: reference packet's connection id << 16 | seq_nr; its timestamp; its ack_nr | type << 16 | (dir + 1) << 20; misses. */
    private static final int W_REF = 0;
    private static final int W_TIME = 1;
    private static final int W_META = 2;
    private static final int W_MISSES = 3;

    /** Largest seq_nr/ack_nr distance between two packets of one connection inspected close together. */
    private final int maxSeqAdvance;
    /** Largest timestamp advance (microseconds) between two packets of one direction. */
    private final long maxTimestampAdvanceUs;
    /** Valid-looking but inconsistent packets tolerated before giving up. */
    final int maxInconsistent;

    BitTorrentUtpSignature(SignatureConfig config) {
        this.maxSeqAdvance = config.utpMaxSeqAdvance();
        this.maxTimestampAdvanceUs = config.utpMaxTimestampAdvance().toNanos() / 1000;
        this.maxInconsistent = config.utpMaxInconsistent();
    }

    @Override
    public SignatureId id() {
        return ID;
    }

    @Override
    public Selection selection() {
        return Selection.UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch s) {
        int data = headerEnd(payload);
        if (data < 0 || Bytes.u32be(payload, 4) == STUN_COOKIE) {
            return Verdict.NO_MATCH;
        }
        int type = Bytes.u8(payload, 0) >>> 4;
        if ((type == ST_DATA) != (data < payload.limit())) {
            return Verdict.NO_MATCH;
        }
        if (type == ST_DATA && BitTorrentPeerWireSignature.hasProtocolAt(payload, data)) {
            return Verdict.MATCH;
        }
        int cid = Bytes.u16be(payload, 2);
        int seq = Bytes.u16be(payload, 16);
        int ack = Bytes.u16be(payload, 18);
        int time = (int) Bytes.u32be(payload, 4);
        int meta = s.get(ID, W_META);
        if (meta != 0 && consistent(s, meta, dir, type, cid, seq, ack, time)) {
            return Verdict.MATCH;
        }
        if (meta != 0) {
            int misses = s.get(ID, W_MISSES) + 1;
            if (misses >= maxInconsistent) {
                return Verdict.NO_MATCH;
            }
            s.set(ID, W_MISSES, misses);
        }
        s.set(ID, W_REF, cid << 16 | seq);
        s.set(ID, W_TIME, time);
        s.set(ID, W_META, ack | type << 16 | (dir.ordinal() + 1) << 20);
        return Verdict.NEED_MORE;
    }

    private boolean consistent(FlowScratch s, int meta, Direction dir, int type, int cid, int seq, int ack, int time) {
        int ref = s.get(ID, W_REF);
        int refCid = ref >>> 16;
        int refSeq = ref & 0xffff;
        int refAck = meta & 0xffff;
        int refType = (meta >>> 16) & 0xf;
        if ((meta >>> 20) - 1 == dir.ordinal()) {
            long advance = (time - s.get(ID, W_TIME)) & 0xffffffffL;
            boolean sameConnection = cid == refCid || refType == ST_SYN && cid == ((refCid + 1) & 0xffff);
            return sameConnection && ((seq - refSeq) & 0xffff) <= maxSeqAdvance
                    && advance > 0 && advance <= maxTimestampAdvanceUs;
        }
        if (refType == ST_SYN) {
            return type == ST_STATE && cid == refCid && ack == refSeq;
        }
        boolean pair = ((cid - refCid) & 0xffff) == 1 || ((refCid - cid) & 0xffff) == 1;
        return pair && (near(ack, refSeq) || near(seq, refAck));
    }

    private boolean near(int a, int b) {
        int d = (a - b) & 0xffff;
        return d <= maxSeqAdvance || d >= 0x10000 - maxSeqAdvance;
    }

    /** Index of the first payload byte after header and extensions, or -1 when not a valid uTP header. */
    static int headerEnd(ByteBuffer b) {
        int len = b.limit();
        int first = Bytes.u8(b, 0);
        if (len < HEADER || (first & 0x0f) != VERSION || (first >>> 4) > ST_SYN) {
            return -1;
        }
        int ext = Bytes.u8(b, 1);
        int pos = HEADER;
        for (int hops = 0; ext != 0; hops++) {
            int next = Bytes.u8(b, pos);
            int extLength = Bytes.u8(b, pos + 1);
            boolean valid = ext == EXT_SACK ? extLength >= 4 && extLength % 4 == 0
                    : ext == EXT_BITS ? extLength == EXT_BITS_LENGTH
                    : ext == EXT_CLOSE && extLength == EXT_CLOSE_LENGTH;
            pos += 2 + extLength;
            if (hops >= MAX_EXTENSIONS || extLength < 0 || !valid || pos > len) {
                return -1;
            }
            ext = next;
        }
        return pos;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch s, Metadata out) {
        int data = headerEnd(payload);
        if (data < 0 || data >= payload.limit()) {
            return;
        }
        if (BitTorrentPeerWireSignature.hasProtocolAt(payload, data)) {
            BitTorrentWire.handshakeFields(payload, data, out);
            BitTorrentWire.walkMessages(payload, data + BitTorrentPeerWireSignature.HANDSHAKE_LENGTH, out);
        } else if (Bytes.u8(payload, data + 4) == BitTorrentWire.EXTENDED_MESSAGE) {
            BitTorrentWire.walkMessages(payload, data, out);
        }
    }
}
