package io.peerwatch.netflow;

/**
 * What PeerWatch does with each information element it understands: a compact slot number per
 * element, fixed when a template is parsed so that data records are decoded by table lookup.
 *
 * <p>Element ids are IANA's IPFIX registry (https://www.iana.org/assignments/ipfix), which keeps
 * NetFlow v9's field types 1..127 (RFC 3954 §8) under the same numbers.
 */
final class Slot {
    static final int SKIP = -1;
    static final int SRC4 = 0;
    static final int DST4 = 1;
    static final int SRC6 = 2;
    static final int DST6 = 3;
    static final int SRC_PORT = 4;
    static final int DST_PORT = 5;
    static final int PROTOCOL = 6;
    static final int TCP_FLAGS = 7;
    static final int OCTET_DELTA = 8;
    static final int PACKET_DELTA = 9;
    static final int OCTET_TOTAL = 10;
    static final int PACKET_TOTAL = 11;
    static final int INPUT_IF = 12;
    static final int OUTPUT_IF = 13;
    static final int DIRECTION = 14;
    static final int ICMP_TYPE_CODE = 15;
    static final int ICMP_TYPE = 16;
    static final int ICMP_CODE = 17;
    static final int START_UPTIME = 18;
    static final int END_UPTIME = 19;
    static final int START_SECONDS = 20;
    static final int END_SECONDS = 21;
    static final int START_MILLIS = 22;
    static final int END_MILLIS = 23;
    static final int START_NTP = 24;
    static final int END_NTP = 25;
    static final int START_DELTA_MICROS = 26;
    static final int END_DELTA_MICROS = 27;
    static final int DURATION_MILLIS = 28;
    static final int DURATION_MICROS = 29;
    static final int SAMPLING_INTERVAL = 30;
    static final int SAMPLER_ID = 31;
    static final int SAMPLER_RANDOM_INTERVAL = 32;
    static final int SELECTOR_ID = 33;
    static final int PACKET_INTERVAL = 34;
    static final int PACKET_SPACE = 35;
    static final int SAMPLING_SIZE = 36;
    static final int SAMPLING_POPULATION = 37;
    static final int SYSTEM_INIT_MILLIS = 38;
    /** RFC 5103 reverse elements of a bidirectional record, and NSEL's initiator/responder counters. */
    static final int REV_OCTET_DELTA = 39;
    static final int REV_PACKET_DELTA = 40;
    static final int REV_OCTET_TOTAL = 41;
    static final int REV_PACKET_TOTAL = 42;
    static final int REV_TCP_FLAGS = 43;
    static final int INITIATOR_OCTETS = 44;
    static final int RESPONDER_OCTETS = 45;
    static final int INITIATOR_PACKETS = 46;
    static final int RESPONDER_PACKETS = 47;
    static final int COUNT = 48;

    /**
     * The Private Enterprise Number of RFC 5103's reverse information elements: element N with
     * this PEN is element N of the flow's reverse direction.
     */
    static final long REVERSE_PEN = 29305;

    private Slot() {
    }

    /**
     * The slot of element {@code ie} sent in {@code length} bytes, or {@link #SKIP} when PeerWatch
     * does not use it or the length is not a valid encoding of it (addresses and NTP timestamps have
     * fixed sizes; numbers may be sent in 1..8 bytes, RFC 7011 §6.2 reduced-size encoding).
     */
    static int of(int ie, int length) {
        int slot = byElement(ie);
        if (slot == SKIP) {
            return SKIP;
        }
        return switch (slot) {
            case SRC4, DST4 -> length == 4 ? slot : SKIP;
            case SRC6, DST6 -> length == 16 ? slot : SKIP;
            case START_NTP, END_NTP -> length == 8 ? slot : SKIP;
            default -> length >= 1 && length <= 8 ? slot : SKIP;
        };
    }

    /**
     * The slot of reverse element {@code ie} (RFC 5103: enterprise bit, PEN {@link #REVERSE_PEN})
     * sent in {@code length} bytes, or {@link #SKIP}: the reverse direction's counters and TCP flags.
     */
    static int ofReverse(int ie, int length) {
        int slot = switch (ie) {
            case 1 -> REV_OCTET_DELTA;      // reverseOctetDeltaCount
            case 2 -> REV_PACKET_DELTA;     // reversePacketDeltaCount
            case 6 -> REV_TCP_FLAGS;        // reverseTcpControlBits
            case 85 -> REV_OCTET_TOTAL;     // reverseOctetTotalCount
            case 86 -> REV_PACKET_TOTAL;    // reversePacketTotalCount
            default -> SKIP;
        };
        return slot != SKIP && length >= 1 && length <= 8 ? slot : SKIP;
    }

    private static int byElement(int ie) {
        return switch (ie) {
            case 1 -> OCTET_DELTA;          // octetDeltaCount / IN_BYTES
            case 2 -> PACKET_DELTA;         // packetDeltaCount / IN_PKTS
            case 4 -> PROTOCOL;             // protocolIdentifier
            case 6 -> TCP_FLAGS;            // tcpControlBits
            case 7 -> SRC_PORT;             // sourceTransportPort
            case 8 -> SRC4;                 // sourceIPv4Address
            case 10 -> INPUT_IF;            // ingressInterface
            case 11 -> DST_PORT;            // destinationTransportPort
            case 12 -> DST4;                // destinationIPv4Address
            case 14 -> OUTPUT_IF;           // egressInterface
            case 21 -> END_UPTIME;          // flowEndSysUpTime / LAST_SWITCHED
            case 22 -> START_UPTIME;        // flowStartSysUpTime / FIRST_SWITCHED
            case 27 -> SRC6;                // sourceIPv6Address
            case 28 -> DST6;                // destinationIPv6Address
            case 32, 139 -> ICMP_TYPE_CODE; // icmpTypeCodeIPv4 / icmpTypeCodeIPv6
            case 34 -> SAMPLING_INTERVAL;   // samplingInterval / SAMPLING_INTERVAL
            case 48 -> SAMPLER_ID;          // samplerId / FLOW_SAMPLER_ID
            case 50 -> SAMPLER_RANDOM_INTERVAL; // samplerRandomInterval / FLOW_SAMPLER_RANDOM_INTERVAL
            case 61 -> DIRECTION;           // flowDirection
            case 85 -> OCTET_TOTAL;         // octetTotalCount
            case 86 -> PACKET_TOTAL;        // packetTotalCount
            case 150 -> START_SECONDS;      // flowStartSeconds
            case 151 -> END_SECONDS;        // flowEndSeconds
            case 152 -> START_MILLIS;       // flowStartMilliseconds
            case 153 -> END_MILLIS;         // flowEndMilliseconds
            case 154, 156 -> START_NTP;     // flowStartMicroseconds / flowStartNanoseconds
            case 155, 157 -> END_NTP;       // flowEndMicroseconds / flowEndNanoseconds
            case 158 -> START_DELTA_MICROS; // flowStartDeltaMicroseconds
            case 159 -> END_DELTA_MICROS;   // flowEndDeltaMicroseconds
            case 160 -> SYSTEM_INIT_MILLIS; // systemInitTimeMilliseconds
            case 161 -> DURATION_MILLIS;    // flowDurationMilliseconds
            case 162 -> DURATION_MICROS;    // flowDurationMicroseconds
            case 176, 178 -> ICMP_TYPE;     // icmpTypeIPv4 / icmpTypeIPv6
            case 177, 179 -> ICMP_CODE;     // icmpCodeIPv4 / icmpCodeIPv6
            case 231 -> INITIATOR_OCTETS;   // initiatorOctets (Cisco ASA NSEL, biflows)
            case 232 -> RESPONDER_OCTETS;   // responderOctets
            case 298 -> INITIATOR_PACKETS;  // initiatorPackets
            case 299 -> RESPONDER_PACKETS;  // responderPackets
            case 302 -> SELECTOR_ID;        // selectorId
            case 305 -> PACKET_INTERVAL;    // samplingPacketInterval
            case 306 -> PACKET_SPACE;       // samplingPacketSpace
            case 309 -> SAMPLING_SIZE;      // samplingSize
            case 310 -> SAMPLING_POPULATION; // samplingPopulation
            default -> SKIP;
        };
    }
}
