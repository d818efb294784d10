package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * TLS (benign recogniser): the flow's first payload is a handshake record (content type 22,
 * version 3.0-3.4, RFC 8446 §5.1 / RFC 5246 §6.2.1) carrying a ClientHello or ServerHello
 * (handshake types 1/2, RFC 8446 §4), an SSL 2.0-compatible ClientHello (RFC 5246
 * Appendix E.2), or, for captures that start mid-connection, an application-data record
 * (type 23). DTLS is not covered.
 *
 * <p>Tunnels and P2P that run inside TLS (Tor, TLS wrappers, ADC over TLS) are recognised by
 * signatures listed earlier; this one only says "ordinary TLS".
 *
 * <p>Evidence: {@link MetadataKey#TLS_SNI} and {@link MetadataKey#TLS_ALPN} of the
 * ClientHello.
 */
final class TlsSignature implements Signature {

    static final TlsSignature INSTANCE = new TlsSignature();

    private TlsSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.TLS;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (s.payloadPackets() > 0) {
            return Verdict.NO_MATCH;
        }
        boolean tls = TlsHello.isClientHello(p) || TlsHello.isHandshake(p, TlsHello.HANDSHAKE_SERVER_HELLO)
                || TlsHello.isSsl2ClientHello(p) || TlsHello.isRecord(p, TlsHello.CONTENT_APPLICATION_DATA);
        return tls ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        s.endMetadata(); // everything it reports is in the packet it matched on
        if (TlsHello.isClientHello(p)) {
            out.put(MetadataKey.TLS_SNI, TlsHello.sni(p));
            out.put(MetadataKey.TLS_ALPN, TlsHello.alpn(p));
        }
    }
}
