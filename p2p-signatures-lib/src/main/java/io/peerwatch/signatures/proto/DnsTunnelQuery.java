package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureConfig;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * One DNS query judged for {@link DnsTunnelSignature}: why it looks like tunnel traffic
 * (allocation-free, for {@code inspect}) and the evidence text (allocates, for
 * {@code describe}).
 *
 * <p>Reasons: record type NULL (RFC 1035 §3.3.10) or private use 65280-65534 (RFC 6895 §3.1;
 * iodine uses NULL and 65399); bytes no host name uses but base64/base128 encoders do
 * ({@code = + /}, non-ASCII, control); a label of at least {@link SignatureConfig#dnsLongLabel()}
 * bytes with at least {@link SignatureConfig#dnsMinLabelEntropy()} bits of entropy per byte (these
 * three are "strong"); a name of at least {@link SignatureConfig#dnsLongName()} bytes; a TXT query
 * with a name of at least {@link SignatureConfig#dnsLongTxtName()} bytes (dns2tcp). mDNS names
 * ({@code .local}, RFC 6762) never count. The thresholds come from the signature's
 * {@link SignatureConfig}.
 */
final class DnsTunnelQuery {

    static final int R_TYPE = 1;
    static final int R_ENCODED = 2;
    static final int R_ENTROPY = 4;
    static final int R_LONG_NAME = 8;
    static final int R_LONG_TXT = 16;
    private static final int STRONG = R_TYPE | R_ENCODED | R_ENTROPY;
    private static final int PRIVATE_FIRST = 65280;
    private static final int PRIVATE_LAST = 65534;
    private static final byte[] LOCAL = Bytes.ascii("local");
    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    private DnsTunnelQuery() {
    }

    /** How many of the strong reasons (type, encoding, entropy) are set. */
    static int strongReasons(int reasons) {
        return Integer.bitCount(reasons & STRONG);
    }

    /** Reason bits of the question whose name ends at {@code nameEnd}; 0 for ordinary or mDNS. */
    static int reasons(ByteBuffer p, int nameEnd, SignatureConfig cfg) {
        int qtype = Bytes.u16be(p, nameEnd);
        int reasons = qtype == DnsWire.QTYPE_NULL || (qtype >= PRIVATE_FIRST && qtype <= PRIVATE_LAST) ? R_TYPE : 0;
        int off = DnsWire.HEADER;
        int last = off;
        for (int len = Bytes.u8(p, off); len > 0 && len <= DnsWire.MAX_LABEL; len = Bytes.u8(p, off)) {
            for (int i = off + 1; i <= off + len; i++) {
                int c = p.get(i) & 0xff;
                if (c == '=' || c == '+' || c == '/' || c >= 0x80 || c < ' ') {
                    reasons |= R_ENCODED;
                }
            }
            if (len >= cfg.dnsLongLabel() && ByteStats.entropy(p, off + 1, off + 1 + len) >= cfg.dnsMinLabelEntropy()) {
                reasons |= R_ENTROPY;
            }
            last = off;
            off += 1 + len;
        }
        int nameLength = nameEnd - DnsWire.HEADER;
        if (nameLength >= cfg.dnsLongName()) {
            reasons |= R_LONG_NAME;
        }
        if (qtype == DnsWire.QTYPE_TXT && nameLength >= cfg.dnsLongTxtName()) {
            reasons |= R_LONG_TXT;
        }
        boolean mdns = Bytes.u8(p, last) == LOCAL.length && Bytes.atIgnoreCase(p, last + 1, LOCAL);
        return mdns ? 0 : reasons;
    }

    /** FNV-1a hash of the last two labels, lower-cased: the base domain of a query. */
    static int baseDomainHash(ByteBuffer p) {
        int off = DnsWire.HEADER;
        int prev = off;
        int last = off;
        for (int len = Bytes.u8(p, off); len > 0 && len <= DnsWire.MAX_LABEL; len = Bytes.u8(p, off)) {
            prev = last;
            last = off;
            off += 1 + len;
        }
        int h = FNV_OFFSET;
        for (int i = prev; i < off; i++) {
            int c = p.get(i) & 0xff;
            h = (h ^ (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)) * FNV_PRIME;
        }
        return h;
    }

    /** Adds one note per reason bit; the numbers come from the query whose name ends at {@code nameEnd}. */
    static void notes(ByteBuffer p, int nameEnd, int reasons, SignatureConfig c, Metadata out) {
        int qtype = Bytes.u16be(p, nameEnd);
        if ((reasons & R_TYPE) != 0) {
            out.put(MetadataKey.NOTE, qtype == DnsWire.QTYPE_NULL ? "record type NULL"
                    : qtype >= PRIVATE_FIRST && qtype <= PRIVATE_LAST ? "private-use record type " + qtype
                    : "record type NULL or private use");
        }
        if ((reasons & R_ENCODED) != 0) {
            out.put(MetadataKey.NOTE, "labels with binary-encoding bytes (= + / or non-ASCII)");
        }
        if ((reasons & R_ENTROPY) != 0) {
            out.put(MetadataKey.NOTE, "long high-entropy labels (here " + longestLabel(p) + " bytes, "
                    + String.format(Locale.ROOT, "%.1f", maxEntropy(p)) + " bits/byte)");
        }
        if ((reasons & R_LONG_NAME) != 0) {
            out.put(MetadataKey.NOTE, "query names of " + c.dnsLongName() + "+ bytes");
        }
        if ((reasons & R_LONG_TXT) != 0) {
            out.put(MetadataKey.NOTE, "TXT queries with long names");
        }
    }

    private static int longestLabel(ByteBuffer p) {
        int best = 0;
        int off = DnsWire.HEADER;
        for (int len = Bytes.u8(p, off); len > 0 && len <= DnsWire.MAX_LABEL; len = Bytes.u8(p, off)) {
            best = Math.max(best, len);
            off += 1 + len;
        }
        return best;
    }

    private static double maxEntropy(ByteBuffer p) {
        double best = 0;
        int off = DnsWire.HEADER;
        for (int len = Bytes.u8(p, off); len > 0 && len <= DnsWire.MAX_LABEL; len = Bytes.u8(p, off)) {
            best = Math.max(best, ByteStats.entropy(p, off + 1, off + 1 + len));
            off += 1 + len;
        }
        return best;
    }

    /**
     * The query name without its leading data labels: the first label, then any label of
     * {@link SignatureConfig#dnsDataLabel()}+ bytes, with bytes outside letters, digits, '-' and '_', or in mixed
     * case (base64/base128 leftovers); at least
     * two labels stay. Works on the wire labels, since encoded labels may contain dots.
     */
    static String baseDomain(ByteBuffer p, SignatureConfig c) {
        int labels = 0;
        for (int off = DnsWire.HEADER, len = Bytes.u8(p, off); len > 0 && len <= DnsWire.MAX_LABEL;
                off += 1 + len, len = Bytes.u8(p, off)) {
            labels++;
        }
        int off = DnsWire.HEADER + 1 + Bytes.u8(p, DnsWire.HEADER);
        for (int kept = labels - 1; kept > 2 && isData(p, off, c.dnsDataLabel()); kept--) {
            off += 1 + Bytes.u8(p, off);
        }
        return labels <= 2 ? DnsWire.name(p, DnsWire.HEADER) : DnsWire.name(p, off);
    }

    private static boolean isData(ByteBuffer p, int label, int dataLabel) {
        int len = Bytes.u8(p, label);
        if (len >= dataLabel) {
            return true;
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = label + 1; i <= label + len; i++) {
            int c = p.get(i) & 0xff;
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            boolean hostChar = c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!hostChar) {
                return true;
            }
        }
        return lower && upper;
    }
}
