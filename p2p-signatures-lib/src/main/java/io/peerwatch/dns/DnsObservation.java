package io.peerwatch.dns;

import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.IpPacket;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One DNS query or response as the DNS-tunnel judgement needs it: who asked (the client, the end
 * not on port 53, whether it talks to a recursive resolver or straight to a server), the question
 * (name, type), and for responses the result code, the answer count and the message size. Made
 * from any packet ({@link #of}) by the job's packet pipeline and by {@code classify}.
 *
 * <p>Message layout: RFC 1035 §4.1 (header {@code id flags qdcount ancount nscount arcount},
 * then the question: labels, QTYPE, QCLASS); over TCP a two-byte length comes first (§4.2.2).
 * Only messages with exactly one question and opcode QUERY are observed (RFC 1035 §4.1.1); the
 * question name is kept byte for byte (one {@code char} per byte, ISO 8859-1), its labels joined
 * with dots, because tunnels put binary bytes into labels.
 *
 * @param timeMs capture time, epoch milliseconds
 * @param client the asking side
 * @param server the answering side (a recursive resolver or an authoritative server)
 * @param response true for a response, false for a query
 * @param qname the question name, labels joined by dots, one char per byte
 * @param qtype the question type (RFC 1035 §3.2.2; NULL 10, TXT 16, private use 65280-65534)
 * @param rcode the response code (RFC 1035 §4.1.1; 3 = NXDOMAIN), 0 for queries
 * @param answers the answer count of a response, 0 for queries
 * @param messageBytes the DNS message's size on the wire (the transport payload)
 * @param domain the registered domain of {@code qname} ({@link PublicSuffixList#registeredDomain})
 */
public record DnsObservation(long timeMs, IpAddress client, IpAddress server, boolean response, String qname, int qtype,
        int rcode, int answers, int messageBytes, String domain) {

    /** The DNS port (RFC 1035 §4.2). */
    public static final int PORT = 53;
    /** Response code NXDOMAIN (RFC 1035 §4.1.1, "Name Error"). */
    public static final int NXDOMAIN = 3;

    private static final int HEADER = 12;
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 255;
    private static final int TCP_LENGTH = 2;
    private static final int QR = 0x8000;
    private static final int OPCODE_SHIFT = 11;
    private static final int OPCODE_MASK = 0xF;
    private static final int RCODE_MASK = 0xF;
    private static final int MAX_FIELD = 0xffff;

    public DnsObservation {
        if (client == null || server == null || qname == null || domain == null) {
            throw new IllegalArgumentException("DNS observation fields must not be null");
        }
        if (qtype < 0 || qtype > MAX_FIELD || rcode < 0 || rcode > MAX_FIELD || answers < 0 || answers > MAX_FIELD
                || messageBytes < 0) {
            throw new IllegalArgumentException("DNS observation field out of range: type " + qtype + ", rcode " + rcode
                    + ", answers " + answers + ", bytes " + messageBytes);
        }
    }

    /** True when the packet could carry DNS: UDP or TCP with port 53 at one end (cheap test, no parsing). */
    public static boolean isCandidate(IpPacket p) {
        int proto = p.ipProtocol();
        return (proto == IpProtocol.UDP || proto == IpProtocol.TCP) && (p.srcPort() == PORT || p.dstPort() == PORT);
    }

    /**
     * The DNS message of a packet, if it carries one with one question.
     *
     * @param p the packet's headers
     * @param payload the transport payload from index 0 to its limit (what was captured of it)
     * @param timeMs capture time
     * @param psl names the registered domain
     */
    public static Optional<DnsObservation> of(IpPacket p, ByteBuffer payload, long timeMs, PublicSuffixList psl) {
        if (!isCandidate(p)) {
            return Optional.empty();
        }
        int base = p.ipProtocol() == IpProtocol.TCP ? TCP_LENGTH : 0;
        int n = payload.limit();
        if (n < base + HEADER + 1 + 4) {
            return Optional.empty();
        }
        int flags = u16(payload, base + 2);
        if (u16(payload, base + 4) != 1 || ((flags >>> OPCODE_SHIFT) & OPCODE_MASK) != 0) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder();
        int off = base + HEADER;
        int total = 0;
        while (true) {
            if (off >= n) {
                return Optional.empty();
            }
            int len = payload.get(off) & 0xff;
            if (len == 0) {
                off++;
                break;
            }
            if (len > MAX_LABEL || off + 1 + len > n || (total += len + 1) > MAX_NAME) {
                return Optional.empty(); // compression in a question, oversize or cut: not a usable question
            }
            if (name.length() > 0) {
                name.append('.');
            }
            for (int i = off + 1; i <= off + len; i++) {
                name.append((char) (payload.get(i) & 0xff));
            }
            off += 1 + len;
        }
        if (off + 4 > n || name.length() == 0) {
            return Optional.empty();
        }
        boolean response = (flags & QR) != 0;
        boolean fromServer = p.srcPort() == PORT && (p.dstPort() != PORT || response);
        IpAddress src = DecodedPacket.address(p.ipVersion(), p.srcHi(), p.srcLo());
        IpAddress dst = DecodedPacket.address(p.ipVersion(), p.dstHi(), p.dstLo());
        String qname = name.toString();
        return Optional.of(new DnsObservation(timeMs, fromServer ? dst : src, fromServer ? src : dst, response, qname,
                u16(payload, off), response ? flags & RCODE_MASK : 0, response ? u16(payload, base + 6) : 0,
                Math.max(0, p.wirePayloadLength() - base), psl.registeredDomain(qname)));
    }

    /** The question name without its registered domain (the labels the asker chose), "" when none. */
    public String prefix() {
        int cut = qname.length() - domain.length() - 1;
        return cut > 0 ? qname.substring(0, cut) : "";
    }

    private static int u16(ByteBuffer b, int off) {
        return ((b.get(off) & 0xff) << 8) | (b.get(off + 1) & 0xff);
    }
}
