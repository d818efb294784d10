package io.peerwatch.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.Severity;
import io.peerwatch.signatures.Direction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The value codecs store enum constants as ordinals (one byte on the hot path): the constants
 * written so far must keep their positions. New constants go at the end; this list grows with them.
 */
class EnumOrdinalsTest {

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    @Test
    void storedEnumConstantsKeepTheirOrdinals() {
        String hint = "the binary form of library values stores ordinals: append new constants at the end";
        assertThat(names(FlowDirection.values())).as(hint).startsWith("UNKNOWN", "INGRESS", "EGRESS");
        assertThat(names(FlowSourceKind.values())).as(hint).startsWith("UNKNOWN", "NETFLOW_V5", "NETFLOW_V9", "IPFIX",
                "NFDUMP_CSV", "ZEEK_CONN", "PACKETS", "GENERATED", "NFCAPD", "NETFLOW_V1", "NETFLOW_V7");
        assertThat(names(Severity.values())).as(hint).startsWith("LOW", "MEDIUM", "HIGH", "CRITICAL");
        assertThat(names(Direction.values())).as(hint).startsWith("CLIENT_TO_SERVER", "SERVER_TO_CLIENT");
        assertThat(names(AlertType.values())).as(hint).startsWith("P2P_CLIENT", "P2P_PORT_ACTIVITY", "P2P_BEHAVIOUR",
                "HTTP_TUNNEL", "NONSTANDARD_CONNECT", "DNS_TUNNEL", "ICMP_TUNNEL", "ENCRYPTED_TUNNEL_SUSPECT",
                "INTERNAL_SCAN", "BANDWIDTH_SPIKE", "LINK_SATURATION_RISK", "VOLUME_QUOTA", "LARGE_MEDIA_DOWNLOAD",
                "BLACKLISTED_HOST");
        assertThat(AlertType.values().length).as("one byte per ordinal").isLessThan(256);
    }
}
