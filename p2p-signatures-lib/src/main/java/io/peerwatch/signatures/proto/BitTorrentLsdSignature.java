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
import java.util.Locale;

/**
 * BitTorrent Local Service Discovery (<a href="https://www.bittorrent.org/beps/bep_0014.html">BEP 14</a>):
 * HTTP-over-UDP multicast announcements to 239.192.152.143:6771 or [ff15::efc0:988f]:6771,
 * {@code BT-SEARCH * HTTP/1.1\r\nHost: ...\r\nPort: ...\r\nInfohash: <40 hex>\r\n...\r\n\r\n}.
 * The request line is decisive; the destination is not checked (a unicast copy is LSD too).
 *
 * <p>{@code describe}: INFO_HASH of every {@code Infohash} header (lower-cased hex).
 */
final class BitTorrentLsdSignature implements Signature {

    static final BitTorrentLsdSignature INSTANCE = new BitTorrentLsdSignature();

    private static final byte[] REQUEST_LINE = Bytes.ascii("BT-SEARCH * HTTP/1.");
    private static final int INFO_HASH_HEX = 40;

    private BitTorrentLsdSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.BITTORRENT_LSD;
    }

    @Override
    public Selection selection() {
        return Selection.UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch s) {
        return Bytes.startsWith(payload, REQUEST_LINE) ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch s, Metadata out) {
        String text = Bytes.text(payload, 0, payload.limit());
        for (int start = 0, end; start < text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("infohash")) {
                String hash = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                if (hash.length() == INFO_HASH_HEX && isHex(hash)) {
                    out.put(MetadataKey.INFO_HASH, hash);
                }
            }
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
