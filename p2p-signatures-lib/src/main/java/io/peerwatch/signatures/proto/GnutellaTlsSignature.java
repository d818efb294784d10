package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * Gnutella connections wrapped in TLS by gtk-gnutella ("tls" in its {@code X-Features}
 * header; Gnutella handshake and downloads then run inside the TLS session).
 *
 * <p>Two things in the clear mark it (TLS 1.2, RFC 5246 §7.4.1.2 and §7.4.2):
 * <ul>
 *   <li>the ClientHello carries no SNI (peers are reached by address) and offers anonymous
 *       Diffie-Hellman cipher suites ({@code DH_anon}, {@code ECDH_anon}; IANA TLS Cipher
 *       Suites registry), which gtk-gnutella enables on purpose (GnuTLS priority
 *       {@code NORMAL:+ANON-DH}, gtk-gnutella {@code src/core/tls_common.c}) and which
 *       browsers, HTTP libraries and TLS wrappers never offer;</li>
 *   <li>the answering servent's self-signed certificate names the program:
 *       {@code CN=gtk-gnutella/<version>} (seen in nDPI's {@code gnutella.pcap}:
 *       {@code CN=gtk-gnutella/1.2.1}).</li>
 * </ul>
 * The flow matches when both hold: the client's first payload is such a hello (anything else
 * is ruled out at once), and the subject appears in the server's handshake bytes within its
 * first {@link SignatureConfig#gnutellaTlsMaxServerBytes()}. Not covered: TLS 1.3 (the certificate is
 * encrypted), anonymous sessions without a certificate, and other servents' TLS (LimeWire
 * offered anonymous suites too, but no capture exists to check its answer). Listed before the
 * TLS-tunnel signature, which would otherwise call such a SNI-less hello to a high port a
 * tunnel.
 *
 * <p>Evidence: {@link MetadataKey#CLIENT} = the certificate subject, a {@link MetadataKey#NOTE}.
 */
final class GnutellaTlsSignature implements Signature {

    static final GnutellaTlsSignature INSTANCE = new GnutellaTlsSignature(SignatureConfig.defaults());

    private static final SignatureId ID = SignatureId.GNUTELLA_TLS;
    private static final byte[] SERVENT_CN = Bytes.ascii("gtk-gnutella/");
    /** DH_anon and ECDH_anon suites of the IANA registry (RFC 5246, 4492, 5288, 5932, 6209). */
    private static final int[] ANON_SUITES = {0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x0034, 0x003A, 0x0046, 0x006C,
        0x006D, 0x0089, 0x009B, 0x00A6, 0x00A7, 0x00BF, 0x00C5, 0xC015, 0xC016, 0xC017, 0xC018, 0xC019, 0xC046, 0xC047,
        0xC05A, 0xC05B, 0xC084, 0xC085};
    private static final int STATE = 0;
    private static final int HELLO_SEEN = 1;
    private static final int MAX_SUBJECT = 64;

    /** Server payload bytes searched for the certificate subject (ServerHello + Certificate). */
    private final int maxServerBytes;

    GnutellaTlsSignature(SignatureConfig config) {
        this.maxServerBytes = config.gnutellaTlsMaxServerBytes();
    }

    @Override
    public SignatureId id() {
        return ID;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (s.get(ID, STATE) != HELLO_SEEN) {
            if (dir != Direction.CLIENT_TO_SERVER || s.payloadPackets() > 0 || !TlsHello.isClientHello(p)
                    || TlsHello.find(p, TlsHello.EXT_SERVER_NAME) != TlsHello.ABSENT || !offersAnonymousSuite(p)) {
                return Verdict.NO_MATCH;
            }
            s.set(ID, STATE, HELLO_SEEN);
            return Verdict.NEED_MORE;
        }
        long before = s.payloadBytes(Direction.SERVER_TO_CLIENT);
        if (dir == Direction.CLIENT_TO_SERVER) {
            return before == 0 ? Verdict.NEED_MORE : Verdict.NO_MATCH; // a retransmitted hello; else the flight ended
        }
        if (before == 0 && !TlsHello.isRecord(p, TlsHello.CONTENT_HANDSHAKE)) {
            return Verdict.NO_MATCH;
        }
        if (Bytes.indexOf(p, SERVENT_CN, 0, p.limit()) >= 0) {
            return Verdict.MATCH;
        }
        return before + p.limit() < maxServerBytes ? Verdict.NEED_MORE : Verdict.NO_MATCH;
    }

    private static boolean offersAnonymousSuite(ByteBuffer p) {
        int off = TlsHello.cipherSuites(p);
        if (off < 0) {
            return false;
        }
        int end = Math.min(p.limit(), off + 2 + Bytes.u16be(p, off));
        for (int i = off + 2; i + 2 <= end; i += 2) {
            int suite = Bytes.u16be(p, i);
            for (int anon : ANON_SUITES) {
                if (suite == anon) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        s.endMetadata(); // everything it reports is in the packet it matched on
        int at = dir == Direction.SERVER_TO_CLIENT ? Bytes.indexOf(p, SERVENT_CN, 0, p.limit()) : -1;
        if (at < 0) {
            return;
        }
        // DER: the name is a UTF8String/PrintableString value; its one-byte length precedes it.
        int len = Bytes.u8(p, at - 1);
        int end = len >= SERVENT_CN.length && len <= MAX_SUBJECT ? at + len : at + SERVENT_CN.length;
        String subject = Bytes.isText(p, at, end) ? Bytes.text(p, at, end) : Bytes.text(p, at, at + SERVENT_CN.length);
        out.put(MetadataKey.CLIENT, subject);
        out.put(MetadataKey.NOTE, "Gnutella over TLS: SNI-less ClientHello offering anonymous DH suites, server certificate CN="
                + subject);
    }
}
