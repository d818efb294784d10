package io.peerwatch.core;

/**
 * Every kind of alert PeerWatch reports: one enum across the product (DESIGN.md, "Alert
 * types"). The Avro {@code AlertType} mirrors it and adds a default symbol {@code UNKNOWN}.
 */
public enum AlertType {
    /** A flow is classified as a P2P protocol by a payload signature. */
    P2P_CLIENT,
    /** A host uses ports of the P2P port table at the boundary. */
    P2P_PORT_ACTIVITY,
    /** Flow-only heuristics say P2P (many peers, TCP+UDP peer sets, ...). */
    P2P_BEHAVIOUR,
    /** Tunnelling through the proxy (polling, POST streams, tunnel tools). */
    HTTP_TUNNEL,
    /** CONNECT through the proxy to a port other than 443. */
    NONSTANDARD_CONNECT,
    /** Data carried in DNS queries/answers. */
    DNS_TUNNEL,
    /** Data carried in ICMP echo payloads. */
    ICMP_TUNNEL,
    /** TLS or random-looking traffic that does not look like the service it pretends to be. */
    ENCRYPTED_TUNNEL_SUSPECT,
    /** A host probes many internal peers or ports. */
    INTERNAL_SCAN,
    /** Volume above the host's learned baseline. */
    BANDWIDTH_SPIKE,
    /** Forecast use of a configured link reaches its capacity. */
    LINK_SATURATION_RISK,
    /** Per-user or per-IP volume over quota; carries the cost. */
    VOLUME_QUOTA,
    /** A media or archive download over the file-type size rule. */
    LARGE_MEDIA_DOWNLOAD,
    /** A destination on a hosts-file or domain blacklist. */
    BLACKLISTED_HOST,
    /** Watch-words or decoy names in P2P searches, shared names or URLs. */
    CONFIDENTIAL_SEARCH
}
