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
 * <p>mDNS (RFC 6762) and LLMNR (RFC 4795) use the DNS message format unchanged, so they are
 * labelled DNS; a {@link MetadataKey#NOTE} names the variant when the flow uses its IANA port
 * (5353, 5355). NetBIOS Name Service (RFC 1002 §4.2) borrows the header layout but is a
 * different protocol with its own opcodes (registration, release, refresh): a first name that
 * is a single 32-byte label in NetBIOS first-level encoding (RFC 1001 §14.1, letters
 * {@code A}..{@code P}) with type NB or NBSTAT is NetBIOS, and this signature does not match it.
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
    /** NetBIOS first-level encoded name: one label of 32 letters A..P (RFC 1001 §14.1). */
    private static final int NETBIOS_LABEL = 32;
    private static final int TYPE_NB = 0x20;
    private static final int TYPE_NBSTAT = 0x21;
    private static final int MDNS_PORT = 5353;
    private static final int LLMNR_PORT = 5355;

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
        return end > 0 && type > 0 && Bytes.u16be(p, end + 2) >= 0 && classOk && !isNetBiosName(p, name, type)
                ? name : -1;
    }

    /** True for a NetBIOS name-service name: one 32-letter A..P label (then scope labels), type NB/NBSTAT. */
    private static boolean isNetBiosName(ByteBuffer p, int name, int type) {
        if ((type != TYPE_NB && type != TYPE_NBSTAT) || Bytes.u8(p, name) != NETBIOS_LABEL) {
            return false;
        }
        for (int i = name + 1; i <= name + NETBIOS_LABEL; i++) {
            int c = Bytes.u8(p, i);
            if (c < 'A' || c > 'P') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        int name = questionName(p, s);
        if (name >= 0) {
            out.put(MetadataKey.DNS_QUERY, DnsWire.name(p, name));
        }
        if (s.ipProtocol() == IpProtocol.UDP && (s.serverPort() == MDNS_PORT || s.clientPort() == MDNS_PORT)) {
            out.put(MetadataKey.NOTE, "mDNS (RFC 6762)");
        } else if (s.ipProtocol() == IpProtocol.UDP && s.serverPort() == LLMNR_PORT) {
            out.put(MetadataKey.NOTE, "LLMNR (RFC 4795)");
        }
    }
}
