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
 * DNS tunnels (iodine, dns2tcp and the like) by the shape of the queries in one flow, plus
 * iodine's raw UDP mode. Tunnels encode data in query names under a domain they control and
 * fetch data in answers: names with long, high-entropy labels (base32/64/128 encodings),
 * bytes no host name uses, and record types ordinary clients never ask for (NULL, RFC 1035
 * §3.3.10; private use 65280-65534, RFC 6895 §3.1; iodine uses NULL and 65399, dns2tcp TXT).
 * Query layout: RFC 1035 §4.1.2. Iodine raw mode (iodine {@code common.h}: header {@code
 * 10 D1 9E} then command nibble LOGIN 1, DATA 2, PING 3 and user nibble) is not DNS at all and
 * matches by itself.
 *
 * <p>Per query the reasons are: NULL/private type, binary-encoding bytes ({@code = + /} or
 * non-ASCII), a label of at least {@link #DEFAULT_LONG_LABEL} bytes with entropy of at least
 * {@link #DEFAULT_MIN_LABEL_ENTROPY} bits (the first three are strong), a name of at least
 * {@link #DEFAULT_LONG_NAME} bytes, TXT with a name of at least {@link #DEFAULT_LONG_TXT_NAME}.
 * The flow matches after {@link #DEFAULT_SUSPICIOUS_QUERIES} queries with a reason under the
 * same base domain (its last two labels), or one query with {@link #DEFAULT_STRONG_REASONS}
 * strong reasons. A flow whose first query has no reason is ordinary DNS (one decision per
 * flow; per-domain rates across flows belong to a per-host detector). mDNS names
 * ({@code .local}, RFC 6762) are ignored.
 *
 * <p>Evidence: {@link MetadataKey#DNS_QUERY} = the tunnel's base domain, {@link
 * MetadataKey#NOTE} = the reasons.
 */
final class DnsTunnelSignature implements Signature {

    static final DnsTunnelSignature INSTANCE = new DnsTunnelSignature();

    /** Labels at least this long are checked for entropy (encoders fill labels up to 63). */
    static final int DEFAULT_LONG_LABEL = 40;
    /** Entropy in bits per byte of a long label that marks encoded data (hex tops out at 4). */
    static final double DEFAULT_MIN_LABEL_ENTROPY = 4.0;
    /** Query names at least this long (of 255 possible) are suspicious. */
    static final int DEFAULT_LONG_NAME = 100;
    /** TXT queries with names at least this long are suspicious (SPF/DKIM names are shorter). */
    static final int DEFAULT_LONG_TXT_NAME = 64;
    /** Suspicious queries under one base domain that make a flow a tunnel. */
    static final int DEFAULT_SUSPICIOUS_QUERIES = 2;
    /** Strong reasons in a single query that make a flow a tunnel. */
    static final int DEFAULT_STRONG_REASONS = 2;

    static final int R_TYPE = 1;
    static final int R_ENCODED = 2;
    static final int R_ENTROPY = 4;
    static final int R_LONG_NAME = 8;
    static final int R_LONG_TXT = 16;
    private static final int STRONG = R_TYPE | R_ENCODED | R_ENTROPY;
    private static final int PRIVATE_FIRST = 65280;
    private static final int PRIVATE_LAST = 65534;
    private static final int[] RAW_HEADER = {0x10, 0xD1, 0x9E};
    private static final int RAW_CMD_FIRST = 1;
    private static final int RAW_CMD_LAST = 3;
    private static final byte[] LOCAL = Bytes.ascii("local");
    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int COUNT = 0;
    private static final int DOMAIN = 1;
    private static final int REASONS = 2;

    private DnsTunnelSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.DNS_TUNNEL;
    }

    @Override
    public Selection selection() {
        return Selection.UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (isIodineRaw(p)) {
            return Verdict.MATCH;
        }
        int flags = DnsWire.flags(p, 0);
        int nameEnd = DnsWire.skipName(p, DnsWire.HEADER);
        if (flags < 0 || DnsWire.opcode(flags) != 0 || Bytes.u16be(p, 4) != 1 || nameEnd < 0 || nameEnd + 4 > p.limit()) {
            return Verdict.NO_MATCH;
        }
        if (DnsWire.isResponse(flags)) {
            return Verdict.NEED_MORE; // answers repeat the question; judge the queries
        }
        int reasons = reasons(p, nameEnd);
        int count = s.get(id(), COUNT);
        if (reasons == 0) {
            return count == 0 ? Verdict.NO_MATCH : Verdict.NEED_MORE;
        }
        int domain = baseDomainHash(p);
        if (count > 0 && domain != s.get(id(), DOMAIN)) {
            return Verdict.NEED_MORE;
        }
        s.set(id(), COUNT, ++count);
        s.set(id(), DOMAIN, domain);
        s.set(id(), REASONS, s.get(id(), REASONS) | reasons);
        boolean strong = Integer.bitCount(reasons & STRONG) >= DEFAULT_STRONG_REASONS;
        return strong || count >= DEFAULT_SUSPICIOUS_QUERIES ? Verdict.MATCH : Verdict.NEED_MORE;
    }

    static boolean isIodineRaw(ByteBuffer p) {
        int cmd = Bytes.u8(p, RAW_HEADER.length) >>> 4;
        return Bytes.u8(p, 0) == RAW_HEADER[0] && Bytes.u8(p, 1) == RAW_HEADER[1] && Bytes.u8(p, 2) == RAW_HEADER[2]
                && cmd >= RAW_CMD_FIRST && cmd <= RAW_CMD_LAST;
    }

    /** Reason bits of the question whose name ends at {@code nameEnd}; 0 for ordinary or mDNS. */
    static int reasons(ByteBuffer p, int nameEnd) {
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
            if (len >= DEFAULT_LONG_LABEL && ByteStats.entropy(p, off + 1, off + 1 + len) >= DEFAULT_MIN_LABEL_ENTROPY) {
                reasons |= R_ENTROPY;
            }
            last = off;
            off += 1 + len;
        }
        int nameLength = nameEnd - DnsWire.HEADER;
        if (nameLength >= DEFAULT_LONG_NAME) {
            reasons |= R_LONG_NAME;
        }
        if (qtype == DnsWire.QTYPE_TXT && nameLength >= DEFAULT_LONG_TXT_NAME) {
            reasons |= R_LONG_TXT;
        }
        boolean mdns = Bytes.u8(p, last) == LOCAL.length && Bytes.atIgnoreCase(p, last + 1, LOCAL);
        return mdns ? 0 : reasons;
    }

    /** FNV-1a hash of the last two labels, lower-cased: the base domain of a query. */
    private static int baseDomainHash(ByteBuffer p) {
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

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        boolean first = out.get(MetadataKey.NOTE).isEmpty();
        if (isIodineRaw(p)) {
            out.put(MetadataKey.NOTE, "iodine raw-mode UDP header 10 D1 9E");
            return;
        }
        int nameEnd = DnsWire.skipName(p, DnsWire.HEADER);
        int flags = DnsWire.flags(p, 0);
        if (nameEnd < 0 || nameEnd + 2 > p.limit() || flags < 0 || DnsWire.isResponse(flags) || reasons(p, nameEnd) == 0) {
            return;
        }
        if (first) {
            out.put(MetadataKey.DNS_QUERY, DnsTunnelNotes.baseDomain(p));
            DnsTunnelNotes.put(p, nameEnd, s.get(id(), REASONS) | reasons(p, nameEnd), out);
        }
    }
}
