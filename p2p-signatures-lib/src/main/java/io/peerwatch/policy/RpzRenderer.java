package io.peerwatch.policy;

import io.peerwatch.core.IpAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A DNS response policy zone (RPZ) file for Unbound ({@code rpz:} clause), BIND and others.
 * QNAME triggers {@code name CNAME .} and {@code *.name CNAME .} (NXDOMAIN) per blocked domain;
 * {@code rpz-passthru.} for exempt domains under a blocked one; response-IP triggers
 * ({@code rpz-ip}) for blocked destination addresses (answers that contain them);
 * client-IP triggers ({@code rpz-client-ip}) that answer NXDOMAIN to quarantined alert hosts
 * and let exempt networks pass. A trailing {@code ;} comment names each reason. Names whose
 * top-level label starts with {@code rpz-} are left out (noted): relative to the zone they
 * would read as trigger names.
 */
final class RpzRenderer extends LineFormat {

    /** TTL of every record, seconds. */
    static final int TTL_SECONDS = 300;
    private static final String NXDOMAIN = "CNAME .";
    private static final String PASSTHRU = "CNAME rpz-passthru.";

    @Override
    String commentMarker() {
        return ";";
    }

    @Override
    Rendering render(PolicyFormat format, Policy p, PolicyFormat.Options options) {
        Out out = new Out(format,
                "Review it, then serve it as a response policy zone, e.g. in unbound.conf:",
                "  rpz:  name: rpz.peerwatch.  zonefile: /etc/unbound/peerwatch.rpz",
                "PeerWatch never applies it.");
        out.line("$TTL " + TTL_SECONDS)
                .line("@ IN SOA localhost. hostmaster.localhost. " + options.rpzSerial() + " 3600 600 86400 " + TTL_SECONDS)
                .line("@ IN NS localhost.");
        long triggerLike = 0;
        for (NameRule r : p.blockedDomains()) {
            if (r.name().topLevel().startsWith("rpz-")) {
                triggerLike++;
                continue;
            }
            rule(out, r.name() + " " + NXDOMAIN, r.reason());
            rule(out, "*." + r.name() + " " + NXDOMAIN, r.reason());
        }
        for (Exemptions.Domain d : p.passDomains()) {
            rule(out, d.domain() + " " + PASSTHRU, d.reason().toString());
            rule(out, "*." + d.domain() + " " + PASSTHRU, d.reason().toString());
        }
        for (AddressRule r : p.destinations()) {
            rule(out, ip(r.address(), r.address().length() * 8) + ".rpz-ip " + NXDOMAIN, r.reason());
        }
        for (AddressRule r : p.hosts()) {
            rule(out, ip(r.address(), r.address().length() * 8) + ".rpz-client-ip " + NXDOMAIN, r.reason() + " host");
        }
        for (Exemptions.Network n : p.exemptions().networks()) {
            rule(out, ip(n.network().network(), n.network().prefixLength()) + ".rpz-client-ip " + PASSTHRU,
                    n.reason().toString());
        }
        return out.note(p.ports().size(), "port ranges: DNS cannot block ports (use nftables or iptables)")
                .note(p.urls().size(), "blocked URLs: only a proxy can match URLs (use squid-acl)")
                .note(triggerLike, "names under an rpz-* top-level label: they would read as RPZ triggers")
                .done();
    }

    private static void rule(Out out, String key, String reason) {
        out.rule(key, key + " ; " + safeComment(reason), reason);
    }

    /**
     * The RPZ trigger form of an address block: prefix length, then the address reversed
     * (IPv4 octets; IPv6 groups in hex, the longest run of two or more zero groups as
     * {@code zz}), e.g. {@code 32.1.2.0.192} or {@code 128.1.zz.db8.2001}.
     */
    static String ip(IpAddress a, int prefixLength) {
        List<String> parts = new ArrayList<>();
        if (a.isV4()) {
            for (int i = 0; i < 4; i++) {
                parts.add(Integer.toString(a.byteAt(i)));
            }
        } else {
            int[] g = new int[8];
            for (int i = 0; i < 8; i++) {
                g[i] = (a.byteAt(2 * i) << 8) | a.byteAt(2 * i + 1);
            }
            int bestStart = -1;
            int bestLen = 1;
            for (int i = 0; i < 8; i++) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = Math.max(i, j);
            }
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    parts.add("zz");
                    i += bestLen - 1;
                } else {
                    parts.add(Integer.toHexString(g[i]));
                }
            }
        }
        Collections.reverse(parts);
        return prefixLength + "." + String.join(".", parts);
    }

    @Override
    RenderedRule readRule(String line, String previousComment) {
        if (line.startsWith("$") || line.startsWith("@")) {
            return null;
        }
        int semi = line.indexOf(';');
        String key = collapse(semi < 0 ? line : line.substring(0, semi));
        return key.isEmpty() ? null : new RenderedRule(key, semi < 0 ? "" : line.substring(semi + 1).strip());
    }
}
