package io.peerwatch.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two engine rules added with the legacy P2P signatures: a signature that can never see the
 * flow's transport does not hold back lower-priority verdicts, and the describe-time attachment
 * of {@link FlowScratch} is closed when the metadata window ends, on {@code begin}, and when a
 * higher-priority candidate replaces the signature that attached it.
 */
class SignatureEngineAttachmentTest {

    /** Closes count. */
    private static final class Resource implements AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** Matches every packet; attaches a fresh resource in describe. */
    private record Attaching(SignatureId id, Selection selection, Resource[] last, boolean match) implements Signature {
        @Override
        public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
            return match ? Verdict.MATCH : Verdict.NEED_MORE;
        }

        @Override
        public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
            if (s.attachment() == null) {
                last[0] = new Resource();
                s.attach(last[0]);
            }
        }
    }

    private static ByteBuffer payload() {
        return ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void udpOnlySignatureDoesNotHoldBackATcpVerdict() {
        Resource[] r = new Resource[1];
        SignatureRegistry reg = SignatureRegistry.builder()
                .add(new Attaching(SignatureId.KAD, Selection.UDP, r, false))
                .add(new Attaching(SignatureId.EDONKEY, Selection.TCP, r, true))
                .build();
        SignatureEngine e = new SignatureEngine(reg, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.TCP, 50000, 4662);
        e.inspect(s, payload(), Direction.CLIENT_TO_SERVER);
        assertThat(e.isFinal(s)).isTrue();
        assertThat(e.result(s).orElseThrow().packetsToVerdict()).isEqualTo(1);
    }

    @Test
    void attachmentIsClosedWhenTheMetadataWindowEnds() {
        Resource[] r = new Resource[1];
        SignatureRegistry reg = SignatureRegistry.builder().add(new Attaching(SignatureId.GNUTELLA, Selection.TCP, r, true)).build();
        SignatureEngine e = new SignatureEngine(reg, DetectionConfig.builder().maxMetadataPackets(2).build());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.TCP, 50000, 6346);
        e.inspect(s, payload(), Direction.CLIENT_TO_SERVER);
        e.inspect(s, payload(), Direction.SERVER_TO_CLIENT);
        assertThat(r[0].closed).hasValue(0);
        e.inspect(s, payload(), Direction.CLIENT_TO_SERVER);
        assertThat(r[0].closed).hasValue(1);
        assertThat(s.attachment()).isNull();
    }

    @Test
    void attachmentIsClosedOnBeginAndWhenReplaced() {
        Resource[] r = new Resource[1];
        SignatureRegistry reg = SignatureRegistry.builder().add(new Attaching(SignatureId.GNUTELLA, Selection.TCP, r, true)).build();
        SignatureEngine e = new SignatureEngine(reg, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.TCP, 50000, 6346);
        e.inspect(s, payload(), Direction.CLIENT_TO_SERVER);
        Resource first = r[0];
        e.begin(s, IpProtocol.TCP, 50001, 6346);
        assertThat(first.closed).hasValue(1);

        Resource replaced = new Resource();
        s.attach(replaced);
        s.attach(new Resource());
        assertThat(replaced.closed).as("attach closes the previous attachment").hasValue(1);
    }
}
