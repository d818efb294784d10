package io.peerwatch.signatures.proto;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * Syncthing: the Block Exchange Protocol over TLS offers ALPN {@code bep/1.0} (Syncthing
 * specification, "Block Exchange Protocol v1", https://docs.syncthing.net/specs/bep-v1.html,
 * section "Connection Establishment"); local discovery v4 broadcasts UDP datagrams that start
 * with the magic 0x2EA7D90B followed by a protobuf {@code Announce} whose field 1 is the 32-byte
 * device id (tag 0x0A, length 0x20) ("Local Discovery Protocol v4",
 * https://docs.syncthing.net/specs/localdisco-v4.html). One packet.
 *
 * <p>Evidence: TLS_ALPN / TLS_SNI from the hello.
 */
final class SyncthingSignature implements Signature {

    static final SyncthingSignature INSTANCE = new SyncthingSignature();

    private static final byte[][] ALPN = {Bytes.ascii("bep/1.0")};
    private static final long DISCOVERY_MAGIC = 0x2EA7D90BL;
    private static final int DEVICE_ID_TAG = 0x0A;
    private static final int DEVICE_ID_LENGTH = 0x20;

    private SyncthingSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.SYNCTHING;
    }

    @Override
    public Selection selection() {
        return Selection.TCP_OR_UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        if (scratch.ipProtocol() == IpProtocol.UDP) {
            return Bytes.u32be(payload, 0) == DISCOVERY_MAGIC && Bytes.u8(payload, 4) == DEVICE_ID_TAG
                    && Bytes.u8(payload, 5) == DEVICE_ID_LENGTH && payload.limit() >= 6 + DEVICE_ID_LENGTH
                    ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (dir != Direction.CLIENT_TO_SERVER || Bytes.u8(payload, 0) != 0x16) {
            return Verdict.NO_MATCH;
        }
        return AlpnScan.find(payload, ALPN) >= 0 ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        scratch.endMetadata(); // everything it reports is in the packet it matched on
        if (scratch.ipProtocol() == IpProtocol.TCP && dir == Direction.CLIENT_TO_SERVER) {
            AlpnScan.describe(payload, out);
        }
    }
}
