package io.peerwatch.signatures;

/** The protocols PeerWatch names, with their display name and category. */
public enum Protocol {
    BITTORRENT("BitTorrent", ProtocolCategory.P2P),
    GNUTELLA("Gnutella", ProtocolCategory.P2P),
    GNUTELLA2("G2", ProtocolCategory.P2P),
    EDONKEY("eDonkey", ProtocolCategory.P2P),
    KAD("Kad", ProtocolCategory.P2P),
    DIRECT_CONNECT("DirectConnect", ProtocolCategory.P2P),
    FASTTRACK("FastTrack", ProtocolCategory.P2P),
    WINMX("WinMX", ProtocolCategory.P2P),
    OPENNAP("OpenNap", ProtocolCategory.P2P),
    ARES("Ares", ProtocolCategory.P2P),
    SOULSEEK("Soulseek", ProtocolCategory.P2P),
    FILETOPIA("Filetopia", ProtocolCategory.P2P),
    SYNCTHING("Syncthing", ProtocolCategory.P2P),

    HTTP_CONNECT("HTTP_Connect", ProtocolCategory.TUNNEL),
    HTTPTUNNEL("httptunnel", ProtocolCategory.TUNNEL),
    SOCKS("SOCKS", ProtocolCategory.TUNNEL),
    SSH("SSH", ProtocolCategory.TUNNEL),
    OPENVPN("OpenVPN", ProtocolCategory.TUNNEL),
    WIREGUARD("WireGuard", ProtocolCategory.TUNNEL),
    DNS_TUNNEL("DNS_Tunnel", ProtocolCategory.TUNNEL),
    ICMP_TUNNEL("ICMP_Tunnel", ProtocolCategory.TUNNEL),
    TLS_TUNNEL("TLS_Tunnel", ProtocolCategory.TUNNEL),
    OBFUSCATED_PROXY("Obfuscated_Proxy", ProtocolCategory.TUNNEL),
    TOR("Tor", ProtocolCategory.TUNNEL),

    HTTP("HTTP", ProtocolCategory.BENIGN),
    TLS("TLS", ProtocolCategory.BENIGN),
    DNS("DNS", ProtocolCategory.BENIGN),
    QUIC("QUIC", ProtocolCategory.BENIGN),

    UNKNOWN("Unknown", ProtocolCategory.UNKNOWN);

    private final String displayName;
    private final ProtocolCategory category;

    Protocol(String displayName, ProtocolCategory category) {
        this.displayName = displayName;
        this.category = category;
    }

    /** Name shown to users, e.g. {@code "BitTorrent"}. */
    public String displayName() {
        return displayName;
    }

    public ProtocolCategory category() {
        return category;
    }

    /** True for peer-to-peer file sharing protocols. */
    public boolean isP2p() {
        return category == ProtocolCategory.P2P;
    }
}
