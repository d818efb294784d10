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
 * DNS tunnels (iodine, dns2tcp and the like) by the shape of the queries in one flow, plus
 * iodine's raw UDP mode. Tunnels encode data in query names under a domain they control and
 * fetch data in answers: names with long, high-entropy labels (base32/64/128 encodings),
 * bytes no host name uses, and record types ordinary clients never ask for (NULL, RFC 1035
 * §3.3.10; private use 65280-65534, RFC 6895 §3.1; iodine uses NULL and 65399, dns2tcp TXT).
 * Query layout: RFC 1035 §4.1.2. Iodine raw mode (iodine {@code common.h}: header {@code
 * 10 D1 9E} then command nibble LOGIN 1, DATA 2, PING 3 and user nibble) is not DNS at all and
 * matches by itself.
 *
 * <p>Each query is judged by {@link DnsTunnelQuery} (unusual type, encoded or long
 * high-entropy labels, long names). The flow matches after
 * {@link SignatureConfig#dnsSuspiciousQueries()} queries with a reason under the same base domain
 * (its last two labels), or one query with {@link SignatureConfig#dnsStrongReasons()} strong
 * reasons. A flow whose first {@link SignatureConfig#dnsOrdinaryQueries()} queries have no reason
 * is ordinary DNS and is ruled out (not on its first query: a tunnel may open with short,
 * ordinary-looking handshake queries). This is a fast per-flow hint; the judge is the per-host,
 * per-domain detector over a window ({@code io.peerwatch.detect.DnsTunnelDetector}), which sees
 * every flow of the host, also through a recursive resolver.
 *
 * <p>Evidence: {@link MetadataKey#DNS_QUERY} = the tunnel's base domain, {@link
 * MetadataKey#NOTE} = the reasons.
 */
final class DnsTunnelSignature implements Signature {

    static final DnsTunnelSignature INSTANCE = new DnsTunnelSignature(SignatureConfig.defaults());

    private static final int[] RAW_HEADER = {0x10, 0xD1, 0x9E};
    private static final int RAW_CMD_FIRST = 1;
    private static final int RAW_CMD_LAST = 3;
    private static final int COUNT = 0;
    private static final int DOMAIN = 1;
    private static final int REASONS = 2;
    private static final int ORDINARY = 3;

    /** Thresholds of the per-query judgement and of the flow's verdict. */
    private final SignatureConfig config;
    /** Suspicious queries under one base domain that make a flow a tunnel. */
    private final int suspiciousQueries;
    /** Strong reasons in a single query that make a flow a tunnel. */
    private final int strongReasons;
    /** Ordinary queries, before any suspicious one, that rule a flow out. */
    private final int ordinaryQueries;

    DnsTunnelSignature(SignatureConfig config) {
        this.config = config;
        this.suspiciousQueries = config.dnsSuspiciousQueries();
        this.strongReasons = config.dnsStrongReasons();
        this.ordinaryQueries = config.dnsOrdinaryQueries();
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
        int reasons = DnsTunnelQuery.reasons(p, nameEnd, config);
        int count = s.get(id(), COUNT);
        if (reasons == 0) {
            if (count > 0) {
                return Verdict.NEED_MORE;
            }
            int ordinary = s.get(id(), ORDINARY) + 1;
            s.set(id(), ORDINARY, ordinary);
            return ordinary >= ordinaryQueries ? Verdict.NO_MATCH : Verdict.NEED_MORE;
        }
        int domain = DnsTunnelQuery.baseDomainHash(p);
        if (count > 0 && domain != s.get(id(), DOMAIN)) {
            return Verdict.NEED_MORE;
        }
        s.set(id(), COUNT, ++count);
        s.set(id(), DOMAIN, domain);
        s.set(id(), REASONS, s.get(id(), REASONS) | reasons);
        boolean strong = DnsTunnelQuery.strongReasons(reasons) >= strongReasons;
        return strong || count >= suspiciousQueries ? Verdict.MATCH : Verdict.NEED_MORE;
    }

    static boolean isIodineRaw(ByteBuffer p) {
        int cmd = Bytes.u8(p, RAW_HEADER.length) >>> 4;
        return Bytes.u8(p, 0) == RAW_HEADER[0] && Bytes.u8(p, 1) == RAW_HEADER[1] && Bytes.u8(p, 2) == RAW_HEADER[2]
                && cmd >= RAW_CMD_FIRST && cmd <= RAW_CMD_LAST;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        if (isIodineRaw(p)) {
            out.put(MetadataKey.NOTE, "iodine raw-mode UDP header 10 D1 9E");
            return;
        }
        if (!out.isEmpty()) {
            return; // the first tunnel query gave the domain and the reasons; later ones repeat them
        }
        int nameEnd = DnsWire.skipName(p, DnsWire.HEADER);
        int flags = DnsWire.flags(p, 0);
        if (nameEnd < 0 || nameEnd + 2 > p.limit() || flags < 0 || DnsWire.isResponse(flags) || DnsTunnelQuery.reasons(p, nameEnd, config) == 0) {
            return;
        }
        out.put(MetadataKey.DNS_QUERY, DnsTunnelQuery.baseDomain(p, config));
        DnsTunnelQuery.notes(p, nameEnd, s.get(id(), REASONS) | DnsTunnelQuery.reasons(p, nameEnd, config), config, out);
    }
}
