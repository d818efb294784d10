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
 * BitTorrent Mainline DHT: KRPC over UDP (<a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>).
 * Every datagram is one bencoded dictionary with a transaction id {@code t} (string) and a type
 * {@code y}: {@code q} queries carry the method {@code q} and arguments {@code a}, {@code r}
 * replies carry {@code r}, and both argument and reply dictionaries carry the sender's 20-byte
 * node {@code id}; {@code e} errors carry a list {@code e}. Keys are matched wherever they appear
 * in the dictionary (clients order them differently, e.g. {@code d2:ip6:...1:rd2:id20:} from
 * BEP 42 nodes), and the whole datagram must be one well-formed dictionary. A datagram cut short
 * by the capture's snap length gives {@code NEED_MORE}.
 *
 * <p>{@code describe}: INFO_HASH of {@code get_peers} and {@code announce_peer} queries, CLIENT
 * from the optional {@code v} version tag.
 */
final class BitTorrentDhtSignature implements Signature {

    static final BitTorrentDhtSignature INSTANCE = new BitTorrentDhtSignature();

    private static final byte[] KEY_ID = Bytes.ascii("id");
    private static final byte[] KEY_ARGS = Bytes.ascii("a");
    private static final byte[] KEY_INFO_HASH = Bytes.ascii("info_hash");
    private static final byte[] KEY_VERSION = Bytes.ascii("v");
    private static final int NODE_ID_LENGTH = 20;

    private static final int T = 1;
    private static final int Y_QUERY = 2;
    private static final int Y_REPLY = 4;
    private static final int Y_ERROR = 8;
    private static final int Q = 16;
    private static final int ARGS = 32;
    private static final int REPLY = 64;
    private static final int ERRORS = 128;

    private BitTorrentDhtSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.BITTORRENT_DHT;
    }

    @Override
    public Selection selection() {
        return Selection.UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch s) {
        int len = payload.limit();
        if (payload.get(0) != 'd') {
            return Verdict.NO_MATCH;
        }
        int flags = 0;
        int pos = 1;
        while (pos < len && payload.get(pos) != 'e') {
            int keyStart = Bencode.stringStart(payload, pos, len);
            if (keyStart < 0) {
                return verdictFor(keyStart);
            }
            int keyLength = Bencode.stringLength(payload, pos, keyStart);
            int value = keyStart + keyLength;
            int next = Bencode.skip(payload, value, len);
            if (next < 0) {
                return verdictFor(next);
            }
            if (keyLength == 1) {
                flags |= keyFlag(payload, payload.get(keyStart), value, next);
            }
            pos = next;
        }
        if (pos + 1 != len) {
            return pos >= len ? Verdict.NEED_MORE : Verdict.NO_MATCH;
        }
        boolean krpc = (flags & T) != 0 && ((flags & (Y_QUERY | Q | ARGS)) == (Y_QUERY | Q | ARGS)
                || (flags & (Y_REPLY | REPLY)) == (Y_REPLY | REPLY) || (flags & (Y_ERROR | ERRORS)) == (Y_ERROR | ERRORS));
        return krpc ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    private static Verdict verdictFor(int walkResult) {
        return walkResult == Bencode.TRUNCATED ? Verdict.NEED_MORE : Verdict.NO_MATCH;
    }

    /** The flag a one-letter key contributes, given its value in [value, end). */
    private static int keyFlag(ByteBuffer b, byte key, int value, int end) {
        int first = b.get(value);
        boolean string = first >= '0' && first <= '9';
        switch (key) {
            case 't':
                return string ? T : 0;
            case 'q':
                return string ? Q : 0;
            case 'y':
                if (end - value != 3 || b.get(value) != '1') {
                    return 0;
                }
                int type = b.get(value + 2);
                return type == 'q' ? Y_QUERY : type == 'r' ? Y_REPLY : type == 'e' ? Y_ERROR : 0;
            case 'a':
                return hasNodeId(b, value, end) ? ARGS : 0;
            case 'r':
                return hasNodeId(b, value, end) ? REPLY : 0;
            case 'e':
                return first == 'l' ? ERRORS : 0;
            default:
                return 0;
        }
    }

    /** True when [dict, end) is a dictionary holding a 20-byte {@code id}. */
    private static boolean hasNodeId(ByteBuffer b, int dict, int end) {
        int id = Bencode.valueOf(b, dict, end, KEY_ID);
        int start = id < 0 ? id : Bencode.stringStart(b, id, end);
        return start >= 0 && Bencode.stringLength(b, id, start) == NODE_ID_LENGTH;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch s, Metadata out) {
        int len = payload.limit();
        int args = Bencode.valueOf(payload, 0, len, KEY_ARGS);
        int hash = args < 0 ? args : Bencode.valueOf(payload, args, len, KEY_INFO_HASH);
        int hashStart = hash < 0 ? hash : Bencode.stringStart(payload, hash, len);
        if (hashStart >= 0 && Bencode.stringLength(payload, hash, hashStart) == NODE_ID_LENGTH) {
            out.put(MetadataKey.INFO_HASH, Bytes.hex(payload, hashStart, NODE_ID_LENGTH));
        }
        int v = Bencode.valueOf(payload, 0, len, KEY_VERSION);
        int vStart = v < 0 ? v : Bencode.stringStart(payload, v, len);
        if (vStart >= 0) {
            int vLength = Math.min(Bencode.stringLength(payload, v, vStart), len - vStart);
            byte[] tag = new byte[vLength];
            payload.get(vStart, tag);
            out.put(MetadataKey.CLIENT, BitTorrentClients.fromDhtVersion(tag));
        }
    }
}
