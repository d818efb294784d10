package io.peerwatch.sql;

import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code p2p_protocol(payload BYTES, src_port INT, dst_port INT, ip_proto INT) -> STRING}: the
 * protocol the library's signature engine names for one packet's payload, sent by the client
 * ({@code src_port}) to the server ({@code dst_port}), e.g. {@code BitTorrent}, {@code Gnutella},
 * {@code DNS}; NULL when no signature claims it or an argument is NULL.
 *
 * <p>One packet is all a row has, so signatures that need the server's answer or several packets
 * give their pending verdict or none; the job classifies whole flows. The engine is shared and
 * thread-safe; each call uses a fresh {@link FlowScratch}.
 */
public final class P2pProtocol extends ScalarFunction {

    private static final SignatureEngine ENGINE =
            new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults());

    /** The protocol's display name, or NULL. */
    public String eval(byte[] payload, Integer srcPort, Integer dstPort, Integer ipProto) {
        if (payload == null || srcPort == null || dstPort == null || ipProto == null) {
            return null;
        }
        FlowScratch s = new FlowScratch();
        ENGINE.begin(s, ipProto, srcPort, dstPort);
        ENGINE.inspect(s, ByteBuffer.wrap(payload), Direction.CLIENT_TO_SERVER);
        Optional<Classification> c = ENGINE.result(s);
        return c.map(v -> v.protocol().displayName()).orElse(null);
    }
}
