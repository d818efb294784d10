package io.peerwatch.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The formats a {@link Policy} can be written in, one renderer each. */
public enum PolicyFormat {
    /** nftables ruleset ({@code nft -f}); IPv4 and IPv6 in one {@code inet} table. */
    NFTABLES("nftables", new NftablesRenderer()),
    /** iptables-restore input, IPv4. */
    IPTABLES("iptables", new IptablesRenderer(false)),
    /** ip6tables-restore input, IPv6. */
    IP6TABLES("ip6tables", new IptablesRenderer(true)),
    /** Squid ACLs and http_access deny lines to include in squid.conf. */
    SQUID_ACL("squid-acl", new SquidAclRenderer()),
    /** A hosts file ({@code 0.0.0.0 name}). */
    HOSTS("hosts", new HostsRenderer()),
    /** Unbound {@code local-zone} lines in a {@code server:} clause. */
    UNBOUND("unbound", new UnboundRenderer()),
    /** A response policy zone file. */
    RPZ("rpz", new RpzRenderer());

    /**
     * Options of a rendering.
     *
     * @param rpzSerial the SOA serial of an RPZ zone (a resolver reloads a zone when it grows);
     *     1..4294967295
     */
    public record Options(long rpzSerial) {
        public Options {
            if (rpzSerial < 1 || rpzSerial > 0xffffffffL) {
                throw new IllegalArgumentException("RPZ serial must be within 1..4294967295: " + rpzSerial);
            }
        }

        /** Serial 1. */
        public static Options defaults() {
            return new Options(1);
        }
    }

    private final String id;
    private final LineFormat renderer;

    PolicyFormat(String id, LineFormat renderer) {
        this.id = id;
        this.renderer = renderer;
    }

    /** The name users type: {@code nftables}, {@code squid-acl}, ... */
    public String id() {
        return id;
    }

    /**
     * The format of a name.
     *
     * @throws IllegalArgumentException listing the formats
     */
    public static PolicyFormat of(String id) {
        String s = id.toLowerCase(Locale.ROOT);
        for (PolicyFormat f : values()) {
            if (f.id.equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + id + "' (formats: " + ids() + ")");
    }

    /** Every format's name, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(PolicyFormat::id).collect(Collectors.joining(", "));
    }

    /** Writes a policy in this format. */
    public Rendering render(Policy policy, Options options) {
        return renderer.render(this, policy, options);
    }

    /**
     * The rules of an earlier export in this format, by key, with their comments.
     *
     * @throws IllegalArgumentException when the text is not a PeerWatch export of this format
     */
    public Map<String, String> readRules(String text) {
        return renderer.readRules(this, text);
    }
}
