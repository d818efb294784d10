package io.peerwatch.policy;

import io.peerwatch.core.Cidr;
import io.peerwatch.core.IpAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iptables-restore (IPv4) or ip6tables-restore (IPv6) input: a chain {@code PEERWATCH} in the
 * filter table. Exempt networks return first, then P2P port ranges are dropped as destination
 * and as source port, then listed destinations in both directions, then quarantined alert
 * hosts. Addresses of the other family are left out (and noted). Load with {@code --noflush}
 * (declaring the chain empties it, nothing else is touched) and send traffic to it once, e.g.
 * {@code iptables -I FORWARD -j PEERWATCH}.
 */
final class IptablesRenderer extends LineFormat {

    /** The chain the rules go into. */
    static final String CHAIN = "PEERWATCH";
    private static final Pattern COMMENT = Pattern.compile("^(.*?) -m comment --comment \"([^\"]*)\"(.*)$");

    private final boolean v6;

    IptablesRenderer(boolean v6) {
        this.v6 = v6;
    }

    @Override
    String commentMarker() {
        return "#";
    }

    @Override
    Rendering render(PolicyFormat format, Policy p, PolicyFormat.Options options) {
        String tool = v6 ? "ip6tables" : "iptables";
        Out out = new Out(format,
                "Review it, then load it with: " + tool + "-restore --noflush FILE (replaces chain " + CHAIN
                        + " only). PeerWatch never applies it.",
                "Send traffic to the chain once, e.g.: " + tool + " -I FORWARD -j " + CHAIN);
        out.line("*filter").line(":" + CHAIN + " - [0:0]");
        long otherFamily = 0;
        for (Exemptions.Network n : p.exemptions().networks()) {
            if (n.network().network().isV4() == v6) {
                otherFamily++;
                continue;
            }
            rule(out, "-s " + cidr(n.network()), "RETURN", n.reason().toString());
            rule(out, "-d " + cidr(n.network()), "RETURN", n.reason().toString());
        }
        for (PortRule r : p.ports()) {
            String t = r.transport().label();
            rule(out, "-p " + t + " -m " + t + " --dport " + r.range(':'), "DROP", r.reason());
            rule(out, "-p " + t + " -m " + t + " --sport " + r.range(':'), "DROP", r.reason());
        }
        for (AddressRule r : p.destinations()) {
            if (r.address().isV4() == v6) {
                otherFamily++;
                continue;
            }
            rule(out, "-d " + host(r.address()), "DROP", r.reason());
            rule(out, "-s " + host(r.address()), "DROP", r.reason());
        }
        for (AddressRule r : p.hosts()) {
            if (r.address().isV4() == v6) {
                otherFamily++;
                continue;
            }
            rule(out, "-s " + host(r.address()), "DROP", r.reason() + " host");
            rule(out, "-d " + host(r.address()), "DROP", r.reason() + " host");
        }
        out.line("COMMIT");
        return out.note(otherFamily, (v6 ? "IPv4" : "IPv6") + " addresses and networks (use " + (v6 ? "iptables" : "ip6tables")
                        + " or nftables)")
                .note(p.names().size(), "blocked names: a packet filter cannot match names (use squid-acl, unbound, rpz or hosts)")
                .note(p.urls().size(), "blocked URLs: only a proxy can match URLs (use squid-acl)")
                .done();
    }

    private static void rule(Out out, String match, String target, String reason) {
        String key = "-A " + CHAIN + " " + match + " -j " + target;
        out.rule(key, "-A " + CHAIN + " " + match + " -m comment --comment \"" + safeComment(reason) + "\" -j " + target, reason);
    }

    private static String host(IpAddress a) {
        return a + (a.isV4() ? "/32" : "/128");
    }

    private static String cidr(Cidr c) {
        return c.toString();
    }

    @Override
    RenderedRule readRule(String line, String previousComment) {
        if (!line.startsWith("-A ")) {
            return null;
        }
        Matcher m = COMMENT.matcher(line);
        return m.matches() ? new RenderedRule(collapse(m.group(1) + m.group(3)), m.group(2)) : new RenderedRule(collapse(line), "");
    }
}
