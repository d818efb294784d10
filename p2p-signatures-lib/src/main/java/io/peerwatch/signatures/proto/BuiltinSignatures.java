package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Signature;
import java.util.List;

/**
 * The flat, ordered list of built-in signatures (nDPI's {@code ndpi_callback_init}). The order
 * is the priority: P2P first, then tunnels, then the benign recognisers. Every class listed
 * here is package-private; this list is how the rest of the library reaches them.
 */
public final class BuiltinSignatures {

    private BuiltinSignatures() {
    }

    /** All built-in signatures in priority order. */
    public static List<Signature> all() {
        return List.of(
                // P2P
                // legacy P2P (sig-p2p): TLS-ALPN ones before the generic TLS recognisers, HTTP-based
                // FastTrack and Ares before Gnutella, G2 before Gnutella (shared handshake),
                // behaviour-only Filetopia last.
                DirectConnectAdcsSignature.INSTANCE,
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
                FiletopiaSignature.INSTANCE
                // tunnels
                // benign recognisers
        );
    }
}
