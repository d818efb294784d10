package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * BitTorrent HTTP tracker (<a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>,
 * "Trackers"; scrape as in <a href="https://www.bittorrent.org/beps/bep_0048.html">BEP 48</a>):
 * a {@code GET} whose request line carries an {@code info_hash=} query parameter together with
 * {@code peer_id=} (announce) or an {@code announce}/{@code scrape} path. A request line split
 * across segments gives {@code NEED_MORE}. A flow whose first payload is the tracker's answer
 * matches on a bencoded body whose first key is a tracker response key ({@code d8:complete},
 * {@code d8:interval}, {@code d5:files}, {@code d14:failure reason}, ...).
 *
 * <p>{@code describe}: INFO_HASH (URL-decoded to hex), SERVER_HOST (the Host header as sent),
 * CLIENT (User-Agent, and the client named by {@code peer_id}), HTTP_URI.
 */
final class BitTorrentTrackerHttpSignature implements Signature {

    static final BitTorrentTrackerHttpSignature INSTANCE = new BitTorrentTrackerHttpSignature();

    private static final byte[] GET = Bytes.ascii("GET ");
    private static final byte[] INFO_HASH = Bytes.ascii("info_hash=");
    private static final byte[] PEER_ID = Bytes.ascii("peer_id=");
    private static final byte[] ANNOUNCE = Bytes.ascii("announce");
    private static final byte[] SCRAPE = Bytes.ascii("scrape");
    private static final byte[] HTTP = Bytes.ascii("HTTP/1.");
    private static final byte[] BODY = Bytes.ascii("\r\n\r\nd");
    private static final byte[][] RESPONSE_KEYS = {
        Bytes.ascii("complete"), Bytes.ascii("downloaded"), Bytes.ascii("failure reason"), Bytes.ascii("files"),
        Bytes.ascii("incomplete"), Bytes.ascii("interval"), Bytes.ascii("min interval"), Bytes.ascii("peers"),
        Bytes.ascii("warning message")};

    private static final SignatureId ID = SignatureId.BITTORRENT_TRACKER_HTTP;
    /** Scratch: evidence bits found so far in a request line that continues in the next segment. */
    private static final int W_FOUND = 0;
    private static final int CONTINUES = 1;
    private static final int HAS_INFO_HASH = 2;
    private static final int HAS_PEER_ID = 4;
    private static final int HAS_PATH = 8;

    private BitTorrentTrackerHttpSignature() {
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
        int found = s.get(ID, W_FOUND);
        if (dir == Direction.SERVER_TO_CLIENT) {
            return found == 0 && isTrackerResponse(payload) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        boolean first = found == 0;
        if (first && !Bytes.startsWith(payload, GET)) {
            return Verdict.NO_MATCH;
        }
        int from = first ? GET.length : 0;
        int lineEnd = Bytes.indexOf(payload, (byte) '\n', from, payload.limit());
        int end = lineEnd < 0 ? payload.limit() : lineEnd;
        found |= parameter(payload, INFO_HASH, from, end, HAS_INFO_HASH) | parameter(payload, PEER_ID, from, end, HAS_PEER_ID);
        if (first) {
            int query = Bytes.indexOf(payload, (byte) '?', from, end);
            int pathEnd = query < 0 ? end : query;
            if (Bytes.indexOf(payload, ANNOUNCE, from, pathEnd) >= 0 || Bytes.indexOf(payload, SCRAPE, from, pathEnd) >= 0) {
                found |= HAS_PATH;
            }
        }
        if ((found & HAS_INFO_HASH) != 0 && (found & (HAS_PEER_ID | HAS_PATH)) != 0) {
            return Verdict.MATCH;
        }
        if (lineEnd >= 0) {
            return Verdict.NO_MATCH;
        }
        s.set(ID, W_FOUND, found | CONTINUES);
        return Verdict.NEED_MORE;
    }

    /**
     * {@code bit} when {@code name} appears as a query parameter (after '?' or '&', or at the start
     * of a continuation segment) in [from, to), else 0.
     */
    private static int parameter(ByteBuffer b, byte[] name, int from, int to, int bit) {
        for (int i = Bytes.indexOf(b, name, from, to); i >= 0; i = Bytes.indexOf(b, name, i + 1, to)) {
            int before = Bytes.u8(b, i - 1);
            if (before == '?' || before == '&' || i == 0) {
                return bit;
            }
        }
        return 0;
    }

    private static boolean isTrackerResponse(ByteBuffer b) {
        if (!Bytes.startsWith(b, HTTP)) {
            return false;
        }
        int body = Bytes.indexOf(b, BODY, HTTP.length, b.limit());
        if (body < 0) {
            return false;
        }
        int key = body + BODY.length;
        for (byte[] k : RESPONSE_KEYS) {
            if (Bencode.stringEquals(b, key, b.limit(), k)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch s, Metadata out) {
        if (dir == Direction.CLIENT_TO_SERVER) {
            BitTorrentTrackerRequests.describe(Bytes.text(payload, 0, payload.limit()), out);
        }
    }
}
