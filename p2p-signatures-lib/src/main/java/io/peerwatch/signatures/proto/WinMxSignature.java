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
 * WinMX file transfers, which use the Napster client-to-client transfer handshake (napster.txt,
 * "napster messages", drscholl, section 5 "Client-Client Protocol", as kept in OpenNap and
 * mldonkey's {@code docs/napster-protocol.txt}; the ipp2p WinMX rule keys on the same
 * {@code SEND}/{@code GET} packets): the accepting side sends the single byte {@code '1'}; the
 * connecting side sends {@code GET} (download) or {@code SEND} (firewalled upload) as one packet,
 * then {@code <nick> "<file name>" <offset or size>}; {@code GETLIST}/{@code SENDLIST <nick>}
 * browse the shared list. The same handshake is used by OpenNap clients' transfers; it is
 * labelled WinMX here as in ipp2p (the OpenNap server protocol has its own signature).
 *
 * <p>Matches: {@code '1'} from the server then a bare {@code GET}/{@code SEND}/{@code GETLIST};
 * or {@code GET}/{@code SEND} followed (in the same or the next client packet) by a well-formed
 * request line. Two to three packets. The WPNP peer-network protocol itself is encrypted and not
 * matched.
 *
 * <p>Evidence: NICK and FILE_NAME from the request line.
 */
final class WinMxSignature implements Signature {

    static final WinMxSignature INSTANCE = new WinMxSignature();

    private static final byte[] GET = Bytes.ascii("GET");
    private static final byte[] SEND = Bytes.ascii("SEND");
    private static final byte[] GETLIST = Bytes.ascii("GETLIST");
    private static final byte[] SENDLIST = Bytes.ascii("SENDLIST ");
    private static final int STATE = 0;
    private static final int SAW_ONE = 1;
    private static final int SAW_COMMAND = 2;
    private static final int MAX_NICK = 64;

    private WinMxSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.WINMX;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        int n = payload.limit();
        int state = scratch.get(id(), STATE);
        if (dir == Direction.SERVER_TO_CLIENT) {
            if (state == 0 && n == 1 && payload.get(0) == '1') {
                scratch.set(id(), STATE, SAW_ONE);
                return Verdict.NEED_MORE;
            }
            return Verdict.NO_MATCH;
        }
        boolean bare = n == GET.length && Bytes.startsWith(payload, GET) || n == SEND.length && Bytes.startsWith(payload, SEND);
        if (bare || n == GETLIST.length && Bytes.startsWith(payload, GETLIST)) {
            if (state == SAW_ONE) {
                return Verdict.MATCH;
            }
            if (state == 0 && bare) {
                scratch.set(id(), STATE, SAW_COMMAND);
                return Verdict.NEED_MORE;
            }
            return Verdict.NO_MATCH;
        }
        if (state == SAW_COMMAND) {
            return requestEnd(payload, 0) > 0 ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (Bytes.startsWith(payload, SENDLIST)) {
            return Bytes.u8(payload, n - 1) == '\n' ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        int from = Bytes.startsWith(payload, SEND) ? SEND.length : Bytes.startsWith(payload, GET) ? GET.length : -1;
        return from > 0 && requestEnd(payload, from) > 0 ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    /**
     * Checks {@code <nick> "<file name>" <digits>} at {@code from} ending the packet; returns the
     * index of the opening quote, or -1.
     */
    static int requestEnd(ByteBuffer b, int from) {
        int n = b.limit();
        int sp = Bytes.indexOf(b, (byte) ' ', from, Math.min(n, from + MAX_NICK + 1));
        if (sp <= from || Bytes.u8(b, sp + 1) != '"') {
            return -1;
        }
        for (int i = from; i < sp; i++) {
            int c = b.get(i) & 0xff;
            if (c <= 0x20 || c == '"' || c == 0x7f) {
                return -1;
            }
        }
        int close = Bytes.indexOf(b, (byte) '"', sp + 2, n);
        if (close <= sp + 2 || Bytes.u8(b, close + 1) != ' ' || close + 2 >= n) {
            return -1;
        }
        for (int i = close + 2; i < n; i++) {
            int c = b.get(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return sp + 1;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        if (dir != Direction.CLIENT_TO_SERVER) {
            return;
        }
        int from = Bytes.startsWith(payload, SEND) ? SEND.length : Bytes.startsWith(payload, GET) ? GET.length : 0;
        int quote = requestEnd(payload, from);
        if (quote < 0 && from > 0) {
            quote = requestEnd(payload, 0);
            from = 0;
        }
        if (quote > 0) {
            out.put(MetadataKey.NICK, Bytes.utf8(payload, from, quote - 1));
            out.put(MetadataKey.FILE_NAME, Bytes.utf8(payload, quote + 1, Bytes.indexOf(payload, (byte) '"', quote + 1,
                    payload.limit())));
        }
    }
}
