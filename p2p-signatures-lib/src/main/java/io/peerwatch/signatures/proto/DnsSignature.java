package io.peerwatch.signatures.proto;

import io.peerwatch.core.IpProtocol;
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
 * DNS (benign recogniser; also mDNS and LLMNR, which share the format): a well-formed message
 * (RFC 1035 §4.1) as the flow's first payload, on UDP or, behind a 2-byte length, on TCP
 * (RFC 1035 §4.2.2). Checks: known opcode (query 0, status 2, notify 4, update 5), reserved
 * Z bit clear, section counts that fit the payload (a question needs at least 5 bytes, a
 * record 11), and a first question (or, for answer-only mDNS announcements, a first record)
 * whose name parses and whose class is IN, CH, HS, NONE or ANY (top bit = mDNS flag).
 *
 * <p>Listed after DNS_TUNNEL, which rules out ordinary queries at their first packet.
 *
 * <p>Evidence: {@link MetadataKey#DNS_QUERY} = the first question's name.
 */
final class DnsSignature implements Signature {

    static final DnsSignature INSTANCE = new DnsSignature();

    private static final int TCP_PREFIX = 2;
    private static final int MIN_QUESTION = 5;
    private static final int MIN_RECORD = 11;
    private static final int OP_QUERY = 0;
    private static final int OP_STATUS = 2;
    private static final int OP_NOTIFY = 4;
    private static final int OP_UPDATE = 5;
    private static final int CLASS_MASK = 0x7FFF;
    private static final int CLASS_IN = 1;
    private static final int CLASS_CH = 3;
    private static final int CLASS_HS = 4;
    private static final int CLASS_NONE = 254;
    private static final int CLASS_ANY = 255;

    private DnsSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.DNS;
    }

    @Override
    public Selection selection() {
        return Selection.TCP_OR_UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (s.payloadPackets() > 0) {
            return Verdict.NO_MATCH;
        }
        return questionName(p, s) >= 0 ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    /** Offset of the first question's (or record's) name when the message is well formed, else -1. */
    private static int questionName(ByteBuffer p, FlowScratch s) {
        int base = 0;
        if (s.ipProtocol() == IpProtocol.TCP) {
            base = TCP_PREFIX;
            if (Bytes.u16be(p, 0) < DnsWire.HEADER + MIN_QUESTION || Bytes.u16be(p, 0) < p.limit() - TCP_PREFIX) {
                return -1;
            }
        }
        int flags = DnsWire.flags(p, base);
        int op = DnsWire.opcode(flags);
        if (flags < 0 || DnsWire.reservedBitSet(flags)
                || (op != OP_QUERY && op != OP_STATUS && op != OP_NOTIFY && op != OP_UPDATE)) {
            return -1;
        }
        int qd = Bytes.u16be(p, base + 4);
        int records = Bytes.u16be(p, base + 6) + Bytes.u16be(p, base + 8) + Bytes.u16be(p, base + 10);
        boolean announcement = qd == 0 && DnsWire.isResponse(flags) && Bytes.u16be(p, base + 6) > 0;
        if (records < 0 || (qd == 0 && !announcement)
                || (long) qd * MIN_QUESTION + (long) records * MIN_RECORD > p.limit() - base - DnsWire.HEADER) {
            return -1;
        }
        int name = base + DnsWire.HEADER;
        int end = DnsWire.skipName(p, name);
        int type = Bytes.u16be(p, end);
        int cls = Bytes.u16be(p, end + 2) & CLASS_MASK;
        boolean classOk = cls == CLASS_IN || cls == CLASS_CH || cls == CLASS_HS || cls == CLASS_NONE || cls == CLASS_ANY;
        return end > 0 && type > 0 && Bytes.u16be(p, end + 2) >= 0 && classOk ? name : -1;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        int name = questionName(p, s);
        if (name >= 0) {
            out.put(MetadataKey.DNS_QUERY, DnsWire.name(p, name));
        }
    }
}
