package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Evidence from BitTorrent peer wire bytes, shared by the TCP peer wire and uTP signatures
 * ({@code describe} only; allocates): the handshake's info_hash and peer id
 * (<a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>: {@code <19><"BitTorrent
 * protocol"><reserved 8><info_hash 20 at 28><peer_id 20 at 48>}) and the {@code v} entry of the
 * extension handshake (<a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10</a>:
 * {@code <len u32><id 20><ext id 0><bencoded dict>}) found while walking length-prefixed messages.
 */
final class BitTorrentWire {

    /** Longest message whose framing is followed; BEP 3 pieces are 16 KiB plus a few header bytes. */
    static final int MAX_TRACKED_MESSAGE = 1 << 20;
    /** BEP 10 message id of extension messages; extension id 0 is the extension handshake. */
    static final int EXTENDED_MESSAGE = 20;
    private static final int INFO_HASH_OFFSET = 28;
    private static final int PEER_ID_OFFSET = 48;
    private static final int ID_LENGTH = 20;
    private static final int LENGTH_PREFIX = 4;
    private static final byte[] VERSION_KEY = Bytes.ascii("v");

    private BitTorrentWire() {
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
        while (pos + LENGTH_PREFIX <= b.limit()) {
            long length = Bytes.u32be(b, pos);
            if (length > MAX_TRACKED_MESSAGE) {
                return -1;
            }
            int end = pos + LENGTH_PREFIX + (int) length;
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
