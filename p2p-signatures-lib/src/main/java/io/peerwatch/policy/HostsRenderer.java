package io.peerwatch.policy;

/**
 * A hosts file ({@code /etc/hosts} format, as Dan Pollock's list): {@code 0.0.0.0 name} per
 * blocked name, with a trailing {@code #} comment naming the reason. A hosts file matches exact
 * names only, so every blocked name is listed (not only the outermost domains). Addresses,
 * ports and URLs cannot be expressed (noted).
 */
final class HostsRenderer extends LineFormat {

    /** The address blocked names resolve to (unroutable, answered at once). */
    static final String SINK = "0.0.0.0";

    @Override
    String commentMarker() {
        return "#";
    }

    @Override
    Rendering render(PolicyFormat format, Policy p, PolicyFormat.Options options) {
        Out out = new Out(format,
                "Review it, then append it to a hosts file or serve it from a resolver that reads hosts files.",
                "Names resolve to " + SINK + ". PeerWatch never applies it.");
        for (NameRule r : p.names()) {
            String key = SINK + " " + r.name();
            out.rule(key, key + " # " + safeComment(r.reason()), r.reason());
        }
        return out.note(p.ports().size(), "port ranges: a hosts file cannot block ports (use nftables or iptables)")
                .note(p.destinations().size(), "destination addresses: a hosts file maps names only (use nftables, iptables, squid-acl or rpz)")
                .note(p.hosts().size(), "alert hosts: a hosts file cannot tell clients apart (use nftables, iptables, squid-acl or rpz)")
                .note(p.urls().size(), "blocked URLs: only a proxy can match URLs (use squid-acl)")
                .note(p.exemptions().networks().size(), "exempt networks: a hosts file applies to the machine it is on; "
                        + "do not install it on exempt hosts")
                .done();
    }

    @Override
    RenderedRule readRule(String line, String previousComment) {
        int hash = line.indexOf('#');
        String key = collapse(hash < 0 ? line : line.substring(0, hash));
        return key.isEmpty() ? null : new RenderedRule(key, hash < 0 ? "" : line.substring(hash + 1).strip());
    }
}
