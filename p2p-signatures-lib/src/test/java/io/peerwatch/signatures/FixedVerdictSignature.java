package io.peerwatch.signatures;

import java.nio.ByteBuffer;

/** Test stub: a signature that answers {@code verdict} for every packet its selection accepts. */
record FixedVerdictSignature(SignatureId id, Selection selection, Verdict verdict) implements Signature {
    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        return verdict;
    }
}
