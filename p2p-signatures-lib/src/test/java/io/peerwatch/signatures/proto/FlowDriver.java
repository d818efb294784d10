package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * Drives one signature over the packets of one flow and returns its verdict per packet.
 * The flow context (packet and byte counts) is kept by a real {@link SignatureEngine} that
 * runs a "never decides" signature on the same scratch, so the signature under test sees
 * exactly what the engine would show it.
 */
final class FlowDriver {

    /** Never decides; only lets the engine count packets. */
    private static final Signature COUNTER = new Signature() {
        @Override
        public SignatureId id() {
            return SignatureId.SYNCTHING;
        }

        @Override
        public Selection selection() {
            return new Selection(true, true, true, true);
        }

        @Override
        public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
            return Verdict.NEED_MORE;
        }
    };
    private static final SignatureEngine ENGINE = new SignatureEngine(SignatureRegistry.builder().add(COUNTER).build(),
            DetectionConfig.builder().maxPacketsPerFlow(10_000).build());

    private final Signature signature;
    private final FlowScratch scratch = new FlowScratch();

    FlowDriver(Signature signature, int ipProtocol, int clientPort, int serverPort) {
        this.signature = signature;
        ENGINE.begin(scratch, ipProtocol, clientPort, serverPort);
    }

    /** The signature's verdict on this packet; the flow context then counts the packet. */
    Verdict feed(ByteBuffer payload, Direction dir) {
        Verdict v = signature.inspect(payload, dir, scratch);
        ENGINE.inspect(scratch, payload, dir);
        return v;
    }

    /** Client-to-server shorthand. */
    Verdict up(ByteBuffer payload) {
        return feed(payload, Direction.CLIENT_TO_SERVER);
    }

    /** Server-to-client shorthand. */
    Verdict down(ByteBuffer payload) {
        return feed(payload, Direction.SERVER_TO_CLIENT);
    }

    /** ICMP: sets the type and code of the next packet. */
    FlowDriver icmp(int type, int code) {
        scratch.setIcmp(type, code);
        return this;
    }

    FlowScratch scratch() {
        return scratch;
    }
}
