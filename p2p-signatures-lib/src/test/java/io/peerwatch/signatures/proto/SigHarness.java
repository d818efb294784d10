package io.peerwatch.signatures.proto;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Drives one signature over the packets of one flow the way the engine does (same scratch,
 * transport and ports), checking after every call that position and limit are untouched; and
 * runs whole flows through the real {@link SignatureEngine} with the default registry.
 */
final class SigHarness {

    /** Every signature of the legacy P2P set, in registry order. */
    static final List<Signature> LEGACY = List.of(DirectConnectAdcsSignature.INSTANCE, GnutellaTlsSignature.INSTANCE, SyncthingSignature.INSTANCE,
            FastTrackSignature.INSTANCE, AresSignature.INSTANCE, Gnutella2Signature.INSTANCE, GnutellaSignature.INSTANCE,
            GnutellaUdpSignature.INSTANCE, EdonkeySignature.INSTANCE, EdonkeyUdpSignature.INSTANCE, KadSignature.INSTANCE,
            DirectConnectNmdcSignature.INSTANCE, DirectConnectAdcSignature.INSTANCE, WinMxSignature.INSTANCE,
            OpenNapSignature.INSTANCE, SoulseekSignature.INSTANCE, FiletopiaSignature.INSTANCE);

    static final SignatureEngine ENGINE = new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults());
    static final int CLIENT_PORT = 51000;
    static final int SERVER_PORT = 40000;

    private final Signature sig;
    private final FlowScratch scratch = new FlowScratch();

    SigHarness(Signature sig, int ipProtocol, int clientPort, int serverPort) {
        this.sig = sig;
        ENGINE.begin(scratch, ipProtocol, clientPort, serverPort);
    }

    static SigHarness tcp(Signature sig) {
        return new SigHarness(sig, IpProtocol.TCP, CLIENT_PORT, SERVER_PORT);
    }

    static SigHarness udp(Signature sig) {
        return new SigHarness(sig, IpProtocol.UDP, CLIENT_PORT, SERVER_PORT);
    }

    Verdict c2s(ByteBuffer p) {
        return feed(Direction.CLIENT_TO_SERVER, p);
    }

    Verdict s2c(ByteBuffer p) {
        return feed(Direction.SERVER_TO_CLIENT, p);
    }

    Verdict feed(Direction d, ByteBuffer p) {
        int limit = p.limit();
        int position = p.position();
        Verdict v = sig.inspect(p, d, scratch);
        assertThat(p.limit()).as("limit unchanged").isEqualTo(limit);
        assertThat(p.position()).as("position unchanged").isEqualTo(position);
        return v;
    }

    /** Runs describe over the packets in order and returns what was collected. */
    Metadata describe(Direction d, ByteBuffer... packets) {
        Metadata m = new Metadata(DetectionConfig.defaults());
        for (ByteBuffer p : packets) {
            sig.describe(p, d, scratch, m);
        }
        return m;
    }

    FlowScratch scratch() {
        return scratch;
    }

    /** A flow packet: direction and payload. */
    record Pkt(Direction dir, ByteBuffer payload) {
        static Pkt c2s(ByteBuffer p) {
            return new Pkt(Direction.CLIENT_TO_SERVER, p);
        }

        static Pkt s2c(ByteBuffer p) {
            return new Pkt(Direction.SERVER_TO_CLIENT, p);
        }
    }

    /** Classifies a whole flow with the default registry and configuration. */
    static Optional<Classification> classify(int ipProtocol, int clientPort, int serverPort, Pkt... packets) {
        FlowScratch s = new FlowScratch();
        ENGINE.begin(s, ipProtocol, clientPort, serverPort);
        for (Pkt p : packets) {
            ENGINE.inspect(s, p.payload(), p.dir());
        }
        return ENGINE.result(s);
    }

    /**
     * Feeds every proper prefix of {@code full} (a capture cut by its snap length) as a first packet,
     * and describes it; nothing may throw. Returns how many prefixes matched.
     */
    static int prefixMatches(Signature sig, int ipProtocol, Direction d, ByteBuffer full) {
        int matches = 0;
        for (int n = 0; n < full.limit(); n++) {
            SigHarness h = new SigHarness(sig, ipProtocol, CLIENT_PORT, SERVER_PORT);
            ByteBuffer cut = LegacyP2pPayloads.prefix(full, n);
            if (h.feed(d, cut) == Verdict.MATCH) {
                matches++;
            }
            h.describe(d, cut);
        }
        return matches;
    }
}
