package io.peerwatch.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AlertIdsTest {

    @Test
    void isTheFirst128BitsOfSha256OverTheLengthPrefixedFields() throws Exception {
        IpAddress host = IpAddress.parse("10.0.0.1");
        String id = AlertIds.of(AlertType.P2P_CLIENT, host, 1_700_000_000_000L, "10.0.0.1|BitTorrent");
        // Recompute independently from the documented encoding.
        byte[] t = "P2P_CLIENT".getBytes(StandardCharsets.UTF_8);
        byte[] s = "10.0.0.1|BitTorrent".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + t.length + 4 + 4 + 8 + 4 + s.length);
        b.putInt(t.length).put(t).putInt(4).put(host.toBytes()).putLong(1_700_000_000_000L).putInt(s.length).put(s);
        byte[] d = MessageDigest.getInstance("SHA-256").digest(b.array());
        assertThat(id).isEqualTo(HexFormat.of().formatHex(d, 0, 16)).hasSize(32);
    }

    @Test
    void differsWhenAnyPartDiffers() {
        IpAddress h = IpAddress.parse("10.0.0.1");
        String base = AlertIds.of(AlertType.P2P_CLIENT, h, 0, "x");
        assertThat(AlertIds.of(AlertType.P2P_CLIENT, h, 0, "x")).isEqualTo(base);
        assertThat(AlertIds.of(AlertType.P2P_BEHAVIOUR, h, 0, "x")).isNotEqualTo(base);
        assertThat(AlertIds.of(AlertType.P2P_CLIENT, IpAddress.parse("10.0.0.2"), 0, "x")).isNotEqualTo(base);
        assertThat(AlertIds.of(AlertType.P2P_CLIENT, h, 1, "x")).isNotEqualTo(base);
        assertThat(AlertIds.of(AlertType.P2P_CLIENT, h, 0, "y")).isNotEqualTo(base);
    }
}
