package io.peerwatch.cli.samples;

/**
 * One connection of the sample flow scenario, as Zeek's {@code conn.log} describes it (fields of
 * the same names): originator and responder, transport, duration, packets and IP-level bytes each
 * way, connection state and history. {@link NetflowV9Export} turns it into the two
 * unidirectional records a NetFlow exporter sends.
 */
record Conn(long startMs, long durationMs, Ip orig, int origPort, Ip resp, int respPort, int proto, String service,
        long origPkts, long origIpBytes, long respPkts, long respIpBytes, String state, String history) {

    long endMs() {
        return startMs + durationMs;
    }

    /** Payload bytes of one side: IP bytes less the IP and transport headers of its packets. */
    static long payload(int proto, long pkts, long ipBytes) {
        long header = 20 + (proto == Frames.PROTO_TCP ? 20 : 8);
        return Math.max(0, ipBytes - pkts * header);
    }

    /** TCP flags seen from the originator (NetFlow's cumulative OR), from the history. */
    int origFlags() {
        return flags(true);
    }

    /** TCP flags seen from the responder. */
    int respFlags() {
        return flags(false);
    }

    private int flags(boolean originator) {
        if (proto != Frames.PROTO_TCP) {
            return 0;
        }
        int f = 0;
        for (char c : history.toCharArray()) {
            if (Character.isUpperCase(c) != originator) {
                continue;
            }
            f |= switch (Character.toLowerCase(c)) {
                case 's' -> Frames.SYN;
                case 'h' -> Frames.SYN | Frames.ACK;
                case 'a' -> Frames.ACK;
                case 'd' -> Frames.ACK | Frames.PSH;
                case 'f' -> Frames.FIN | Frames.ACK;
                case 'r' -> 0x04 | Frames.ACK;
                default -> 0;
            };
        }
        return f;
    }
}
