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
 * BitTorrent UDP tracker protocol (<a href="https://www.bittorrent.org/beps/bep_0015.html">BEP 15</a>).
 * All integers big-endian:
 * <ul>
 *   <li>connect request, 16 bytes: {@code protocol_id 0x41727101980 (8), action 0 (4),
 *       transaction_id (4)}: the 64-bit magic is decisive on its own;</li>
 *   <li>announce request, 98 bytes or more: {@code connection_id (8), action 1, transaction_id,
 *       info_hash (20) at 16, peer_id (20) at 36, downloaded, left, uploaded (8 each), event (4) at
 *       80 (0..3), ip, key, num_want (4 each), port (2)}; scrape request: {@code connection_id,
 *       action 2, transaction_id, info_hash * n};</li>
 *   <li>responses start with {@code action (4), transaction_id (4)}; announce: {@code interval,
 *       leechers, seeders} then 6-byte (IPv4) or 18-byte (IPv6) peers; scrape: 12 bytes per hash;
 *       error: action 3 and a message.</li>
 * </ul>
 * A flow that starts with an announce or scrape (connection id cached from an earlier flow)
 * matches when the announce carries a BEP 20 style peer id, otherwise when the tracker answers
 * with the same action and transaction id.
 */
final class BitTorrentTrackerUdpSignature implements Signature {

    static final BitTorrentTrackerUdpSignature INSTANCE = new BitTorrentTrackerUdpSignature();

    private static final long PROTOCOL_ID = 0x41727101980L;
    private static final int CONNECT = 0;
    private static final int ANNOUNCE = 1;
    private static final int SCRAPE = 2;
    private static final int ERROR = 3;
    private static final int REQUEST_HEADER = 16;
    private static final int RESPONSE_HEADER = 8;
    private static final int ANNOUNCE_LENGTH = 98;
    private static final int ANNOUNCE_RESPONSE_HEADER = 20;
    private static final int INFO_HASH = 16;
    private static final int PEER_ID = 36;
    private static final int EVENT = 80;
    private static final int MAX_EVENT = 3;
    private static final int HASH_LENGTH = 20;
    private static final int PEER4 = 6;
    private static final int PEER6 = 18;
    private static final int SCRAPE_ENTRY = 12;

    private static final SignatureId ID = SignatureId.BITTORRENT_TRACKER_UDP;
    /** Scratch: action (+1) and transaction id of a pending announce/scrape request. */
    private static final int W_ACTION = 0;
    private static final int W_TRANSACTION = 1;

    private BitTorrentTrackerUdpSignature() {
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
        int len = payload.limit();
        if (dir == Direction.SERVER_TO_CLIENT) {
            return isResponse(payload, s.get(ID, W_ACTION) - 1, s.get(ID, W_TRANSACTION)) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (len < REQUEST_HEADER) {
            return Verdict.NO_MATCH;
        }
        long action = Bytes.u32be(payload, 8);
        if (action == CONNECT) {
            return len == REQUEST_HEADER && isProtocolId(payload) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        boolean announce = action == ANNOUNCE && len >= ANNOUNCE_LENGTH && Bytes.u32be(payload, EVENT) <= MAX_EVENT;
        boolean scrape = action == SCRAPE && len > REQUEST_HEADER && (len - REQUEST_HEADER) % HASH_LENGTH == 0;
        if (!announce && !scrape) {
            return Verdict.NO_MATCH;
        }
        if (announce && hasStyledPeerId(payload)) {
            return Verdict.MATCH;
        }
        s.set(ID, W_ACTION, (int) action + 1);
        s.set(ID, W_TRANSACTION, (int) Bytes.u32be(payload, 12));
        return Verdict.NEED_MORE;
    }

    private static boolean isResponse(ByteBuffer b, int action, int transaction) {
        int len = b.limit();
        if (action < 0 || len < RESPONSE_HEADER || (int) Bytes.u32be(b, 4) != transaction) {
            return false;
        }
        long got = Bytes.u32be(b, 0);
        if (got == ERROR) {
            return true;
        }
        if (got != action) {
            return false;
        }
        if (action == ANNOUNCE) {
            int peers = len - ANNOUNCE_RESPONSE_HEADER;
            return peers >= 0 && (peers % PEER4 == 0 || peers % PEER6 == 0);
        }
        return (len - RESPONSE_HEADER) % SCRAPE_ENTRY == 0;
    }

    /** True when the announce's peer id starts in Azureus style ({@code -XX1234-}) or aria2/Mainline style. */
    private static boolean hasStyledPeerId(ByteBuffer b) {
        if (b.get(PEER_ID) == '-' && b.get(PEER_ID + 7) == '-') {
            for (int i = PEER_ID + 1; i < PEER_ID + 7; i++) {
                if (!isAlphanumeric(b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        int c = b.get(PEER_ID);
        int d = b.get(PEER_ID + 1);
        return (c == 'A' && d == '2' || c == 'M' && d >= '0' && d <= '9') && b.get(PEER_ID + 2) == '-';
    }

    private static boolean isAlphanumeric(int c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '~';
    }

    private static boolean isProtocolId(ByteBuffer b) {
        return (Bytes.u32be(b, 0) << 32 | Bytes.u32be(b, 4)) == PROTOCOL_ID;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch s, Metadata out) {
        int len = payload.limit();
        if (dir != Direction.CLIENT_TO_SERVER || len < REQUEST_HEADER || isProtocolId(payload)) {
            return;
        }
        long action = Bytes.u32be(payload, 8);
        if (action == ANNOUNCE && len >= ANNOUNCE_LENGTH) {
            out.put(MetadataKey.INFO_HASH, Bytes.hex(payload, INFO_HASH, HASH_LENGTH));
            byte[] id = new byte[HASH_LENGTH];
            payload.get(PEER_ID, id);
            out.put(MetadataKey.CLIENT, BitTorrentClients.fromPeerId(id));
        } else if (action == SCRAPE) {
            for (int i = REQUEST_HEADER; i + HASH_LENGTH <= len; i += HASH_LENGTH) {
                out.put(MetadataKey.INFO_HASH, Bytes.hex(payload, i, HASH_LENGTH));
            }
        }
    }
}
