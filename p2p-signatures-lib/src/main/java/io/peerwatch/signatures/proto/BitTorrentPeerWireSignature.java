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
import java.nio.charset.StandardCharsets;

/**
 * BitTorrent peer wire protocol over TCP, recognised by its handshake
 * (<a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>):
 * {@code <19><"BitTorrent protocol"><reserved 8><info_hash 20><peer_id 20>}, 68 bytes, sent first
 * by the connecting peer. The 20-byte protocol string is decisive; a first payload that is only a
 * prefix of it (a handshake split across segments) gives {@code NEED_MORE} until the rest arrives.
 *
 * <p>{@code describe} reports the info_hash (hex), the client named by each side's peer id
 * ({@link BitTorrentClients}) and by the {@code v} entry of the extension handshake
 * (<a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10</a>: message
 * {@code <len u32><id 20><ext id 0><bencoded dict>}), tracking message boundaries per direction.
 */
final class BitTorrentPeerWireSignature implements Signature {

    static final BitTorrentPeerWireSignature INSTANCE = new BitTorrentPeerWireSignature();

    /** Protocol string with its length prefix: the first 20 bytes of every handshake. */
    static final byte[] PROTOCOL = Bytes.ascii("\u0013BitTorrent protocol");
    static final int HANDSHAKE_LENGTH = 68;
    /**
     * Stray bytes tolerated before the protocol string: Transmission 2.94 was seen in the wild
     * sending one byte ahead of an otherwise normal handshake.
     */
    static final int MAX_STRAY_BYTES = 4;
    private static final int INFO_HASH_OFFSET = 28;
    private static final int PEER_ID_OFFSET = 48;
    private static final int ID_LENGTH = 20;
    /** BEP 10 message id of extension messages; extension id 0 is the extension handshake. */
    static final int EXTENDED_MESSAGE = 20;
    /** Longest message framing we keep following; BEP 3 pieces are at most 16 KiB plus header. */
    private static final int MAX_TRACKED_MESSAGE = 1 << 20;
    private static final byte[] VERSION_KEY = Bytes.ascii("v");

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

    private BitTorrentPeerWireSignature() {
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

    /** Index of the whole protocol string within the first {@link #MAX_STRAY_BYTES} + 1 bytes, or -1. */
    static int protocolIndex(ByteBuffer b) {
        int last = Math.min(MAX_STRAY_BYTES, b.limit() - PROTOCOL.length);
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
        if (state < 0 || offset > MAX_TRACKED_MESSAGE) {
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
            handshakeFields(payload, shift - (int) offset, out);
        }
        int next = walkMessages(payload, boundary - (int) offset, out);
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

    /**
     * Adds the info_hash and peer-id client of a handshake whose first byte is at buffer index
     * {@code start} (negative when it began in an earlier segment), as far as this buffer holds them.
     */
    static void handshakeFields(ByteBuffer b, int start, Metadata out) {
        int hash = start + INFO_HASH_OFFSET;
        if (hash >= 0 && hash + ID_LENGTH <= b.limit()) {
            out.put(MetadataKey.INFO_HASH, Bytes.hex(b, hash, ID_LENGTH));
        }
        int peer = start + PEER_ID_OFFSET;
        if (peer >= 0 && peer < b.limit()) {
            byte[] id = new byte[Math.min(ID_LENGTH, b.limit() - peer)];
            b.get(peer, id);
            out.put(MetadataKey.CLIENT, BitTorrentClients.fromPeerId(id));
        }
    }

    /**
     * Walks length-prefixed messages from buffer index {@code start}, reporting the client of any
     * extension handshake; returns the index of the next message boundary (may lie beyond the
     * buffer), or -1 when the framing is lost.
     */
    static int walkMessages(ByteBuffer b, int start, Metadata out) {
        int pos = start;
        if (pos < 0) {
            return -1;
        }
        while (pos + 4 <= b.limit()) {
            long length = Bytes.u32be(b, pos);
            if (length > MAX_TRACKED_MESSAGE) {
                return -1;
            }
            int end = pos + 4 + (int) length;
            if (length >= 2 && Bytes.u8(b, pos + 4) == EXTENDED_MESSAGE && Bytes.u8(b, pos + 5) == 0) {
                extensionVersion(b, pos + 6, Math.min(end, b.limit()), out);
            }
            pos = end;
        }
        return pos;
    }

    private static void extensionVersion(ByteBuffer b, int dict, int end, Metadata out) {
        int v = Bencode.valueOf(b, dict, end, VERSION_KEY);
        int start = v < 0 ? v : Bencode.stringStart(b, v, end);
        if (start < 0) {
            return;
        }
        int len = Bencode.stringLength(b, v, start);
        if (start + len <= end) {
            byte[] text = new byte[len];
            b.get(start, text);
            out.put(MetadataKey.CLIENT, new String(text, StandardCharsets.UTF_8));
        }
    }
}
