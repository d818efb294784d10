package io.peerwatch.policy;

/**
 * An Unbound configuration fragment ({@code server:} clause) to {@code include}: one
 * {@code local-zone: "name." always_nxdomain} per blocked domain (the name and its subdomains
 * get NXDOMAIN, whatever forwarders say), and {@code local-zone: "name." transparent} for an
 * exempt domain under a blocked one, so it resolves. A comment line before each names the
 * reason. Client-specific rules (alert hosts, exempt networks) and addresses need the RPZ format.
 */
final class UnboundRenderer extends LineFormat {

    private static final String INDENT = "\t";

    @Override
    String commentMarker() {
        return "#";
    }

    @Override
    Rendering render(PolicyFormat format, Policy p, PolicyFormat.Options options) {
        Out out = new Out(format,
                "Review it, then include it from unbound.conf: include: /etc/unbound/peerwatch.conf",
                "PeerWatch never applies it.");
        out.line("server:");
        for (NameRule r : p.blockedDomains()) {
            out.ruleAfterComment(INDENT, "local-zone: \"" + r.name() + ".\" always_nxdomain", r.reason());
        }
        for (Exemptions.Domain d : p.passDomains()) {
            out.ruleAfterComment(INDENT, "local-zone: \"" + d.domain() + ".\" transparent", d.reason().toString());
        }
        return out.note(p.ports().size(), "port ranges: DNS cannot block ports (use nftables or iptables)")
                .note(p.destinations().size(), "destination addresses: local zones match names only (use rpz, nftables or iptables)")
                .note(p.hosts().size(), "alert hosts: local zones apply to every client (use rpz, nftables or iptables)")
                .note(p.urls().size(), "blocked URLs: only a proxy can match URLs (use squid-acl)")
                .note(p.exemptions().networks().size(), "exempt networks: local zones apply to every client (use rpz)")
                .done();
    }

    @Override
    RenderedRule readRule(String line, String previousComment) {
        return line.startsWith("local-zone:") ? new RenderedRule(collapse(line), previousComment == null ? "" : previousComment)
                : null;
    }
}
