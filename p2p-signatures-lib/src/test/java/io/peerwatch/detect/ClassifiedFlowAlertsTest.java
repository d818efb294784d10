package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.config.LibraryConfig;
import io.peerwatch.config.Origin;
import io.peerwatch.config.Settings;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.flow.EndReason;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowState;
import io.peerwatch.flow.FlowTracker;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.watch.WatchList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ClassifiedFlowAlerts}: which classified flows alert; SSH on its own port does not by default. */
class ClassifiedFlowAlertsTest {

    private static final FlowTracker TRACKER =
            new FlowTracker(new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults()));
    private static final IpAddress ADMIN = IpAddress.parse("10.1.2.3");
    private static final IpAddress SERVER = IpAddress.parse("10.9.9.9");
    private static final IpAddress OUTSIDE = IpAddress.parse("203.0.113.5");
    private static final long T0 = 1_790_000_000_000_000_000L;

    private static PacketEvent packet(long t, IpAddress src, int sport, IpAddress dst, int dport, int flags, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.US_ASCII);
        return PacketEvent.builder().timestampNanos(t).addresses(src, dst).ports(sport, dport).ipProtocol(IpProtocol.TCP)
                .tcpFlags(flags).lengths(p.length + 54, p.length + 40, p.length).payloadPrefix(p).build();
    }

    /** An SSH session (RFC 4253 section 4.2 identification strings from both sides). */
    private static Flow ssh(IpAddress server, int port) {
        FlowState s = TRACKER.start(packet(T0, ADMIN, 50_000, server, port, 0x02, ""), T0);
        TRACKER.add(s, packet(T0 + 1_000, server, port, ADMIN, 50_000, 0x12, ""), T0 + 1_000);
        TRACKER.add(s, packet(T0 + 2_000, server, port, ADMIN, 50_000, 0x18, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"), T0 + 2_000);
        TRACKER.add(s, packet(T0 + 3_000, ADMIN, 50_000, server, port, 0x18, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"), T0 + 3_000);
        Flow f = TRACKER.end(s, EndReason.END_OF_INPUT);
        assertThat(f.classification()).map(c -> c.protocol()).contains(Protocol.SSH);
        return f;
    }

    private static List<Alert> alerts(NoticePolicy policy, Flow f) {
        return new ClassifiedFlowAlerts(InternalNetworks.parse("10.0.0.0/8"), WatchList.defaults(), policy).alerts(f);
    }

    @Test
    void sshOnItsPortIsAdministrationNotATunnelInsideOrOut() {
        assertThat(alerts(NoticePolicy.defaults(), ssh(SERVER, ClassifiedFlowAlerts.SSH_PORT))).isEmpty();
        assertThat(alerts(NoticePolicy.defaults(), ssh(OUTSIDE, ClassifiedFlowAlerts.SSH_PORT))).isEmpty();
    }

    @Test
    void sshHiddenOnAnotherPortIsATunnelSuspect() {
        for (Flow f : List.of(ssh(OUTSIDE, 443), ssh(SERVER, 2222))) {
            assertThat(alerts(NoticePolicy.defaults(), f)).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.ENCRYPTED_TUNNEL_SUSPECT);
                assertThat(a.severity()).isEqualTo(ClassifiedFlowAlerts.SSH_TLS_SEVERITY);
                assertThat(a.host()).isEqualTo(ADMIN);
            });
        }
    }

    @Test
    void theConfigurationCanAskForSshOnItsPortToo() {
        Settings s = Settings.builder(LibraryConfig.KEYS).set("notice.ssh-on-standard-port", "true", new Origin("site.yaml", 3),
                null).build();
        NoticePolicy policy = LibraryConfig.of(s).noticePolicy();
        assertThat(policy.alertSshOnStandardPort()).isTrue();
        assertThat(alerts(policy, ssh(SERVER, ClassifiedFlowAlerts.SSH_PORT))).extracting(Alert::type)
                .containsExactly(AlertType.ENCRYPTED_TUNNEL_SUSPECT);
    }
}
