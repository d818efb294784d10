package io.peerwatch.policy;

import io.peerwatch.core.Cidr;
import io.peerwatch.core.IpAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nftables: one table {@code inet peerwatch} with a {@code forward} base chain (the boundary
 * firewall's path). Exempt networks are accepted first (accept ends this table's chain only;
 * the site's own tables still decide), then P2P port ranges are dropped as destination and as
 * source port, then listed destinations in both directions, then quarantined alert hosts. The
 * file starts by deleting the table, so {@code nft -f FILE} replaces an earlier export
 * atomically. Rules carry {@code counter} and a {@code comment} naming the reason.
 */
final class NftablesRenderer extends LineFormat {

    private static final Pattern COMMENT = Pattern.compile("^(.*?)\\s+comment\\s+\"([^\"]*)\"$");

    @Override
    String commentMarker() {
        return "#";
    }

    @Override
    Rendering render(PolicyFormat format, Policy p, PolicyFormat.Options options) {
        Out out = new Out(format,
                "Review it, then load it with: nft -f FILE (replaces table inet peerwatch). PeerWatch never applies it.",
                "Forwarded traffic: exempt networks pass. P2P ports are dropped in both directions, and so is",
                "traffic to and from listed destinations and of quarantined alert hosts.");
        out.line("table inet peerwatch").line("delete table inet peerwatch").line("table inet peerwatch {")
                .line("\tchain forward {")
                .line("\t\ttype filter hook forward priority filter; policy accept;");
        for (Exemptions.Network n : p.exemptions().networks()) {
            rule(out, family(n.network().network()) + " saddr " + cidr(n.network()) + " accept", n.reason().toString());
            rule(out, family(n.network().network()) + " daddr " + cidr(n.network()) + " accept", n.reason().toString());
        }
        for (PortRule r : p.ports()) {
            String t = r.transport().label();
            rule(out, t + " dport " + r.range('-') + " counter drop", r.reason());
            rule(out, t + " sport " + r.range('-') + " counter drop", r.reason());
        }
        for (AddressRule r : p.destinations()) {
            rule(out, family(r.address()) + " daddr " + r.address() + " counter drop", r.reason());
            rule(out, family(r.address()) + " saddr " + r.address() + " counter drop", r.reason());
        }
        for (AddressRule r : p.hosts()) {
            rule(out, family(r.address()) + " saddr " + r.address() + " counter drop", r.reason() + " host");
            rule(out, family(r.address()) + " daddr " + r.address() + " counter drop", r.reason() + " host");
        }
        out.line("\t}").line("}");
        return out.note(p.names().size(), "blocked names: a packet filter cannot match names (use squid-acl, unbound, rpz or hosts)")
                .note(p.urls().size(), "blocked URLs: only a proxy can match URLs (use squid-acl)")
                .done();
    }

    private static void rule(Out out, String key, String reason) {
        out.rule(key, "\t\t" + key + " comment \"" + safeComment(reason) + "\"", reason);
    }

    static String family(IpAddress a) {
        return a.isV4() ? "ip" : "ip6";
    }

    private static String cidr(Cidr c) {
        return c.prefixLength() == c.network().length() * 8 ? c.network().toString() : c.toString();
    }

    @Override
    RenderedRule readRule(String line, String previousComment) {
        if (line.startsWith("table ") || line.startsWith("delete ") || line.startsWith("chain ") || line.startsWith("type ")
                || line.equals("}")) {
            return null;
        }
        Matcher m = COMMENT.matcher(line);
        return m.matches() ? new RenderedRule(collapse(m.group(1)), m.group(2)) : new RenderedRule(collapse(line), "");
    }
}
