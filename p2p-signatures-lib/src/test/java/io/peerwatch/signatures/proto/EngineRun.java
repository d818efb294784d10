package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import java.nio.ByteBuffer;
import java.util.Optional;

/** One flow through the real engine with the default registry (priority order included). */
final class EngineRun {

    private static final SignatureEngine ENGINE = new SignatureEngine(SignatureRegistry.defaults(),
            DetectionConfig.defaults());

    private final FlowScratch scratch = new FlowScratch();

    EngineRun(int ipProtocol, int clientPort, int serverPort) {
        ENGINE.begin(scratch, ipProtocol, clientPort, serverPort);
    }

    EngineRun up(ByteBuffer p) {
        ENGINE.inspect(scratch, p, Direction.CLIENT_TO_SERVER);
        return this;
    }

    EngineRun down(ByteBuffer p) {
        ENGINE.inspect(scratch, p, Direction.SERVER_TO_CLIENT);
        return this;
    }

    EngineRun icmp(int type, ByteBuffer p, Direction dir) {
        scratch.setIcmp(type, 0);
        ENGINE.inspect(scratch, p, dir);
        return this;
    }

    Optional<Classification> result() {
        return ENGINE.result(scratch);
    }

    boolean isFinal() {
        return ENGINE.isFinal(scratch);
    }
}
