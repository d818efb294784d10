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
 * Direct Connect over TLS (ADCS, NMDCS), recognised by the ALPN protocol names {@code adc} and
 * {@code nmdc} in the TLS ClientHello ("DC++ protocol negotiation via ALPN", DC developers'
 * proposal, 2019, https://discourse.dcbase.org/t/dc-protocol-negotiation-via-alpn/814; ALPN itself
 * RFC 7301). The client's first segment decides (see {@link AlpnScan}); a hello that does not fit
 * in it is not matched.
 *
 * <p>Observed on the lab capture of ncdc 1.23.1 and uhub 0.4.1 (ADCS hub and client-client):
 * ncdc offers {@code adc,nmdc} when it connects to the hub, but its client-to-client TLS hello
 * carries neither ALPN nor SNI. No behaviour of that connection distinguishes it from other
 * SNI-less TLS (both sides exchange records of ordinary sizes after a normal handshake), so it is
 * deliberately left to the generic TLS signatures (no port or address rule is used) and named
 * Direct Connect only by corroboration: {@code P2pCorroborationDetector} judges it from both ends,
 * and the hub session this signature recognises on either end names it.
 *
 * <p>Evidence: TLS_ALPN and TLS_SNI from the hello.
 */
final class DirectConnectAdcsSignature implements Signature {

    static final DirectConnectAdcsSignature INSTANCE = new DirectConnectAdcsSignature();

    private static final byte[][] ALPN = {Bytes.ascii("adc"), Bytes.ascii("nmdc")};

    private DirectConnectAdcsSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.DIRECT_CONNECT_ADCS;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        if (dir != Direction.CLIENT_TO_SERVER || Bytes.u8(payload, 0) != 0x16) {
            return Verdict.NO_MATCH;
        }
        return AlpnScan.find(payload, ALPN) >= 0 ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        scratch.endMetadata(); // everything it reports is in the packet it matched on
        if (dir == Direction.CLIENT_TO_SERVER) {
            AlpnScan.describe(payload, out);
        }
    }
}
