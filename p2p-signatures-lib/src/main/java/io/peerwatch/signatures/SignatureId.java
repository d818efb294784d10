package io.peerwatch.signatures;

/**
 * Identity of every built-in signature: the protocol it names and the kind of evidence it
 * rests on. One implementation class per id lives in {@code io.peerwatch.signatures.proto}.
 */
public enum SignatureId {
    // --- BitTorrent ---
    BITTORRENT_PEER_WIRE(Protocol.BITTORRENT, ConfidenceKind.PAYLOAD),
    BITTORRENT_TRACKER_HTTP(Protocol.BITTORRENT, ConfidenceKind.PAYLOAD),
    BITTORRENT_TRACKER_UDP(Protocol.BITTORRENT, ConfidenceKind.PAYLOAD),
    BITTORRENT_DHT(Protocol.BITTORRENT, ConfidenceKind.PAYLOAD),
    BITTORRENT_UTP(Protocol.BITTORRENT, ConfidenceKind.PAYLOAD),
    BITTORRENT_LSD(Protocol.BITTORRENT, ConfidenceKind.PAYLOAD),
    BITTORRENT_MSE(Protocol.BITTORRENT, ConfidenceKind.BEHAVIOUR),
    // --- the source paper's networks ---
    GNUTELLA(Protocol.GNUTELLA, ConfidenceKind.PAYLOAD),
    GNUTELLA_UDP(Protocol.GNUTELLA, ConfidenceKind.PAYLOAD),
    GNUTELLA2(Protocol.GNUTELLA2, ConfidenceKind.PAYLOAD),
    EDONKEY(Protocol.EDONKEY, ConfidenceKind.PAYLOAD),
    EDONKEY_UDP(Protocol.EDONKEY, ConfidenceKind.PAYLOAD),
    KAD(Protocol.KAD, ConfidenceKind.PAYLOAD),
    DIRECT_CONNECT_NMDC(Protocol.DIRECT_CONNECT, ConfidenceKind.PAYLOAD),
    DIRECT_CONNECT_ADC(Protocol.DIRECT_CONNECT, ConfidenceKind.PAYLOAD),
    DIRECT_CONNECT_ADCS(Protocol.DIRECT_CONNECT, ConfidenceKind.PAYLOAD),
    GNUTELLA_TLS(Protocol.GNUTELLA, ConfidenceKind.PAYLOAD),
    FASTTRACK(Protocol.FASTTRACK, ConfidenceKind.PAYLOAD),
    WINMX(Protocol.WINMX, ConfidenceKind.PAYLOAD),
    OPENNAP(Protocol.OPENNAP, ConfidenceKind.PAYLOAD),
    ARES(Protocol.ARES, ConfidenceKind.PAYLOAD),
    SOULSEEK(Protocol.SOULSEEK, ConfidenceKind.PAYLOAD),
    FILETOPIA(Protocol.FILETOPIA, ConfidenceKind.BEHAVIOUR),
    SYNCTHING(Protocol.SYNCTHING, ConfidenceKind.PAYLOAD),
    // --- tunnels ---
    HTTP_CONNECT(Protocol.HTTP_CONNECT, ConfidenceKind.PAYLOAD),
    HTTPTUNNEL(Protocol.HTTPTUNNEL, ConfidenceKind.PAYLOAD),
    SOCKS4(Protocol.SOCKS, ConfidenceKind.PAYLOAD),
    SOCKS5(Protocol.SOCKS, ConfidenceKind.PAYLOAD),
    SSH(Protocol.SSH, ConfidenceKind.PAYLOAD),
    OPENVPN(Protocol.OPENVPN, ConfidenceKind.PAYLOAD),
    WIREGUARD(Protocol.WIREGUARD, ConfidenceKind.PAYLOAD),
    DNS_TUNNEL(Protocol.DNS_TUNNEL, ConfidenceKind.BEHAVIOUR),
    ICMP_TUNNEL(Protocol.ICMP_TUNNEL, ConfidenceKind.BEHAVIOUR),
    TLS_TUNNEL(Protocol.TLS_TUNNEL, ConfidenceKind.BEHAVIOUR),
    OBFUSCATED_PROXY(Protocol.OBFUSCATED_PROXY, ConfidenceKind.BEHAVIOUR),
    TOR(Protocol.TOR, ConfidenceKind.BEHAVIOUR),
    // --- benign recognisers: evidence of "not P2P" ---
    HTTP(Protocol.HTTP, ConfidenceKind.PAYLOAD),
    TLS(Protocol.TLS, ConfidenceKind.PAYLOAD),
    DNS(Protocol.DNS, ConfidenceKind.PAYLOAD),
    QUIC(Protocol.QUIC, ConfidenceKind.PAYLOAD);

    /** Number of ids; sizes per-flow scratch arrays. */
    public static final int COUNT = values().length;

    private final Protocol protocol;
    private final ConfidenceKind kind;

    SignatureId(Protocol protocol, ConfidenceKind kind) {
        this.protocol = protocol;
        this.kind = kind;
    }

    /** The protocol a match of this signature names. */
    public Protocol protocol() {
        return protocol;
    }

    /** The kind of evidence this signature rests on. */
    public ConfidenceKind kind() {
        return kind;
    }

    /**
     * True when a match alone names no protocol: behaviour evidence for a P2P protocol
     * (random-looking handshakes of certain sizes, a port and random bytes), which benign
     * encrypted applications can show too. Such a flow is a suspicion; it gets its protocol label
     * only when the same host's window corroborates it ({@code io.peerwatch.detect.P2pCorroborationDetector}).
     */
    public boolean needsCorroboration() {
        return kind == ConfidenceKind.BEHAVIOUR && protocol.isP2p();
    }
}
