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
 * Ares Galaxy. Two documented, unencrypted openings:
 * <ul>
 *   <li>Supernode session: packets are {@code <length 2, little-endian><command 1><payload>}; the
 *       client's first packet is the 6-byte pre-login {@code 03 00 5A xx xx 05}: length 3,
 *       command 90 ({@code MSG_CLIENT_FIRST_LOG}), two crypto markers ({@code 06 06} no-crypt in
 *       current clients, other values in older ones) and the {@code CHAR_MARKER_NEWSTACK} 0x05.
 *       Sources: Ares Galaxy sources ({@code const_commands.pas}, {@code thread_client.pas}
 *       {@code STR_NEW_PRELOGIN}, GPL, read for the layout only) and the ipp2p Ares rule
 *       ({@code 03 00 5a .. .. 05}). Later packets are encrypted.</li>
 *   <li>Transfers are HTTP whose heads carry Ares-specific headers {@code X-B6MI} (base64,
 *       encrypted supernode and own address), {@code X-B6St}, {@code X-MyLIP} (hex local IP) and
 *       {@code X-My-Nick} (giFT-Ares {@code as_upload.c}, Kern &amp; Hargreaves 2004).</li>
 * </ul>
 * One packet. The pre-login is 4 fixed bytes plus an exact length, so the chance that a random
 * 6-byte first payload matches is 2^-32; confidence stays the default PAYLOAD level but the rule is
 * thin, as the published description is.
 *
 * <p>Evidence: NICK from {@code X-My-Nick}, CLIENT from User-Agent/Server.
 */
final class AresSignature implements Signature {

    static final AresSignature INSTANCE = new AresSignature();

    private static final int PRELOGIN_LENGTH = 6;
    private static final int MSG_CLIENT_FIRST_LOG = 0x5A;
    private static final int CHAR_MARKER_NEWSTACK = 0x05;
    private static final byte[][] HEADERS = {Bytes.ascii("x-b6mi:"), Bytes.ascii("x-b6st:"),
        Bytes.ascii("x-mylip:"), Bytes.ascii("x-my-nick:")};
    private static final byte[] NICK = Bytes.ascii("x-my-nick:");
    private static final byte[] USER_AGENT = Bytes.ascii("user-agent:");
    private static final byte[] SERVER = Bytes.ascii("server:");

    private AresSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.ARES;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        if (isPrelogin(payload)) {
            return dir == Direction.CLIENT_TO_SERVER ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (HttpHead.requestTarget(payload) < 0 && !HttpHead.isResponse(payload)) {
            return Verdict.NO_MATCH;
        }
        return HttpHead.hasHeader(payload, HttpHead.blockEnd(payload), (byte) 'x', HEADERS)
                ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    private static boolean isPrelogin(ByteBuffer b) {
        return b.limit() == PRELOGIN_LENGTH && Bytes.u16le(b, 0) == PRELOGIN_LENGTH - 3
                && Bytes.u8(b, 2) == MSG_CLIENT_FIRST_LOG && Bytes.u8(b, PRELOGIN_LENGTH - 1) == CHAR_MARKER_NEWSTACK;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        if (isPrelogin(payload)) {
            out.put(MetadataKey.NOTE, "supernode pre-login");
            return;
        }
        int end = HttpHead.blockEnd(payload);
        out.put(MetadataKey.NICK, HttpHead.value(payload, end, NICK));
        out.put(MetadataKey.CLIENT, HttpHead.value(payload, end, USER_AGENT));
        out.put(MetadataKey.CLIENT, HttpHead.value(payload, end, SERVER));
    }
}
