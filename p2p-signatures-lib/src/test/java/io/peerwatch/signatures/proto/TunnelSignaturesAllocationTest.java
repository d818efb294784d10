package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.build;
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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code inspect} must not allocate (STYLE.md §4). Runs every tunnel and benign signature
 * over payloads that exercise its deep paths and reads the thread's allocation counter
 * (HotSpot's {@code com.sun.management.ThreadMXBean}); the JMH {@code -prof gc} benchmark is
 * the authoritative measurement, this is the cheap regression guard.
 */
class TunnelSignaturesAllocationTest {

    private static final int CALLS = 5_000;
    /** Allowance for the counter reads themselves and one-off class initialisation. */
    private static final long SLACK_BYTES = 64 * 1024;

    private static final List<Signature> SIGNATURES = List.of(HttpConnectSignature.INSTANCE, HttpTunnelSignature.INSTANCE,
            Socks4Signature.INSTANCE, Socks5Signature.INSTANCE, SshSignature.INSTANCE, OpenVpnSignature.INSTANCE,
            WireGuardSignature.INSTANCE, DnsTunnelSignature.INSTANCE, IcmpTunnelSignature.INSTANCE, TorSignature.INSTANCE,
            TlsTunnelSignature.INSTANCE, ObfuscatedProxySignature.INSTANCE, HttpSignature.INSTANCE, TlsSignature.INSTANCE,
            DnsSignature.INSTANCE, QuicSignature.INSTANCE);

    private static final List<ByteBuffer> PAYLOADS = List.of(
            TunnelPayloads.httpGet(),
            TunnelPayloads.ascii("CONNECT 198.51.100.7:4662 HTTP/1.1\r\n\r\n"),
            TunnelPayloads.ascii("POST /index.html?crap=123456 HTTP/1.1\r\n"),
            TunnelPayloads.ascii("SSH-2.0-OpenSSH_9.2\r\n"),
            TunnelPayloads.clientHello("www.ct7ctrgb6cr7.com", List.of(), true),
            TunnelPayloads.clientHello("www.example.com", List.of("h2", "http/1.1"), true),
            TunnelPayloads.dnsQuery(1, "wLqFgAABADE5Mzg4NjUxM0U1NDIyNzU0NEVENURGNzk3QTdBREQzODk5MDA2OUU.d.example", 16),
            build().u8(0x38).random(8, 1).u8(0).u32(0).buffer(),
            build().u8(1, 0, 0, 0).random(144, 2).buffer(),
            build().u8(5, 2, 0, 2).buffer(),
            build().u8(4, 1).u16(80).u8(0, 0, 0, 1).u8(0).ascii("example.com").u8(0).buffer(),
            build().u32(0xDEADC0DEL).random(100, 3).buffer(),
            TunnelPayloads.random(1400, 4),
            build().u8(0xc3).u32(1).u8(8).random(1250, 5).buffer());

    private static final ByteBuffer[] PAYLOAD_ARRAY = PAYLOADS.toArray(new ByteBuffer[0]);

    @Test
    void inspectDoesNotAllocate() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SignatureEngine engine = new SignatureEngine(SignatureRegistry.builder().build(), DetectionConfig.defaults());
        FlowScratch[] scratches = new FlowScratch[3];
        int[] protocols = {IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMP};
        for (int i = 0; i < scratches.length; i++) {
            scratches[i] = new FlowScratch();
            engine.begin(scratches[i], protocols[i], 40000, 443);
            scratches[i].setIcmp(8, 0);
        }
        Map<String, Long> allocating = new TreeMap<>();
        long tid = Thread.currentThread().getId();
        for (Signature s : SIGNATURES) {
            run(s, scratches, CALLS / 10);
            long before = bean.getThreadAllocatedBytes(tid);
            long checksum = run(s, scratches, CALLS);
            long allocated = bean.getThreadAllocatedBytes(tid) - before;
            assertThat(checksum).isPositive();
            if (allocated >= SLACK_BYTES) {
                allocating.put(s.id().name(), allocated);
            }
        }
        assertThat(allocating).as("bytes allocated by %d inspect calls per signature", CALLS * PAYLOADS.size()).isEmpty();
    }

    private static long run(Signature s, FlowScratch[] scratches, int rounds) {
        long checksum = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < PAYLOAD_ARRAY.length; i++) { // arrays: a List iterator would allocate here
                ByteBuffer p = PAYLOAD_ARRAY[i];
                for (FlowScratch scratch : scratches) {
                    if (s.selection().accepts(scratch.ipProtocol(), p.limit())) {
                        Direction d = (r & 1) == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
                        checksum += s.inspect(p, d, scratch).ordinal() + 1;
                    }
                }
            }
        }
        return checksum;
    }
}
