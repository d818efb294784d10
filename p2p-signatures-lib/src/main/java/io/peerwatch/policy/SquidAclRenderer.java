package io.peerwatch.policy;

import io.peerwatch.ports.Transport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Squid configuration fragment to {@code include} before the site's own {@code http_access}
 * rules: ACLs {@code peerwatch_*} (one value per line, a comment line before each naming its
 * reason) and {@code http_access deny} lines. Requests to P2P ports (TCP entries of the port
 * table), to blocked domains (with subdomains: {@code dstdomain .name}), to blocked addresses,
 * to blocked URL prefixes ({@code url_regex}), and from quarantined alert hosts are denied;
 * exempt clients, destinations and domains are excluded from every deny ({@code !acl} on the
 * same line), so the fragment never allows anything the site's own rules deny.
 */
final class SquidAclRenderer extends LineFormat {

    static final String EXEMPT_SRC = "peerwatch_exempt_src";
    static final String EXEMPT_DST = "peerwatch_exempt_dst";
    static final String EXEMPT_DOMAINS = "peerwatch_exempt_domains";
    static final String PORTS = "peerwatch_p2p_ports";
    static final String DOMAINS = "peerwatch_domains";
    static final String DESTINATIONS = "peerwatch_dst";
    static final String URLS = "peerwatch_urls";
    static final String HOSTS = "peerwatch_hosts";

    @Override
    String commentMarker() {
        return "#";
    }

    @Override
    Rendering render(PolicyFormat format, Policy p, PolicyFormat.Options options) {
        Out out = new Out(format,
                "Review it, then include it in squid.conf before your own http_access rules:",
                "  include /etc/squid/peerwatch.conf",
                "It only denies. Exempt clients, destinations and domains are never denied by it.");
        Set<String> used = new HashSet<>();
        for (Exemptions.Network n : p.exemptions().networks()) {
            acl(out, used, EXEMPT_SRC, "src", n.network().toString(), n.reason().toString());
            acl(out, used, EXEMPT_DST, "dst", n.network().toString(), n.reason().toString());
        }
        List<Exemptions.Domain> exemptDomains = outermost(p.exemptions().domains());
        for (Exemptions.Domain d : exemptDomains) {
            acl(out, used, EXEMPT_DOMAINS, "dstdomain", "." + d.domain(), d.reason().toString());
        }
        long udpOnly = 0;
        for (PortRule r : p.ports()) {
            if (r.transport() == Transport.TCP) {
                acl(out, used, PORTS, "port", r.range('-'), r.reason());
            } else {
                udpOnly++;
            }
        }
        for (NameRule r : p.blockedDomains()) {
            acl(out, used, DOMAINS, "dstdomain", "." + r.name(), r.reason());
        }
        for (AddressRule r : p.destinations()) {
            acl(out, used, DESTINATIONS, "dst", r.address().toString(), r.reason());
        }
        for (UrlRule r : p.urls()) {
            acl(out, used, URLS, "url_regex -i", urlRegex(r), r.reason());
        }
        for (AddressRule r : p.hosts()) {
            acl(out, used, HOSTS, "src", r.address().toString(), r.reason() + " host");
        }
        deny(out, used, PORTS, EXEMPT_SRC, EXEMPT_DST, EXEMPT_DOMAINS);
        deny(out, used, DOMAINS, EXEMPT_SRC, EXEMPT_DOMAINS);
        deny(out, used, DESTINATIONS, EXEMPT_SRC);
        deny(out, used, URLS, EXEMPT_SRC, EXEMPT_DOMAINS);
        deny(out, used, HOSTS);
        return out.note(udpOnly, "UDP port ranges: a proxy carries TCP only (use nftables or iptables)")
                .done();
    }

    /** Exempt domains not under another exempt domain (Squid warns about overlapping values). */
    private static List<Exemptions.Domain> outermost(List<Exemptions.Domain> all) {
        List<Exemptions.Domain> out = new ArrayList<>();
        Set<DnsName> seen = new HashSet<>();
        for (Exemptions.Domain d : all) {
            boolean covered = all.stream().anyMatch(o -> o != d && !o.domain().equals(d.domain()) && d.domain().isWithin(o.domain()));
            if (!covered && seen.add(d.domain())) {
                out.add(d);
            }
        }
        out.sort((a, b) -> a.domain().compareTo(b.domain()));
        return out;
    }

    private static void acl(Out out, Set<String> used, String name, String type, String value, String reason) {
        String key = "acl " + name + " " + type + " " + value;
        if (out.ruleAfterComment("", key, reason)) {
            used.add(name);
        }
    }

    private static void deny(Out out, Set<String> used, String acl, String... unless) {
        if (!used.contains(acl)) {
            return;
        }
        StringBuilder sb = new StringBuilder("http_access deny " + acl);
        for (String u : unless) {
            if (used.contains(u)) {
                sb.append(" !").append(u);
            }
        }
        out.ruleAfterComment("", sb.toString(), "deny what " + acl + " matches");
    }

    /**
     * {@code ^[a-z][a-z0-9+.-]*://([^/?#]*\.)?HOST(:[0-9]+)?PATH} and, unless the path ends with
     * {@code /}, a segment boundary after it. Host and path hold only {@code [a-z0-9._~%/-]}
     * (checked by {@link UrlRule}); dots are escaped.
     */
    static String urlRegex(UrlRule r) {
        String host = r.host().name().replace(".", "\\.");
        String path = r.pathPrefix().replace(".", "\\.");
        return "^[a-z][a-z0-9+.-]*://([^/?#]*\\.)?" + host + "(:[0-9]+)?" + path + (r.endsWithSlash() ? "" : "([/?#]|$)");
    }

    @Override
    RenderedRule readRule(String line, String previousComment) {
        if (line.startsWith("acl ") || line.startsWith("http_access ")) {
            return new RenderedRule(collapse(line), previousComment == null ? "" : previousComment);
        }
        return null;
    }
}
