package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.packet.PacketEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link IcmpTunnelDetector} over echo packets of one host pair: ordinary pings of any size and
 * fill (iputils/BSD counting bytes after a timestamp, Windows' alphabet, {@code ping -p}, zero
 * fill, flood) stay clean; random payloads are a tunnel whatever their first control messages,
 * magic number or sizes.
 */
class IcmpTunnelDetectorTest {

    private static final IpAddress HOST = IpAddress.parse("10.1.2.3");
    private static final IpAddress PEER = IpAddress.parse("203.0.113.9");
    private static final long T0 = 1_790_000_000_000L;
    private final IcmpTunnelDetector detector = new IcmpTunnelDetector(InternalNetworks.defaults(),
            IcmpTunnelConfig.defaults(), NoticePolicy.defaults());

    private static EchoObservation echo(long t, boolean request, int id, byte[] payload) {
        PacketEvent p = PacketEvent.builder().timestampNanos(t * 1_000_000L)
                .addresses(request ? HOST : PEER, request ? PEER : HOST).ipProtocol(IpProtocol.ICMP)
                .icmp(request ? 8 : 0, 0, id).lengths(payload.length + 42, payload.length + 28, payload.length)
                .payloadPrefix(payload).build();
        return EchoObservation.of(p, ByteBuffer.wrap(payload), t).orElseThrow();
    }

    /** Request and mirrored reply per payload, as ping and its peer send them. */
    private Map<String, Alert> pings(int count, IntFunction<byte[]> payload) {
        List<EchoObservation> m = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = payload.apply(i);
            m.add(echo(T0 + 10L * i, true, 77, b));
            m.add(echo(T0 + 10L * i + 1, false, 77, b));
        }
        return judge(m);
    }

    private Map<String, Alert> judge(List<EchoObservation> m) {
        Map<String, IcmpTunnelDetector.Window> windows = new TreeMap<>();
        for (EchoObservation o : m) {
            detector.keyOf(o).ifPresent(k -> detector.observe(windows.computeIfAbsent(k, x -> detector.newWindow()), o));
        }
        Map<String, Alert> out = new TreeMap<>();
        windows.forEach((k, w) -> detector.evaluate(w, k, T0, T0 + 300_000).ifPresent(a -> out.put(k, a)));
        return out;
    }

    /** An 8..16-byte timestamp, then {@code fill(i)} for byte i. */
    private static byte[] filled(int size, int seq, IntFunction<Integer> fill) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = i < 16 ? (byte) (seq * 31 + i) : (byte) (int) fill.apply(i);
        }
        return b;
    }

    @Test
    void ordinaryPingsOfAnySizeAndFillStayClean() {
        byte[] windows = "abcdefghijklmnopqrstuvw".getBytes(StandardCharsets.US_ASCII);
        assertThat(pings(600, i -> filled(500, i, k -> k))).as("flood ping, iputils fill").isEmpty();
        assertThat(pings(50, i -> filled(1400 - (i % 3) * 100, i, k -> k))).as("large pings, three sizes").isEmpty();
        assertThat(pings(50, i -> filled(1200, i, k -> (int) windows[k % windows.length]))).as("Windows fill").isEmpty();
        assertThat(pings(50, i -> filled(600, i, k -> new int[] {0xa5, 0x5a, 0xff, 0x00}[k % 4]))).as("ping -p").isEmpty();
        assertThat(pings(50, i -> new byte[1400])).as("zero fill (fping -b)").isEmpty();
    }

    @Test
    void randomPayloadsAreATunnelAfterShortControlMessagesAndWithAnyMagic() {
        Random r = new Random(5);
        List<EchoObservation> m = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 6; i++) { // short control and authentication messages first
            byte[] ctl = new byte[28 + i];
            r.nextBytes(ctl);
            m.add(echo(t++, true, 9, ctl));
            m.add(echo(t++, false, 9, ctl.clone()));
        }
        for (int i = 0; i < 60; i++) {
            byte[] up = new byte[i % 4 == 0 ? 128 : 1024];
            r.nextBytes(up);
            byte[] down = new byte[i % 3 == 0 ? 80 : 1024];
            r.nextBytes(down);
            m.add(echo(t++, true, 9, up));
            m.add(echo(t++, false, 9, down));
        }
        Map<String, Alert> alerts = judge(m);
        assertThat(alerts).hasSize(1);
        Alert a = alerts.values().iterator().next();
        assertThat(a.type()).isEqualTo(AlertType.ICMP_TUNNEL);
        assertThat(a.host()).isEqualTo(HOST);
        assertThat(a.identifier()).isEqualTo(IcmpTunnelDetector.identifier(HOST, PEER));
        assertThat(a.evidence().toString()).contains("follow no ping fill pattern", "look random", "payload sizes",
                "mirror a request");
    }
}
