package io.peerwatch.signatures.proto;

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
 * The hot-path contract: {@code inspect} of the legacy P2P signatures allocates nothing, on
 * matching and non-matching payloads alike. Measured with the JVM's per-thread allocation counter
 * (not a timing); the bench module's JMH {@code -prof gc} run is the full proof.
 */
class LegacyP2pAllocationTest {

    private static final List<Signature> SIGNATURES = SigHarness.LEGACY;

    private static final List<ByteBuffer> PAYLOADS = List.of(
            LegacyP2pPayloads.ascii(GnutellaSignatureTest.CONNECT),
            LegacyP2pPayloads.ascii(Gnutella2SignatureTest.CONNECT_G2),
            ByteBuffer.wrap(GnutellaSignatureTest.query("abc")),
            ByteBuffer.wrap(EdonkeySignatureTest.message(0xe3, 0x01, EdonkeySignatureTest.helloBody(true, "alice"))),
            KadSignatureTest.kad(0x21, new byte[33]),
            LegacyP2pPayloads.ascii(DirectConnectNmdcSignatureTest.HUB_HELLO),
            LegacyP2pPayloads.ascii("HSUP ADBASE ADTIGR\n"),
            LegacyP2pPayloads.tlsClientHello(null, "adc", "nmdc"),
            GnutellaTlsSignatureTest.hello(null, 0xc02f, 0x0034),
            GnutellaTlsSignatureTest.serverFlight("gtk-gnutella/1.2.1"),
            LegacyP2pPayloads.ascii(FastTrackSignatureTest.HASH_GET),
            SoulseekSignatureTest.login(),
            OpenNapSignatureTest.msg(2, "foo badpass 6699 \"nap v0.8\" 3"),
            AresSignatureTest.prelogin(),
            LegacyP2pPayloads.httpGet(),
            LegacyP2pPayloads.random(1200, 99),
            LegacyP2pPayloads.dnsQuery());

    @Test
    void inspectAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SignatureEngine engine = new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults());
        FlowScratch scratch = new FlowScratch();
        run(engine, scratch, 5_000);
        long before = threads.getCurrentThreadAllocatedBytes();
        run(engine, scratch, 20_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 20,000 rounds of inspect over all signatures").isLessThan(4096);
    }

    private static void run(SignatureEngine engine, FlowScratch scratch, int rounds) {
        int[] protocols = {IpProtocol.TCP, IpProtocol.UDP};
        // Arrays, not the lists: iterators would be the test's own allocation.
        Signature[] signatures = SIGNATURES.toArray(new Signature[0]);
        ByteBuffer[] payloads = PAYLOADS.toArray(new ByteBuffer[0]);
        for (int r = 0; r < rounds; r++) {
            int proto = protocols[r & 1];
            for (Signature sig : signatures) {
                for (ByteBuffer p : payloads) {
                    engine.begin(scratch, proto, 51000, 5665);
                    sig.inspect(p, Direction.CLIENT_TO_SERVER, scratch);
                    sig.inspect(p, Direction.SERVER_TO_CLIENT, scratch);
                }
            }
        }
    }
}
