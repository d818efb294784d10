package io.peerwatch.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.signatures.Protocol;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every capture of the project's lab ({@code lab/captures}, {@link LabVariants}) through
 * {@code classify} with its defaults: each tunnel variant (other record types, encodings, a
 * resolver in the path, ordinary lookups mixed in; other magic values, passwords, payload sizes
 * and windows) carries the tunnel label on its flow and the host finding with its evidence; each
 * encrypted-BitTorrent variant (other clients, ports, trackers) and each ADC-over-TLS variant (the
 * client-to-client connection opened either way) gives the corroborated host finding and the
 * family's label on every P2P flow; plaintext ADC gives the labels alone; every benign capture gives no P2P label, no DNS or ICMP tunnel label and no host
 * finding at all. The expectations come from the manifest; no rule knows a capture.
 */
class LabVariantsTest {

    @Test
    void theManifestNamesEveryCaptureAndEveryFamily() {
        assertThat(LabVariants.all()).extracting(LabVariants.Variant::expected)
                .contains("DNS_TUNNEL", "ICMP_TUNNEL", "P2P_CLIENT", "LABEL", "benign");
        assertThat(LabVariants.all()).allSatisfy(v -> assertThat(v.path()).isRegularFile());
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(LabVariants.DIR)) {
            assertThat(files.filter(p -> p.toString().endsWith(".pcap")).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(LabVariants.all().stream().map(LabVariants.Variant::file).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyLabVariantGetsItsVerdict() {
        return LabVariants.all().stream().map(v -> DynamicTest.dynamicTest(v.file(), () -> {
            LabVariants.Result r = LabVariants.classify(v);
            switch (v.expected()) {
                case "DNS_TUNNEL" -> {
                    assertThat(r.labels()).as(v.file()).containsKey(Protocol.DNS_TUNNEL.displayName());
                    assertThat(r.hits()).as(v.file() + " " + r.findings()).singleElement().satisfies(f -> {
                        assertThat(f.host()).hasToString("198.18.100.10");
                        assertThat(String.join("; ", f.reasons())).contains("distinct names", "bytes up in names");
                    });
                }
                case "ICMP_TUNNEL" -> {
                    assertThat(r.labels()).as(v.file()).containsKey(Protocol.ICMP_TUNNEL.displayName());
                    assertThat(r.hits()).as(v.file() + " " + r.findings()).isNotEmpty()
                            .allSatisfy(f -> assertThat(f.subject()).isEqualTo("198.18.100.20"));
                }
                case "P2P_CLIENT" -> {
                    // every P2P flow, encrypted ones included, carries the family's label; nothing is a tunnel
                    assertThat(r.p2pOrTunnelLabels()).as(v.file()).containsOnlyKeys(v.protocol().displayName());
                    assertThat(r.hits()).as(v.file() + " " + r.findings()).isNotEmpty()
                            .allSatisfy(f -> {
                                assertThat(f.subject()).isEqualTo(v.protocol().displayName());
                                assertThat(String.join("; ", f.reasons())).contains("corroborated");
                            });
                }
                case "LABEL" -> {
                    // evidence on every flow (payload, or a TLS tunnel's flow shape): the labels
                    // alone, no host judgement needed
                    assertThat(r.p2pOrTunnelLabels()).as(v.file()).containsOnlyKeys(v.protocol().displayName());
                    assertThat(r.findings()).as(v.file()).isEmpty();
                }
                case "benign" -> {
                    Map<String, Integer> bad = r.p2pOrTunnelLabels();
                    // scp is SSH: the SSH label (an encrypted-tunnel suspect of LOW severity by the
                    // project's policy) is right for it; P2P and DNS/ICMP tunnel labels are not.
                    bad.remove(Protocol.SSH.displayName());
                    assertThat(bad).as(v.file()).isEmpty();
                    assertThat(r.findings()).as(v.file()).isEmpty();
                }
                default -> throw new AssertionError("unknown expectation " + v.expected() + " of " + v.file());
            }
        }));
    }

    @Test
    void aDnsTunnelIsJudgedWithinItsFirstWindowLongBeforeTheCaptureEnds() {
        LabVariants.Variant mixed = LabVariants.all().stream()
                .filter(v -> v.file().equals("dns-iodine-srv-mixed-lookups.pcap")).findFirst().orElseThrow();
        long[] at = LabVariants.packetsToFinding(mixed, f -> f.finding().equals("DNS_TUNNEL"));
        assertThat(at).isNotNull();
        assertThat(at[0]).as("packets").isLessThan(200);
        assertThat(at[1]).as("capture milliseconds").isLessThan(5 * 60_000L);
    }
}
