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
 * Soulseek (Nicotine+ "Soulseek Protocol Documentation", doc/SLSKPROTOCOL.md,
 * https://nicotine-plus.org/doc/SLSKPROTOCOL.html): messages are {@code <length 4><code>} with
 * little-endian integers and strings as {@code <length 4><bytes>}; server and peer messages use
 * a 4-byte code, peer-init messages a 1-byte code.
 *
 * <p>The connecting side's first message decides, and must fill its length exactly:
 * server Login (code 1: username, password, version, 32-hex MD5 digest, minor version),
 * PeerInit (init code 1: username, connection type "P", "F" or "D", token), PierceFirewall
 * (init code 0, 4-byte token, length 5), or a FileSearch (code 26: token, query). One packet.
 *
 * <p>Evidence ({@link SoulseekEvidence}): NICK from Login / PeerInit, CLIENT from the login
 * version, SEARCH from FileSearch, UserSearch, RoomSearch and WishlistSearch, FILE_NAME from
 * QueueUpload and TransferRequest. Compressed replies (search results, share lists) and
 * obfuscated connections are not read.
 */
final class SoulseekSignature implements Signature {

    static final SoulseekSignature INSTANCE = new SoulseekSignature();

    static final int KIND = 0;
    static final int SERVER = 1;
    static final int PEER = 2;
    static final int OTHER = 3;
    static final int LOGIN = 1;
    static final int FILE_SEARCH = 26;
    private static final int PEER_INIT = 1;
    private static final int PIERCE_FIREWALL = 0;
    private static final int PIERCE_LENGTH = 5;
    private static final int MD5_HEX = 32;
    /** Usernames and queries longer than this are not Soulseek (the server rejects them). */
    static final int MAX_STRING = 1024;

    private SoulseekSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.SOULSEEK;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        long len = Bytes.u32le(payload, 0);
        if (dir != Direction.CLIENT_TO_SERVER || len < 1 || len + 4 > payload.limit()) {
            return Verdict.NO_MATCH;
        }
        int end = (int) len + 4;
        int kind = 0;
        if (Bytes.u32le(payload, 4) == LOGIN && isLogin(payload, end)) {
            kind = SERVER;
        } else if (Bytes.u32le(payload, 4) == FILE_SEARCH && string(payload, 12) == end) {
            kind = SERVER;
        } else if (Bytes.u8(payload, 4) == PEER_INIT && isPeerInit(payload, end)) {
            kind = payload.get(end - 5) == 'P' ? PEER : OTHER;
        } else if (Bytes.u8(payload, 4) == PIERCE_FIREWALL && len == PIERCE_LENGTH) {
            kind = OTHER;
        }
        scratch.set(id(), KIND, kind);
        return kind != 0 ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    /** Login: user, password, version, MD5 hex digest, minor version, ending exactly at {@code end}. */
    private static boolean isLogin(ByteBuffer b, int end) {
        int user = printable(b, 8);
        int pass = user < 0 ? -1 : string(b, user);
        int hash = pass < 0 ? -1 : pass + 4;
        if (hash < 0 || Bytes.u32le(b, hash) != MD5_HEX) {
            return false;
        }
        for (int i = hash + 4; i < hash + 4 + MD5_HEX; i++) {
            if (Character.digit(Bytes.u8(b, i), 16) < 0) {
                return false;
            }
        }
        return hash + 4 + MD5_HEX + 4 == end;
    }

    /** PeerInit: user, one-letter type P/F/D, token, ending exactly at {@code end}. */
    private static boolean isPeerInit(ByteBuffer b, int end) {
        int user = printable(b, 5);
        if (user < 0 || Bytes.u32le(b, user) != 1) {
            return false;
        }
        int type = Bytes.u8(b, user + 4);
        return (type == 'P' || type == 'F' || type == 'D') && user + 4 + 1 + 4 == end;
    }

    /** Offset after a string at {@code off}, or -1. */
    static int string(ByteBuffer b, int off) {
        long n = Bytes.u32le(b, off);
        return n < 0 || n > MAX_STRING || off + 4 + n > b.limit() ? -1 : (int) (off + 4 + n);
    }

    /** Offset after a non-empty printable string at {@code off}, or -1. */
    private static int printable(ByteBuffer b, int off) {
        int end = string(b, off);
        return end > off + 4 && Bytes.isText(b, off + 4, end) ? end : -1;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        if (dir == Direction.CLIENT_TO_SERVER) {
            SoulseekEvidence.describe(payload, scratch.get(id(), KIND), out);
        }
    }
}
