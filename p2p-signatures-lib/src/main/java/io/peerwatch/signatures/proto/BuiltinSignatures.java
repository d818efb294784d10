package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureConfig;
import java.util.List;

/**
 * The flat, ordered list of built-in signatures (nDPI's {@code ndpi_callback_init}). The order
 * is the priority: P2P first, then tunnels, then the benign recognisers. Every class listed
 * here is package-private; this list is how the rest of the library reaches them.
 */
public final class BuiltinSignatures {

    private BuiltinSignatures() {
    }

    /** All built-in signatures in priority order, with the default thresholds. */
    public static List<Signature> all() {
        return all(SignatureConfig.defaults());
    }

    /**
     * All built-in signatures in priority order; those with detection thresholds use
     * {@code config}'s (with the defaults they are the shared default instances).
     */
    public static List<Signature> all(SignatureConfig config) {
        boolean d = config.equals(SignatureConfig.defaults());
        return List.of(
                // P2P
                // BitTorrent plaintext (peer wire, trackers, DHT, uTP, LSD)
                d ? BitTorrentPeerWireSignature.INSTANCE : new BitTorrentPeerWireSignature(config),
                BitTorrentTrackerHttpSignature.INSTANCE,
                BitTorrentTrackerUdpSignature.INSTANCE,
                BitTorrentDhtSignature.INSTANCE,
                d ? BitTorrentUtpSignature.INSTANCE : new BitTorrentUtpSignature(config),
                BitTorrentLsdSignature.INSTANCE,
                // legacy P2P: TLS-ALPN ones before the generic TLS recognisers, HTTP-based FastTrack
                // and Ares before Gnutella, G2 before Gnutella (shared handshake)
                DirectConnectAdcsSignature.INSTANCE,
                d ? GnutellaTlsSignature.INSTANCE : new GnutellaTlsSignature(config),
                SyncthingSignature.INSTANCE,
                FastTrackSignature.INSTANCE,
                AresSignature.INSTANCE,
                Gnutella2Signature.INSTANCE,
                GnutellaSignature.INSTANCE,
                GnutellaUdpSignature.INSTANCE,
                EdonkeySignature.INSTANCE,
                EdonkeyUdpSignature.INSTANCE,
                KadSignature.INSTANCE,
                DirectConnectNmdcSignature.INSTANCE,
                DirectConnectAdcSignature.INSTANCE,
                WinMxSignature.INSTANCE,
                OpenNapSignature.INSTANCE,
                SoulseekSignature.INSTANCE,
                // P2P by behaviour, after every plaintext P2P signature and before the tunnel ones
                // (OBFUSCATED_PROXY also claims random first payloads): Filetopia is bound to its
                // port, MSE to the DH-key size pattern.
                d ? FiletopiaSignature.INSTANCE : new FiletopiaSignature(config),
                d ? BitTorrentMseSignature.INSTANCE : new BitTorrentMseSignature(config),
                // tunnels
                HttpConnectSignature.INSTANCE,
                HttpTunnelSignature.INSTANCE,
                Socks4Signature.INSTANCE,
                Socks5Signature.INSTANCE,
                SshSignature.INSTANCE,
                OpenVpnSignature.INSTANCE,
                d ? WireGuardSignature.INSTANCE : new WireGuardSignature(config),
                d ? DnsTunnelSignature.INSTANCE : new DnsTunnelSignature(config),
                d ? IcmpTunnelSignature.INSTANCE : new IcmpTunnelSignature(config),
                TorSignature.INSTANCE,
                d ? TlsTunnelSignature.INSTANCE : new TlsTunnelSignature(config),
                d ? ObfuscatedProxySignature.INSTANCE : new ObfuscatedProxySignature(config),
                // benign recognisers
                HttpSignature.INSTANCE,
                TlsSignature.INSTANCE,
                DnsSignature.INSTANCE,
                QuicSignature.INSTANCE
        );
    }
}
