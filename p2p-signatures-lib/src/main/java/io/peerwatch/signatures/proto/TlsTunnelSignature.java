package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TLS that probably does not carry HTTPS: a TLS wrapper such as stunnel, or a VPN/proxy
 * client speaking TLS. Judged on the client's ClientHello (RFC 8446 §4.1.2, read with
 * {@link TlsHello}) and, for the weaker cue, on the whole flow; behaviour evidence, lower
 * confidence.
 *
 * <p>Every current browser and HTTP library sends ALPN (RFC 7301) and, for a named site, SNI
 * (RFC 6066 §3). The hello matches when either
 * <ul>
 *   <li>it has no SNI and goes to a port other than 443 (a bare address on an odd port, as
 *       UltraSurf does on 50053): the verdict stands; or</li>
 *   <li>it has no ALPN: what OpenSSL-based wrappers such as stunnel send by default (lab
 *       captures on ports 443 and 8443), whatever TLS versions they offer. Command-line tools and
 *       libraries of benign programs send the same hello (wget, Python's urllib, Java's
 *       HttpsURLConnection, openssl s_client: the project lab's {@code benign-tls-no-alpn-*}
 *       captures), so this cue alone names no tunnel: when the flow ends ({@link #atFlowEnd}) it
 *       stays a tunnel only if the client sent at least
 *       {@link SignatureConfig#tlsTunnelMinUploadBytes()} of payload and more than the server
 *       (something pushed through it, not a request and its download); otherwise the flow is
 *       reported as TLS with a note saying why.</li>
 * </ul>
 * Hellos to the IANA ports of TLS services other than HTTPS (IMAPS, SMTPS, LDAPS, DoT, ...)
 * never match: TLS without HTTPS is their normal state. Hellos with SNI and ALPN or cut
 * before their extensions end do not match either. Known blind spots: a tunnel that sends ALPN
 * and SNI like a browser; a tunnel whose traffic is mostly downloads (its flow has the shape of
 * an HTTPS download); a benign program uploading more than the threshold without ALPN is named
 * a tunnel.
 *
 * <p>Evidence: {@link MetadataKey#TLS_SNI}, {@link MetadataKey#TLS_ALPN}, a
 * {@link MetadataKey#NOTE} with the reason.
 */
final class TlsTunnelSignature implements Signature {

    static final TlsTunnelSignature INSTANCE = new TlsTunnelSignature(SignatureConfig.defaults());

    /** The HTTPS port. */
    static final int HTTPS_PORT = 443;
    /**
     * IANA ports of implicit-TLS services that are not HTTPS: SMTPS 465, NNTPS 563, LDAPS 636,
     * DNS over TLS 853, FTPS 989/990, TELNETS 992, IMAPS 993, IRCS 994, POP3S 995, LDAPS GC 3269,
     * SIPS 5061, XMPP legacy TLS 5223, AMQPS 5671, syslog TLS 6514, IRCS 6697, MQTT TLS 8883.
     */
    private static final int[] NON_HTTPS_TLS_PORTS = {465, 563, 636, 853, 989, 990, 992, 993, 994, 995, 3269, 5061, 5223,
        5671, 6514, 6697, 8883};

    /** The weak cue: benign programs send it too, so the flow's shape must confirm it. */
    static final String NO_ALPN = "ClientHello without ALPN (not a browser or HTTP library)";
    /** The strong cue. */
    static final String NO_SNI = "ClientHello without SNI to a port other than 443";

    /** Payload bytes a client must send over a flow that opened with {@link #NO_ALPN}. */
    private final long minUploadBytes;

    TlsTunnelSignature(SignatureConfig config) {
        this.minUploadBytes = config.tlsTunnelMinUploadBytes();
    }

    @Override
    public SignatureId id() {
        return SignatureId.TLS_TUNNEL;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (dir != Direction.CLIENT_TO_SERVER || s.payloadPackets() > 0 || !TlsHello.isClientHello(p)) {
            return Verdict.NO_MATCH;
        }
        return reason(p, s.serverPort()) != null ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    /** Why the hello looks like a tunnel, or null. Allocation-free (constant strings). */
    static String reason(ByteBuffer p, int serverPort) {
        int alpn = TlsHello.find(p, TlsHello.EXT_ALPN);
        int sni = TlsHello.find(p, TlsHello.EXT_SERVER_NAME);
        if (alpn == TlsHello.UNKNOWN || sni == TlsHello.UNKNOWN || isNonHttpsTlsPort(serverPort)) {
            return null;
        }
        if (sni == TlsHello.ABSENT && serverPort != HTTPS_PORT) {
            return NO_SNI;
        }
        return alpn == TlsHello.ABSENT ? NO_ALPN : null;
    }

    private static boolean isNonHttpsTlsPort(int port) {
        for (int p : NON_HTTPS_TLS_PORTS) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        s.endMetadata(); // everything it reports is in the packet it matched on
        if (dir != Direction.CLIENT_TO_SERVER || !TlsHello.isClientHello(p)) {
            return;
        }
        out.put(MetadataKey.TLS_SNI, TlsHello.sni(p));
        out.put(MetadataKey.TLS_ALPN, TlsHello.alpn(p));
        out.put(MetadataKey.NOTE, reason(p, s.serverPort()));
    }

    /**
     * A verdict on {@link #NO_ALPN} stands when the client sent at least {@link #minUploadBytes}
     * of payload and more than the server; otherwise the flow is TLS (payload evidence: the hello
     * was read), still under this signature's id so that a TLS connection between two high ports
     * stays a suspect for the host's P2P corroboration. The note gives both byte counts.
     */
    @Override
    public Classification atFlowEnd(Classification verdict, long clientPayloadBytes, long serverPayloadBytes) {
        if (!NO_ALPN.equals(verdict.first(MetadataKey.NOTE))) {
            return verdict;
        }
        boolean pushed = clientPayloadBytes >= minUploadBytes && clientPayloadBytes > serverPayloadBytes;
        String bytes = String.format(Locale.ROOT, "; the client sent %d bytes, the server %d", clientPayloadBytes,
                serverPayloadBytes);
        Map<MetadataKey, List<String>> m = new EnumMap<>(MetadataKey.class);
        m.putAll(verdict.metadata());
        if (pushed) {
            m.put(MetadataKey.NOTE, List.of(NO_ALPN + bytes + ": pushed through it"));
            return new Classification(verdict.signature(), verdict.protocol(), verdict.kind(), verdict.confidence(),
                    verdict.packetsToVerdict(), m);
        }
        m.put(MetadataKey.NOTE, List.of(NO_ALPN + bytes + ": a request and its answer, not judged a tunnel"));
        return new Classification(verdict.signature(), Protocol.TLS, ConfidenceKind.PAYLOAD,
                ConfidenceKind.PAYLOAD.defaultConfidence(), verdict.packetsToVerdict(), m);
    }
}
