package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;

/**
 * The eDonkey-family UDP rule shared by {@link EdonkeyUdpSignature} and {@link KadSignature}: a
 * datagram is {@link #STRONG} (its structure pins the length: matches alone), {@link #WEAK}
 * (known opcode and plausible length: a second weak datagram in the flow matches) or
 * {@link #NONE}. Static and allocation-free.
 */
final class DatagramKind {

    static final int NONE = 0;
    static final int WEAK = 1;
    static final int STRONG = 2;
    /** Scratch word 0 of the signature: weak datagrams seen in the flow. */
    private static final int WEAK_SEEN = 0;
    /** Weak datagrams that together match (typically a request and its answer). */
    private static final int WEAK_TO_MATCH = 2;

    private DatagramKind() {
    }

    /** The verdict for a datagram of the given kind, counting weak ones in {@code scratch}. */
    static Verdict verdict(int kind, SignatureId id, FlowScratch scratch) {
        if (kind == STRONG) {
            return Verdict.MATCH;
        }
        if (kind == NONE) {
            return Verdict.NO_MATCH;
        }
        int seen = scratch.get(id, WEAK_SEEN) + 1;
        scratch.set(id, WEAK_SEEN, seen);
        return seen >= WEAK_TO_MATCH ? Verdict.MATCH : Verdict.NEED_MORE;
    }
}
