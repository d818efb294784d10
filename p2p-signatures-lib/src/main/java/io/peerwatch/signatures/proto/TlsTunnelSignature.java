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
 * TLS that probably does not carry HTTPS: a TLS wrapper such as stunnel, or a VPN/proxy
 * client speaking TLS. Judged on the client's ClientHello only (RFC 8446 §4.1.2, read with
 * {@link TlsHello}); behaviour evidence, lower confidence.
 *
 * <p>Every current browser and HTTP library sends ALPN (RFC 7301) and, for a named site, SNI
 * (RFC 6066 §3). The hello matches when either
 * <ul>
 *   <li>it offers TLS 1.3 (supported_versions) but no ALPN: what OpenSSL-based wrappers such
 *       as stunnel send by default (lab captures on ports 443 and 8443); or</li>
 *   <li>it has no SNI and goes to a port other than 443 (a bare address on an odd port, as
 *       UltraSurf does on 50053).</li>
 * </ul>
 * Hellos to the IANA ports of TLS services other than HTTPS (IMAPS, SMTPS, LDAPS, DoT, ...)
 * never match: TLS without HTTPS is their normal state. Hellos with SNI and ALPN, cut
 * before their extensions end, or TLS 1.2-only without SNI on 443 do not match either
 * (older clients, e.g. the nDPI google_ssl capture). Known blind spots: a tunnel that sends
 * ALPN and SNI like a browser; Python/OpenSSL scripts without ALPN look like tunnels.
 *
 * <p>Evidence: {@link MetadataKey#TLS_SNI}, {@link MetadataKey#TLS_ALPN}, a
 * {@link MetadataKey#NOTE} with the reason.
 */
final class TlsTunnelSignature implements Signature {

    static final TlsTunnelSignature INSTANCE = new TlsTunnelSignature();

    /** The HTTPS port. */
    static final int HTTPS_PORT = 443;
    /**
     * IANA ports of implicit-TLS services that are not HTTPS: SMTPS 465, NNTPS 563, LDAPS 636,
     * DNS over TLS 853, FTPS 989/990, TELNETS 992, IMAPS 993, IRCS 994, POP3S 995, LDAPS GC 3269,
     * SIPS 5061, XMPP legacy TLS 5223, AMQPS 5671, syslog TLS 6514, IRCS 6697, MQTT TLS 8883.
     */
    private static final int[] NON_HTTPS_TLS_PORTS = {465, 563, 636, 853, 989, 990, 992, 993, 994, 995, 3269, 5061, 5223,
        5671, 6514, 6697, 8883};

    private TlsTunnelSignature() {
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
        if (alpn == TlsHello.ABSENT && TlsHello.offersTls13(p, TlsHello.find(p, TlsHello.EXT_SUPPORTED_VERSIONS))) {
            return "TLS 1.3 ClientHello without ALPN (not a browser or HTTP library)";
        }
        if (sni == TlsHello.ABSENT && serverPort != HTTPS_PORT) {
            return "ClientHello without SNI to a port other than 443";
        }
        return null;
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
}
