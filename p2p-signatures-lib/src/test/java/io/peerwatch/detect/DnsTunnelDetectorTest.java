package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.dns.DnsObservation;
import io.peerwatch.dns.PublicSuffixList;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.NoticePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link DnsTunnelDetector} over synthetic DNS messages of one host that asks its recursive
 * resolver: the judgement is per (host, registered domain) over the window, whatever the first
 * query was and whatever else the host looks up.
 */
class DnsTunnelDetectorTest {

    private static final IpAddress HOST = IpAddress.parse("10.1.2.3");
    private static final IpAddress RESOLVER = IpAddress.parse("10.1.0.53");
    private static final long T0 = 1_790_000_000_000L;
    private static final PublicSuffixList PSL = PublicSuffixList.defaults();
    private final DnsTunnelDetector detector = new DnsTunnelDetector(DnsTunnelConfig.defaults(), NoticePolicy.defaults());

    /** Base32-like data labels (what iodine and dns2tcp put into names), deterministic. */
    private static String dataLabel(Random r, int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static DnsObservation query(long t, String qname, int qtype) {
        return new DnsObservation(t, HOST, RESOLVER, false, qname, qtype, 0, 0, 30 + qname.length(),
                PSL.registeredDomain(qname));
    }

    private static DnsObservation answer(long t, String qname, int qtype, int rcode, int bytes) {
        return new DnsObservation(t, HOST, RESOLVER, true, qname, qtype, rcode, rcode == 0 ? 1 : 0, bytes,
                PSL.registeredDomain(qname));
    }

    /** Runs the detector's windows over the messages the way the job does: per key, one window. */
    private Map<String, Alert> judge(List<DnsObservation> messages) {
        Map<String, DnsTunnelDetector.Window> windows = new TreeMap<>();
        for (DnsObservation o : messages) {
            detector.keyOf(o).ifPresent(k -> detector.observe(windows.computeIfAbsent(k, x -> detector.newWindow()), o));
        }
        Map<String, Alert> out = new TreeMap<>();
        windows.forEach((k, w) -> detector.evaluate(w, k, T0, T0 + 300_000).ifPresent(a -> out.put(k, a)));
        return out;
    }

    @Test
    void aTunnelThroughTheResolverMixedWithOrdinaryLookupsIsJudgedUnderItsRegisteredDomain() {
        Random r = new Random(7);
        List<DnsObservation> m = new ArrayList<>();
        long t = T0;
        // the tunnel opens with short, ordinary-looking names (a version handshake)
        for (String s : List.of("v1.t.data.example.co.uk", "login.t.data.example.co.uk")) {
            m.add(query(t, s, 1));
            m.add(answer(t + 3, s, 1, 0, 80));
            t += 50;
        }
        for (int i = 0; i < 200; i++) {
            if (i % 5 == 0) { // the same host's ordinary lookups of many other domains
                String other = "www.site" + i + ".example.org";
                m.add(query(t, other, 1));
                m.add(answer(t + 2, other, 1, 0, 90));
            }
            String q = dataLabel(r, 50) + "." + dataLabel(r, 40) + ".t.data.example.co.uk";
            m.add(query(t, q, 10));
            m.add(answer(t + 4, q, 10, 0, 400 + i % 300));
            t += 100;
        }
        Map<String, Alert> alerts = judge(m);
        assertThat(alerts).hasSize(1);
        Alert a = alerts.values().iterator().next();
        assertThat(a.type()).isEqualTo(AlertType.DNS_TUNNEL);
        assertThat(a.host()).isEqualTo(HOST);
        assertThat(a.identifier()).isEqualTo(DnsTunnelDetector.identifier(HOST, "example.co.uk"));
        assertThat(a.evidence()).extracting(Evidence::kind)
                .contains("domain", "distinct-names", "encoded-names", "record-types", "estimated-bytes");
        assertThat(a.evidence()).filteredOn(e -> e.kind().equals("domain")).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("example.co.uk"));
    }

    @Test
    void manyOrdinaryNamesUnderOneCdnDomainAreNoTunnel() {
        List<DnsObservation> m = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 300; i++) {
            String q = "img" + i + ".static.cdn-example.net";
            m.add(query(t, q, 1));
            m.add(answer(t + 2, q, 1, i % 7 == 0 ? DnsObservation.NXDOMAIN : 0, 120));
            m.add(query(t + 1, q, 28));
            t += 200;
        }
        assertThat(judge(m)).isEmpty();
    }

    @Test
    void aFewEncodedNamesAreBelowTheThresholdsAndAllowedDomainsAreNeverJudged() {
        Random r = new Random(11);
        List<DnsObservation> few = new ArrayList<>();
        for (int i = 0; i < DnsTunnelConfig.DEFAULT_MIN_DISTINCT_NAMES - 1; i++) {
            few.add(query(T0 + i, dataLabel(r, 60) + ".hash.rep.example.com", 16));
        }
        assertThat(judge(few)).isEmpty();

        DnsTunnelDetector allowing = new DnsTunnelDetector(DnsTunnelConfig.defaults().toBuilder()
                .allowedDomains(java.util.Set.of("example.com")).build(), NoticePolicy.defaults());
        assertThat(allowing.keyOf(query(T0, dataLabel(r, 60) + ".rep.example.com", 16))).isEqualTo(Optional.empty());
    }
}
