package io.peerwatch.signatures;

/** Broad class of a protocol, used for reports and for "not P2P" decisions. */
public enum ProtocolCategory {
    /** Peer-to-peer file sharing. */
    P2P,
    /** Tunnels, VPNs, covert channels and obfuscated proxies. */
    TUNNEL,
    /** Ordinary services (web, DNS, mail): evidence that a flow is not P2P. */
    BENIGN,
    /** Not recognised. */
    UNKNOWN
}
