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
 * Gnutella descriptors over UDP: pings, pongs, queries and query hits sent to a servent's UDP
 * port (Gnutella 0.6 RFC draft section 2.2 header layout; GUESS, the "Gnutella UDP Extension
 * for Scalable Searches", sends the same query and query-hit descriptors as datagrams; vendor
 * messages 0x31/0x32 and LimeWire's Mojito DHT (0x44) reuse the header).
 *
 * <p>A datagram matches when it is exactly one descriptor: the little-endian payload length at
 * offset 19 equals the datagram length minus the 23-byte header, the payload type is known,
 * TTL is at least 1 and TTL plus hops at most {@value GnutellaDescriptors#MAX_TTL_PLUS_HOPS}, and
 * the payload is long enough for its type (see {@link GnutellaDescriptors#isDatagram}). The
 * length equality alone rejects random datagrams with probability 1 - 2^-32. One packet decides.
 *
 * <p>Evidence: SEARCH from query criteria, FILE_NAME from query-hit results.
 */
final class GnutellaUdpSignature implements Signature {

    static final GnutellaUdpSignature INSTANCE = new GnutellaUdpSignature();

    private GnutellaUdpSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.GNUTELLA_UDP;
    }

    @Override
    public Selection selection() {
        return Selection.UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        return GnutellaDescriptors.isDatagram(payload) ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        if (GnutellaDescriptors.isDatagram(payload)) {
            GnutellaDescriptors.describe(payload, 0, payload.limit(), out);
        }
    }
}
