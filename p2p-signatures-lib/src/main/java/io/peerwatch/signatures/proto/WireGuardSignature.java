package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * WireGuard (J. Donenfeld, "WireGuard: Next Generation Kernel Network Tunnel", whitepaper
 * §5.4). Every message starts with {@code type(1) reserved(3)=0}, then little-endian 32-bit
 * session indices: handshake initiation (type 1, exactly 148 bytes, sender index), handshake
 * response (type 2, 92 bytes, sender and receiver index), cookie reply (type 3, 64 bytes,
 * receiver index), transport data (type 4, receiver index, 64-bit counter, ciphertext padded
 * to 16 bytes plus a 16-byte tag: at least 32 bytes and a multiple of 16).
 *
 * <p>Any other shape rules the flow out at once. A match needs consistent indices across
 * packets: a response or cookie reply from the other side whose receiver index is the
 * initiation's sender index; a second initiation (handshake retry); or transport data whose
 * receiver index stays the same per direction (two packets in each direction, or
 * {@link SignatureConfig#wireGuardOneWayTransport()} in one direction when only one side is captured).
 */
final class WireGuardSignature implements Signature {

    static final WireGuardSignature INSTANCE = new WireGuardSignature(SignatureConfig.defaults());

    private static final int INITIATION = 1;
    private static final int RESPONSE = 2;
    private static final int COOKIE_REPLY = 3;
    private static final int TRANSPORT = 4;
    private static final int INITIATION_SIZE = 148;
    private static final int RESPONSE_SIZE = 92;
    private static final int COOKIE_REPLY_SIZE = 64;
    private static final int MIN_TRANSPORT = 32;
    private static final int BLOCK = 16;
    private static final int STATE = 0;
    private static final int INIT_INDEX = 1;
    /** Words 2 and 3: receiver index of transport data per direction (ordinal + 2). */
    private static final int TRANSPORT_INDEX = 2;
    /** State bits: initiation seen and its direction; per direction a count byte of transport packets. */
    private static final int INIT_SEEN = 1;
    private static final int INIT_FROM_SERVER = 2;
    private static final int COUNT_SHIFT = 8;
    private static final int COUNT_BITS = 8;
    private static final int COUNT_MASK = 0xFF;

    /** Same-index transport packets that suffice when only one direction is visible. */
    final int oneWayTransport;

    WireGuardSignature(SignatureConfig config) {
        this.oneWayTransport = config.wireGuardOneWayTransport();
    }

    @Override
    public SignatureId id() {
        return SignatureId.WIREGUARD;
    }

    @Override
    public Selection selection() {
        return Selection.UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        int type = Bytes.u8(p, 0);
        if (p.limit() < MIN_TRANSPORT || Bytes.u8(p, 1) != 0 || Bytes.u16be(p, 2) != 0 || !sizeFits(type, p.limit())) {
            return Verdict.NO_MATCH;
        }
        int state = s.get(id(), STATE);
        boolean fromServer = dir == Direction.SERVER_TO_CLIENT;
        int index = (int) Bytes.u32le(p, 4);
        switch (type) {
            case INITIATION -> {
                if ((state & INIT_SEEN) != 0) {
                    return Verdict.MATCH;
                }
                s.set(id(), STATE, state | INIT_SEEN | (fromServer ? INIT_FROM_SERVER : 0));
                s.set(id(), INIT_INDEX, index);
                return Verdict.NEED_MORE;
            }
            case RESPONSE, COOKIE_REPLY -> {
                int receiver = (int) Bytes.u32le(p, type == RESPONSE ? 8 : 4);
                boolean answersInit = (state & INIT_SEEN) != 0 && ((state & INIT_FROM_SERVER) != 0) != fromServer
                        && receiver == s.get(id(), INIT_INDEX);
                return answersInit ? Verdict.MATCH : Verdict.NO_MATCH;
            }
            default -> {
                return transport(s, state, dir, index);
            }
        }
    }

    private static boolean sizeFits(int type, int length) {
        return switch (type) {
            case INITIATION -> length == INITIATION_SIZE;
            case RESPONSE -> length == RESPONSE_SIZE;
            case COOKIE_REPLY -> length == COOKIE_REPLY_SIZE;
            case TRANSPORT -> length % BLOCK == 0;
            default -> false;
        };
    }

    private Verdict transport(FlowScratch s, int state, Direction dir, int receiver) {
        int shift = COUNT_SHIFT + dir.ordinal() * COUNT_BITS;
        int count = (state >>> shift) & COUNT_MASK;
        int word = TRANSPORT_INDEX + dir.ordinal();
        boolean initFromServer = (state & INIT_FROM_SERVER) != 0;
        if ((state & INIT_SEEN) != 0 && initFromServer != (dir == Direction.SERVER_TO_CLIENT)
                && receiver == s.get(id(), INIT_INDEX)) {
            return Verdict.MATCH; // the responder's data names the initiator's index
        }
        if (count > 0 && s.get(id(), word) != receiver) {
            return Verdict.NO_MATCH;
        }
        s.set(id(), word, receiver);
        count = Math.min(count + 1, COUNT_MASK);
        state = (state & ~(COUNT_MASK << shift)) | (count << shift);
        s.set(id(), STATE, state);
        int other = (state >>> (COUNT_SHIFT + dir.reverse().ordinal() * COUNT_BITS)) & COUNT_MASK;
        boolean bothWays = count >= 2 && other >= 2;
        return bothWays || count >= oneWayTransport ? Verdict.MATCH : Verdict.NEED_MORE;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        s.endMetadata(); // everything it reports is in the packet it matched on
        if (out.isEmpty()) {
            out.put(MetadataKey.NOTE, Bytes.u8(p, 0) == TRANSPORT ? "WireGuard transport data with stable session indices"
                    : "WireGuard handshake");
        }
    }
}
