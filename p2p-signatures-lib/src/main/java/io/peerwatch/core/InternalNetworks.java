package io.peerwatch.core;

import java.util.List;

/**
 * The configured set of internal (corporate) address blocks, and the rule that picks the
 * host a flow is attributed to.
 *
 * <p>Rule (DESIGN.md, Conventions): a flow between an internal and an external address belongs
 * to the internal address; internal↔internal belongs to the initiator; when neither side is
 * internal the initiator counts as the host, so analysing any capture works without
 * configuration ({@link #isConfiguredInternal} tells callers which case applied).
 */
public final class InternalNetworks {

    /** RFC 1918, RFC 6598 shared space, IPv6 ULA and link-local, IPv4 link-local. */
    public static final List<String> DEFAULT_BLOCKS = List.of(
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
            "169.254.0.0/16", "fc00::/7", "fe80::/10");

    private static final InternalNetworks DEFAULTS = of(DEFAULT_BLOCKS);

    private final List<Cidr> blocks;
    /** The same blocks for the per-packet test: an indexed loop allocates no iterator (classify runs C1 only). */
    private final Cidr[] blockArray;

    private InternalNetworks(List<Cidr> blocks) {
        this.blocks = List.copyOf(blocks);
        this.blockArray = this.blocks.toArray(new Cidr[0]);
    }

    /** {@return the default blocks ({@link #DEFAULT_BLOCKS})} */
    public static InternalNetworks defaults() {
        return DEFAULTS;
    }

    /**
     * Parses a list of CIDR strings.
     *
     * @param cidrs CIDR blocks such as {@code 10.0.0.0/8} or {@code fc00::/7}
     * @return the internal networks
     * @throws IllegalArgumentException naming the first malformed block
     */
    public static InternalNetworks of(List<String> cidrs) {
        return new InternalNetworks(cidrs.stream().map(Cidr::parse).toList());
    }

    /**
     * Parses a comma-separated CIDR list such as {@code "10.0.0.0/8,198.18.0.0/15"}.
     *
     * @param commaSeparated the CIDR blocks, separated by commas (blanks around them are ignored)
     * @return the internal networks
     */
    public static InternalNetworks parse(String commaSeparated) {
        return of(List.of(commaSeparated.split("\\s*,\\s*")).stream().filter(s -> !s.isBlank()).toList());
    }

    /** {@return the configured blocks} */
    public List<Cidr> blocks() {
        return blocks;
    }

    /**
     * {@return true when {@code a} is inside one of the configured blocks}
     *
     * @param a an address
     */
    public boolean isConfiguredInternal(IpAddress a) {
        for (Cidr c : blockArray) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The host a flow belongs to.
     *
     * @param initiator the side that opened the flow (for unidirectional flow records, the source)
     * @param responder the other side
     * @return the internal side when only one side is internal, else the initiator
     */
    public IpAddress hostOf(IpAddress initiator, IpAddress responder) {
        boolean ii = isConfiguredInternal(initiator);
        boolean ri = isConfiguredInternal(responder);
        if (ri && !ii) {
            return responder;
        }
        return initiator;
    }

    /**
     * {@return the side of the flow that is not {@link #hostOf the host}}
     *
     * @param initiator the side that opened the flow (for unidirectional flow records, the source)
     * @param responder the other side
     */
    public IpAddress peerOf(IpAddress initiator, IpAddress responder) {
        return hostOf(initiator, responder).equals(initiator) ? responder : initiator;
    }

    @Override
    public String toString() {
        return blocks.toString();
    }
}
