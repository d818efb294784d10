package io.peerwatch.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The engine's priority, budget and metadata rules, with two toy signatures. */
class SignatureEngineTest {

    /** Matches when the payload starts with a marker; NEED_MORE for {@code delay} packets first. */
    private record Marker(SignatureId id, String marker, int delay) implements Signature {
        @Override
        public Selection selection() {
            return Selection.TCP;
        }

        @Override
        public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
            int seen = s.get(id, 0);
            s.set(id, 0, seen + 1);
            if (seen < delay) {
                return Verdict.NEED_MORE;
            }
            byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
            if (p.limit() < m.length) {
                return Verdict.NO_MATCH;
            }
            for (int i = 0; i < m.length; i++) {
                if (p.get(i) != m[i]) {
                    return Verdict.NO_MATCH;
                }
            }
            return Verdict.MATCH;
        }

        @Override
        public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
            out.put(MetadataKey.NOTE, "seen " + p.limit());
        }
    }

    private static ByteBuffer payload(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void higherPriorityUndecidedSignatureHoldsTheVerdictUntilItGivesUp() {
        SignatureRegistry r = SignatureRegistry.builder()
                .add(new Marker(SignatureId.BITTORRENT_PEER_WIRE, "BT", 2))
                .add(new Marker(SignatureId.HTTP, "GET", 0))
                .build();
        SignatureEngine e = new SignatureEngine(r, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.TCP, 50000, 80);
        assertThat(e.inspect(s, payload("GET /"), Direction.CLIENT_TO_SERVER)).isTrue();
        assertThat(e.isFinal(s)).as("BT still undecided").isFalse();
        e.inspect(s, payload("HTTP/1.1 200"), Direction.SERVER_TO_CLIENT);
        e.inspect(s, payload("body"), Direction.SERVER_TO_CLIENT);
        assertThat(e.isFinal(s)).isTrue();
        Classification c = e.result(s).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.HTTP);
        assertThat(c.packetsToVerdict()).isEqualTo(3);
        assertThat(c.metadata().get(MetadataKey.NOTE)).containsExactly("seen 5");
    }

    @Test
    void higherPriorityMatchWinsOverAnEarlierLowerPriorityMatch() {
        SignatureRegistry r = SignatureRegistry.builder()
                .add(new Marker(SignatureId.BITTORRENT_PEER_WIRE, "GET /announce", 1))
                .add(new Marker(SignatureId.HTTP, "GET", 0))
                .build();
        SignatureEngine e = new SignatureEngine(r, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.TCP, 50000, 80);
        e.inspect(s, payload("GET /announce?info_hash=x"), Direction.CLIENT_TO_SERVER);
        e.inspect(s, payload("GET /announce?info_hash=y"), Direction.CLIENT_TO_SERVER);
        assertThat(e.result(s).orElseThrow().signature()).isEqualTo(SignatureId.BITTORRENT_PEER_WIRE);
    }

    @Test
    void pendingBehaviourMatchDoesNotStandBehindAnUndecidedSignatureWhenTheFlowEnds() {
        SignatureRegistry r = SignatureRegistry.builder()
                .add(new Marker(SignatureId.BITTORRENT_MSE, "R", 5))
                .add(new Marker(SignatureId.OBFUSCATED_PROXY, "R", 0))
                .build();
        SignatureEngine e = new SignatureEngine(r, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.TCP, 50000, 8388);
        e.inspect(s, payload("R1"), Direction.CLIENT_TO_SERVER);
        e.inspect(s, payload("R2"), Direction.SERVER_TO_CLIENT);
        assertThat(e.isFinal(s)).isFalse();
        assertThat(e.result(s)).as("flow ended while the higher-priority signature was undecided").isEmpty();

        // once the higher-priority signature rules itself out, the behaviour match stands
        SignatureRegistry r2 = SignatureRegistry.builder()
                .add(new Marker(SignatureId.BITTORRENT_MSE, "Z", 1))
                .add(new Marker(SignatureId.OBFUSCATED_PROXY, "R", 0))
                .build();
        SignatureEngine e2 = new SignatureEngine(r2, DetectionConfig.defaults());
        e2.begin(s, IpProtocol.TCP, 50000, 8388);
        e2.inspect(s, payload("R1"), Direction.CLIENT_TO_SERVER);
        e2.inspect(s, payload("R2"), Direction.SERVER_TO_CLIENT);
        assertThat(e2.result(s).orElseThrow().signature()).isEqualTo(SignatureId.OBFUSCATED_PROXY);
    }

    @Test
    void pendingPayloadMatchStandsWhenTheFlowEnds() {
        SignatureRegistry r = SignatureRegistry.builder()
                .add(new Marker(SignatureId.GNUTELLA, "G", 5))
                .add(new Marker(SignatureId.HTTP, "GET", 0))
                .build();
        SignatureEngine e = new SignatureEngine(r, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.TCP, 50000, 80);
        e.inspect(s, payload("GET /"), Direction.CLIENT_TO_SERVER);
        assertThat(e.isFinal(s)).isFalse();
        assertThat(e.result(s).orElseThrow().signature()).isEqualTo(SignatureId.HTTP);
    }

    @Test
    void budgetEndsUndecidedFlowsAsUnknownAndSelectionSkipsOtherTransports() {
        SignatureRegistry r = SignatureRegistry.builder().add(new Marker(SignatureId.GNUTELLA, "X", 100)).build();
        SignatureEngine e = new SignatureEngine(r, DetectionConfig.builder().maxPacketsPerFlow(3).build());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.TCP, 1, 2);
        assertThat(e.inspect(s, payload("a"), Direction.CLIENT_TO_SERVER)).isTrue();
        assertThat(e.inspect(s, ByteBuffer.allocate(0), Direction.CLIENT_TO_SERVER)).as("empty packets don't count").isTrue();
        assertThat(e.inspect(s, payload("b"), Direction.CLIENT_TO_SERVER)).isTrue();
        assertThat(e.inspect(s, payload("c"), Direction.CLIENT_TO_SERVER)).isFalse();
        assertThat(e.result(s)).isEmpty();

        e.begin(s, IpProtocol.UDP, 1, 2);
        assertThat(s.get(SignatureId.GNUTELLA, 0)).as("begin clears words").isZero();
        e.inspect(s, payload("X"), Direction.CLIENT_TO_SERVER);
        assertThat(s.get(SignatureId.GNUTELLA, 0)).as("TCP-only signature not called for UDP").isZero();
    }

    @Test
    void metadataIsCollectedAfterTheVerdictWithinItsBudget() {
        SignatureRegistry r = SignatureRegistry.builder().add(new Marker(SignatureId.GNUTELLA, "G", 0)).build();
        SignatureEngine e = new SignatureEngine(r, DetectionConfig.builder().maxMetadataPackets(2).build());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.TCP, 1, 2);
        assertThat(e.inspect(s, payload("G"), Direction.CLIENT_TO_SERVER)).isTrue();
        assertThat(e.inspect(s, payload("GG"), Direction.CLIENT_TO_SERVER)).isTrue();
        assertThat(e.inspect(s, payload("GGG"), Direction.CLIENT_TO_SERVER)).isFalse();
        e.inspect(s, payload("GGGG"), Direction.CLIENT_TO_SERVER);
        assertThat(e.result(s).orElseThrow().metadata().get(MetadataKey.NOTE)).containsExactly("seen 1", "seen 2", "seen 3");
        assertThat(s.payloadPackets()).isEqualTo(4);
    }

    @Test
    void registryRejectsDuplicatesAndHonoursWithout() {
        Marker a = new Marker(SignatureId.GNUTELLA, "G", 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignatureRegistry.builder().add(a).add(a).build())
                .hasMessageContaining("GNUTELLA");
        assertThat(SignatureRegistry.builder().add(a).without(SignatureId.GNUTELLA).build().size()).isZero();
    }
}
