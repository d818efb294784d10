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
 * Tor's TLS link handshake (Tor {@code src/lib/tls/tortls*.c}, link protocol in tor-spec
 * §2): a Tor client puts a made-up host name in SNI, {@code crypto_random_hostname(4, 25,
 * "www.", ".com")} = {@code www.} + 4..25 base32 characters ({@code a-z2-7}) + {@code .com},
 * and sends no ALPN; relays present certificates named the same way ({@code www.} + 8..20
 * base32 + {@code .net} subject, {@code .com} issuer), readable in TLS 1.2 and earlier.
 *
 * <p>Rule (behaviour: the names are a convention, not a protocol field): a ClientHello
 * without ALPN whose SNI has that shape and at least one digit 2-7 in the random part
 * matches (real sites such as {@code www.google.com} have the shape but no such digit;
 * base32 strings of 8+ characters almost always contain one). Without a digit the server's
 * first payload must carry a {@code www.<base32>.net} certificate name.
 *
 * <p>Evidence: {@link MetadataKey#TLS_SNI}, a {@link MetadataKey#NOTE}.
 */
final class TorSignature implements Signature {

    static final TorSignature INSTANCE = new TorSignature();

    private static final byte[] WWW = Bytes.ascii("www.");
    private static final byte[] COM = Bytes.ascii(".com");
    private static final byte[] NET = Bytes.ascii(".net");
    private static final int SNI_MIN = 4;
    private static final int SNI_MAX = 25;
    private static final int CERT_MIN = 8;
    private static final int CERT_MAX = 20;
    private static final int NO_DIGIT = 1;
    private static final int STATE = 0;

    private TorSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.TOR;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (s.get(id(), STATE) == NO_DIGIT) {
            if (dir == Direction.CLIENT_TO_SERVER) {
                return Verdict.NEED_MORE;
            }
            return hasTorCertificateName(p) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (dir != Direction.CLIENT_TO_SERVER || s.payloadPackets() > 0 || !TlsHello.isClientHello(p)
                || TlsHello.find(p, TlsHello.EXT_ALPN) != TlsHello.ABSENT) {
            return Verdict.NO_MATCH;
        }
        int name = TlsHello.sniOffset(p, TlsHello.find(p, TlsHello.EXT_SERVER_NAME));
        if (name < 0) {
            return Verdict.NO_MATCH;
        }
        int shape = randomName(p, name, name + TlsHello.sniLength(p, name), COM, SNI_MIN, SNI_MAX);
        if (shape < 0) {
            return Verdict.NO_MATCH;
        }
        if (shape > 0) {
            return Verdict.MATCH;
        }
        s.set(id(), STATE, NO_DIGIT);
        return Verdict.NEED_MORE;
    }

    /**
     * Checks {@code [from, to)} is {@code www.<base32>suffix} with min..max random
     * characters: -1 if not, 1 with a digit 2-7 among them, 0 without.
     */
    static int randomName(ByteBuffer p, int from, int to, byte[] suffix, int min, int max) {
        int random = to - from - WWW.length - suffix.length;
        if (random < min || random > max || !Bytes.at(p, from, WWW) || !Bytes.at(p, to - suffix.length, suffix)) {
            return -1;
        }
        boolean digit = false;
        for (int i = from + WWW.length; i < to - suffix.length; i++) {
            int c = p.get(i);
            boolean base32Digit = c >= '2' && c <= '7';
            if (!base32Digit && (c < 'a' || c > 'z')) {
                return -1;
            }
            digit |= base32Digit;
        }
        return digit ? 1 : 0;
    }

    /** True when a {@code www.<8..20 base32>.net} name appears in the payload. */
    private static boolean hasTorCertificateName(ByteBuffer p) {
        int at = Bytes.indexOf(p, WWW, 0, p.limit());
        while (at >= 0) {
            int end = Bytes.indexOf(p, NET, at + WWW.length, Math.min(p.limit(), at + WWW.length + CERT_MAX + NET.length));
            if (end >= 0 && randomName(p, at, end + NET.length, NET, CERT_MIN, CERT_MAX) >= 0) {
                return true;
            }
            at = Bytes.indexOf(p, WWW, at + 1, p.limit());
        }
        return false;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        s.endMetadata(); // everything it reports is in the packet it matched on
        if (dir == Direction.CLIENT_TO_SERVER && TlsHello.isClientHello(p)) {
            out.put(MetadataKey.TLS_SNI, TlsHello.sni(p));
            out.put(MetadataKey.NOTE, "random www.<base32>.com SNI without ALPN (Tor link handshake)");
        } else if (dir == Direction.SERVER_TO_CLIENT && out.isEmpty()) {
            out.put(MetadataKey.NOTE, "Tor-style www.<base32>.net certificate name");
        }
    }
}
