package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;

/**
 * Evidence from the client side of Soulseek connections ({@code describe} only, allocates), per
 * the Nicotine+ protocol documentation: server codes 1 Login (username, password, version, hash,
 * minor version), 26 FileSearch (token, query), 42 UserSearch (username, token, query),
 * 103 WishlistSearch (token, query), 120 RoomSearch (room, token, query); peer-init code 1
 * PeerInit (username, type, token); peer codes 43 QueueUpload (filename), 40 TransferRequest
 * (direction, token, filename).
 */
final class SoulseekEvidence {

    private static final int USER_SEARCH = 42;
    private static final int WISHLIST_SEARCH = 103;
    private static final int ROOM_SEARCH = 120;
    private static final int TRANSFER_REQUEST = 40;
    private static final int QUEUE_UPLOAD = 43;

    private SoulseekEvidence() {
    }

    /** Describes every complete message in the segment; {@code kind} is the connection kind. */
    static void describe(ByteBuffer b, int kind, Metadata out) {
        int off = 0;
        while (off + 8 <= b.limit()) {
            long len = Bytes.u32le(b, off);
            if (len < 1 || off + 4 + len > b.limit()) {
                return;
            }
            int body = off + 8;
            long code = Bytes.u32le(b, off + 4);
            if (kind == SoulseekSignature.SERVER) {
                server(b, code, body, out);
            } else if (Bytes.u8(b, off + 4) == 1 && off == 0) {
                out.put(MetadataKey.NICK, str(b, off + 5));
            } else if (kind == SoulseekSignature.PEER) {
                if (code == QUEUE_UPLOAD) {
                    out.put(MetadataKey.FILE_NAME, str(b, body));
                } else if (code == TRANSFER_REQUEST) {
                    out.put(MetadataKey.FILE_NAME, str(b, body + 8));
                }
            }
            off += (int) (4 + len);
        }
    }

    private static void server(ByteBuffer b, long code, int body, Metadata out) {
        if (code == SoulseekSignature.LOGIN) {
            out.put(MetadataKey.NICK, str(b, body));
            int password = SoulseekSignature.string(b, body);
            int version = password < 0 ? -1 : SoulseekSignature.string(b, password);
            long v = Bytes.u32le(b, version);
            if (v >= 0) {
                out.put(MetadataKey.CLIENT, "Soulseek client version " + v);
            }
        } else if (code == SoulseekSignature.FILE_SEARCH || code == WISHLIST_SEARCH) {
            out.put(MetadataKey.SEARCH, str(b, body + 4));
        } else if (code == USER_SEARCH || code == ROOM_SEARCH) {
            int after = SoulseekSignature.string(b, body);
            if (after > 0) {
                out.put(MetadataKey.SEARCH, str(b, after + 4));
            }
        }
    }

    private static String str(ByteBuffer b, int off) {
        int end = SoulseekSignature.string(b, off);
        return end < 0 ? null : Bytes.utf8(b, off + 4, end);
    }
}
