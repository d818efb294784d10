package io.peerwatch.flowfile;

import io.peerwatch.core.Counters;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.detect.ConnOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Zeek {@code conn.log} record: a bidirectional connection summary, with the connection state
 * and history that flow records lack.
 *
 * @param uid Zeek's connection uid (empty string when absent)
 * @param startMs {@code ts}, epoch ms
 * @param durationMs {@code duration} in ms (0 when unset)
 * @param orig originator address ({@code id.orig_h})
 * @param origPort originator port; for ICMP the ICMP type
 * @param resp responder address ({@code id.resp_h})
 * @param respPort responder port; for ICMP the ICMP code
 * @param ipProtocol IANA protocol number from {@code proto} (0 for {@code unknown_transport})
 * @param service Zeek's protocol detection ({@code service}), if any
 * @param origPackets {@code orig_pkts} (0 when unset)
 * @param origBytes IP-level bytes sent by the originator ({@code orig_ip_bytes}, else {@code orig_bytes})
 * @param respPackets {@code resp_pkts}
 * @param respBytes IP-level bytes sent by the responder ({@code resp_ip_bytes}, else {@code resp_bytes})
 * @param connState {@code conn_state} (S0, SF, REJ ...), if set
 * @param history {@code history} letters, if set
 */
public record ZeekConn(
        String uid,
        long startMs,
        long durationMs,
        IpAddress orig,
        int origPort,
        IpAddress resp,
        int respPort,
        int ipProtocol,
        Optional<String> service,
        long origPackets,
        long origBytes,
        long respPackets,
        long respBytes,
        Optional<String> connState,
        Optional<String> history) {

    private static final int SYN = 0x02;
    private static final int FIN = 0x01;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int ICMPV6_ECHO_REQUEST = 128;
    private static final int ICMPV6_ECHO_REPLY = 129;

    public ZeekConn {
        if (uid == null || orig == null || resp == null || service == null || connState == null || history == null) {
            throw new IllegalArgumentException("conn record fields must not be null");
        }
        if (durationMs < 0) {
            throw new IllegalArgumentException("negative duration in conn record " + uid);
        }
        Counters.check("orig_pkts", origPackets);
        Counters.check("orig bytes", origBytes);
        Counters.check("resp_pkts", respPackets);
        Counters.check("resp bytes", respBytes);
    }

    /** The outcome Zeek's {@code conn_state} states. */
    public ConnOutcome outcome() {
        return ConnOutcome.ofZeekConnState(connState.orElse(null));
    }

    /**
     * The connection as unidirectional flow records, the way a NetFlow exporter would have seen it:
     * originator to responder, and responder to originator when the responder sent packets (the
     * originator's record is also kept when neither side counted any packet, so the attempt is not
     * lost). TCP flags are rebuilt from {@code history} (upper case = originator: S syn, H syn-ack,
     * A ack, D data (PSH), F fin, R rst; lower case = responder), so failed-connection evidence
     * (a SYN never followed by an ACK) survives in plain flow records. ICMP type/code go to the
     * destination port as type*256+code, as NetFlow does.
     */
    public List<FlowRecord> toFlows() {
        List<FlowRecord> out = new ArrayList<>(2);
        boolean icmp = ipProtocol == IpProtocol.ICMP || ipProtocol == IpProtocol.ICMPV6;
        long end = startMs + durationMs;
        if (origPackets > 0 || respPackets == 0) {
            out.add(flow(orig, icmp ? 0 : origPort, resp, icmp ? (origPort << 8) | respPort : respPort,
                    flags(true), origPackets, origBytes, end));
        }
        if (respPackets > 0) {
            out.add(flow(resp, icmp ? 0 : respPort, orig, icmp ? replyTypeCode() : origPort, flags(false),
                    respPackets, respBytes, end));
        }
        return out;
    }

    private int replyTypeCode() {
        if (origPort == ICMP_ECHO_REQUEST) {
            return 0;
        }
        if (origPort == ICMPV6_ECHO_REQUEST) {
            return ICMPV6_ECHO_REPLY << 8;
        }
        return (origPort << 8) | respPort;
    }

    private FlowRecord flow(IpAddress src, int srcPort, IpAddress dst, int dstPort, int flags, long packets,
            long bytes, long end) {
        return FlowRecord.builder().time(startMs, end).src(src, srcPort & 0xffff).dst(dst, dstPort & 0xffff)
                .ipProtocol(ipProtocol).tcpFlags(flags).counters(packets, bytes)
                .sourceKind(FlowSourceKind.ZEEK_CONN).build();
    }

    private int flags(boolean originator) {
        if (ipProtocol != IpProtocol.TCP || history.isEmpty()) {
            return 0;
        }
        int f = 0;
        for (char c : history.get().toCharArray()) {
            boolean upper = Character.isUpperCase(c);
            if (upper != originator) {
                continue;
            }
            f |= switch (Character.toUpperCase(c)) {
                case 'S' -> SYN;
                case 'H' -> SYN | ACK;
                case 'A' -> ACK;
                case 'D' -> PSH;
                case 'F' -> FIN;
                case 'R' -> RST;
                default -> 0;
            };
        }
        return f;
    }
}
