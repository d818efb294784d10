package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.BitTorrentPayloads.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code inspect} of every BitTorrent signature allocates nothing: a counter of bytes allocated
 * on this thread over many calls (matching, undecided and rejected payloads), not a timing. The
 * JMH {@code -prof gc} benchmark is the precise check.
 */
class BitTorrentAllocationTest {

    private static final int ROUNDS = 2_000;

    @Test
    void inspectAllocatesNothing() {
        List<Signature> signatures = List.of(BitTorrentPeerWireSignature.INSTANCE, BitTorrentTrackerHttpSignature.INSTANCE,
                BitTorrentTrackerUdpSignature.INSTANCE, BitTorrentDhtSignature.INSTANCE, BitTorrentUtpSignature.INSTANCE,
                BitTorrentLsdSignature.INSTANCE, BitTorrentMseSignature.INSTANCE);
        List<ByteBuffer> payloads = List.of(
                ByteBuffer.wrap(concat(BitTorrentPayloads.handshake("-TR4050-"), BitTorrentPayloads.extensionHandshake("x"))),
                ByteBuffer.wrap(BitTorrentPayloads.getPeersQuery("LT\u0001\u0002")),
                ByteBuffer.wrap(BitTorrentPayloads.udpConnect(3)), ByteBuffer.wrap(BitTorrentPayloads.udpAnnounce(1, 2, "x")),
                ByteBuffer.wrap(BitTorrentPayloads.utp(4, 5, 6, 7, 0, BitTorrentPayloads.extensionBits(), new byte[0])),
                ByteBuffer.wrap(BitTorrentPayloads.ascii("GET /announce?info_hash=a&peer_id=b HTTP/1.1\r\n\r\n")),
                ByteBuffer.wrap(BitTorrentPayloads.ascii("BT-SEARCH * HTTP/1.1\r\n\r\n")),
                ByteBuffer.wrap(BitTorrentPayloads.random(1, 300)), ByteBuffer.wrap(BitTorrentPayloads.tlsClientHello()),
                ByteBuffer.wrap(BitTorrentPayloads.dnsQuery()), ByteBuffer.wrap(BitTorrentPayloads.httpGet()));
        Signature[] sigs = signatures.toArray(new Signature[0]);
        ByteBuffer[] buffers = payloads.toArray(new ByteBuffer[0]);
        SignatureEngine engine = new SignatureEngine(SignatureRegistry.builder().build(), DetectionConfig.defaults());
        FlowScratch scratch = new FlowScratch();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long[] allocated = new long[2];
        long calls = 0;
        for (int pass = 0; pass < allocated.length; pass++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int round = 0; round < ROUNDS; round++) {
                for (Signature sig : sigs) {
                    int protocol = sig.selection().tcp() ? IpProtocol.TCP : IpProtocol.UDP;
                    for (ByteBuffer p : buffers) {
                        engine.begin(scratch, protocol, 50000, 6881);
                        sig.inspect(p, Direction.CLIENT_TO_SERVER, scratch);
                        sig.inspect(p, Direction.SERVER_TO_CLIENT, scratch);
                        sig.inspect(p, Direction.CLIENT_TO_SERVER, scratch);
                        calls += 3;
                    }
                }
            }
            allocated[pass] = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertThat(calls).isPositive();
        assertThat(allocated[1]).as("bytes allocated in %d inspect calls", calls / 2).isLessThan(calls / 2 / 100);
    }
}
