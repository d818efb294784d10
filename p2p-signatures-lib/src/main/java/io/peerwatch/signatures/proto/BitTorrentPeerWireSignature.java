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
 * BitTorrent peer wire protocol over TCP, recognised by its handshake
 * (<a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>):
 * {@code <19><"BitTorrent protocol"><reserved 8><info_hash 20><peer_id 20>}, 68 bytes, sent first
 * by the connecting peer. The 20-byte protocol string is decisive; a first payload that is only a
 * prefix of it (a handshake split across segments) gives {@code NEED_MORE} until the rest arrives.
 *
 * <p>{@code describe} reports the info_hash (hex) and the clients named by each side's peer id
 * and extension handshake ({@link BitTorrentWire}), following message boundaries per direction.
 */
final class BitTorrentPeerWireSignature implements Signature {

    static final BitTorrentPeerWireSignature INSTANCE = new BitTorrentPeerWireSignature(SignatureConfig.defaults());

    /** Protocol string with its length prefix: the first 20 bytes of every handshake. */
    static final byte[] PROTOCOL = Bytes.ascii("\u0013BitTorrent protocol");
    static final int HANDSHAKE_LENGTH = 68;

    private static final SignatureId ID = SignatureId.BITTORRENT_PEER_WIRE;
    /** Scratch: protocol-string bytes matched so far; direction (ordinal + 1) that sent them. */
    private static final int W_MATCHED = 0;
    private static final int W_DIR = 1;
    /**
     * Scratch (describe): per direction, handshake start {@code << BOUNDARY_BITS | next message
     * boundary + 1}; 0 not seen yet, -1 not followed.
     */
    private static final int W_BOUNDARY = 2;
    private static final int BOUNDARY_BITS = 24;
    private static final int BOUNDARY_MASK = (1 << BOUNDARY_BITS) - 1;

    /** Stray bytes tolerated before the protocol string ({@link SignatureConfig#peerWireMaxStrayBytes()}). */
    private final int maxStrayBytes;

    BitTorrentPeerWireSignature(SignatureConfig config) {
        this.maxStrayBytes = config.peerWireMaxStrayBytes();
    }

    @Override
    public SignatureId id() {
        return ID;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch s) {
        int matched = s.get(ID, W_MATCHED);
        if (matched == 0 && protocolIndex(payload) >= 0) {
            return Verdict.MATCH;
        }
        if (matched > 0 && s.get(ID, W_DIR) != dir.ordinal() + 1) {
            return Verdict.NEED_MORE;
        }
        if (!continuesProtocol(payload, matched)) {
            return Verdict.NO_MATCH;
        }
        matched += Math.min(payload.limit(), PROTOCOL.length - matched);
        if (matched == PROTOCOL.length) {
            return Verdict.MATCH;
        }
        s.set(ID, W_MATCHED, matched);
        s.set(ID, W_DIR, dir.ordinal() + 1);
        return Verdict.NEED_MORE;
    }

    /** Index of the whole protocol string within the first {@link #maxStrayBytes} + 1 bytes, or -1. */
    int protocolIndex(ByteBuffer b) {
        int last = Math.min(maxStrayBytes, b.limit() - PROTOCOL.length);
        for (int i = 0; i <= last; i++) {
            if (b.get(i) == PROTOCOL[0] && Bytes.at(b, i, PROTOCOL)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch s, Metadata out) {
        long offset = s.payloadBytes(dir);
        int word = W_BOUNDARY + dir.ordinal();
        int state = s.get(ID, word);
        if (state < 0 || offset > BitTorrentWire.MAX_TRACKED_MESSAGE) {
            return;
        }
        int shift;
        int boundary;
        if (state == 0) {
            if (offset == 0) {
                shift = protocolIndex(payload);
                shift = shift < 0 && continuesProtocol(payload, 0) ? 0 : shift;
            } else {
                // the rest of a handshake whose first segment only held a prefix of the protocol string
                shift = offset < HANDSHAKE_LENGTH ? 0 : -1;
            }
            if (shift < 0) {
                s.set(ID, word, -1);
                return;
            }
            boundary = shift + HANDSHAKE_LENGTH;
        } else {
            shift = state >>> BOUNDARY_BITS;
            boundary = (state & BOUNDARY_MASK) - 1;
        }
        if (offset < shift + HANDSHAKE_LENGTH) {
            BitTorrentWire.handshakeFields(payload, shift - (int) offset, out);
        }
        int next = BitTorrentWire.walkMessages(payload, boundary - (int) offset, out);
        s.set(ID, word, next < 0 ? -1 : shift << BOUNDARY_BITS | ((int) offset + next + 1));
    }

    /** True when the buffer continues the protocol string after its first {@code matched} bytes. */
    static boolean continuesProtocol(ByteBuffer b, int matched) {
        int n = Math.min(b.limit(), PROTOCOL.length - matched);
        for (int i = 0; i < n; i++) {
            if (b.get(i) != PROTOCOL[matched + i]) {
                return false;
            }
        }
        return n > 0;
    }

    /** True when the whole 20-byte protocol string sits at index {@code at}. */
    static boolean hasProtocolAt(ByteBuffer b, int at) {
        return Bytes.at(b, at, PROTOCOL);
    }
}
