package io.peerwatch.core;

import java.util.Optional;

/**
 * One flow record, as a router exports it (NetFlow v5/v9, IPFIX) or as PeerWatch summarises a
 * flow it saw in packets: the library's own type, free of Avro.
 *
 * <p>Records are unidirectional, as in NetFlow: {@code src} sent {@code packets}/{@code bytes} to
 * {@code dst}. Counters are already multiplied by {@code samplingRate} when a decoder applies
 * sampling. Build instances with {@link #builder()}.
 *
 * @param exporter address of the exporting device, if known
 * @param observationDomain NetFlow v9 source id / IPFIX observation domain id (0 when none)
 * @param startMs flow start, epoch milliseconds
 * @param endMs flow end, epoch milliseconds, never before {@code startMs}
 * @param src source address
 * @param dst destination address, same family as {@code src}
 * @param srcPort source port, 0..65535 (0 for protocols without ports)
 * @param dstPort destination port, 0..65535 (ICMP type*256+code as NetFlow does)
 * @param ipProtocol IANA protocol number ({@link IpProtocol})
 * @param tcpFlags cumulative OR of TCP flags (0 when not TCP or unknown)
 * @param packets packet count, at least 0
 * @param bytes layer-3 byte count, at least 0
 * @param inputInterface SNMP ifIndex of the input interface (0 when unknown)
 * @param outputInterface SNMP ifIndex of the output interface (0 when unknown)
 * @param direction ingress/egress as exported, or {@link FlowDirection#UNKNOWN}
 * @param samplingRate 1 for unsampled flows, N for 1-in-N sampling
 * @param sourceKind where the record came from
 */
public record FlowRecord(
        Optional<IpAddress> exporter,
        long observationDomain,
        long startMs,
        long endMs,
        IpAddress src,
        IpAddress dst,
        int srcPort,
        int dstPort,
        int ipProtocol,
        int tcpFlags,
        long packets,
        long bytes,
        int inputInterface,
        int outputInterface,
        FlowDirection direction,
        int samplingRate,
        FlowSourceKind sourceKind) {

    /**
     * Checks the fields: ports 0..65535, protocol 0..255, counters plausible
     * ({@link Counters#check}), end not before start, sampling rate at least 1.
     *
     * @param exporter address of the exporting device, if known
     * @param observationDomain NetFlow v9 source id / IPFIX observation domain id (0 when none)
     * @param startMs flow start, epoch milliseconds
     * @param endMs flow end, epoch milliseconds, never before {@code startMs}
     * @param src source address
     * @param dst destination address, same family as {@code src}
     * @param srcPort source port, 0..65535 (0 for protocols without ports)
     * @param dstPort destination port, 0..65535 (ICMP type*256+code as NetFlow does)
     * @param ipProtocol IANA protocol number ({@link IpProtocol})
     * @param tcpFlags cumulative OR of TCP flags (0 when not TCP or unknown)
     * @param packets packet count, at least 0
     * @param bytes layer-3 byte count, at least 0
     * @param inputInterface SNMP ifIndex of the input interface (0 when unknown)
     * @param outputInterface SNMP ifIndex of the output interface (0 when unknown)
     * @param direction ingress/egress as exported, or {@link FlowDirection#UNKNOWN}
     * @param samplingRate 1 for unsampled flows, N for 1-in-N sampling
     * @param sourceKind where the record came from
     * @throws IllegalArgumentException naming the field that is null or out of range
     */
    public FlowRecord {
        if (exporter == null || src == null || dst == null || direction == null || sourceKind == null) {
            throw new IllegalArgumentException("flow record fields must not be null");
        }
        if (src.length() != dst.length()) {
            throw new IllegalArgumentException("source and destination address families differ: " + src + " / " + dst);
        }
        checkPort("source port", srcPort);
        checkPort("destination port", dstPort);
        if (ipProtocol < 0 || ipProtocol > 255) {
            throw new IllegalArgumentException("IP protocol out of 0..255: " + ipProtocol);
        }
        Counters.check("packet count", packets);
        Counters.check("byte count", bytes);
        if (endMs < startMs) {
            throw new IllegalArgumentException("flow ends (" + endMs + ") before it starts (" + startMs + ")");
        }
        if (samplingRate < 1) {
            throw new IllegalArgumentException("sampling rate must be at least 1: " + samplingRate);
        }
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException(what + " out of 0..65535: " + port);
        }
    }

    /** {@return flow duration in milliseconds} */
    public long durationMs() {
        return endMs - startMs;
    }

    /** {@return a builder with neutral defaults (unknown exporter and interfaces, unsampled)} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this record's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.exporter = exporter;
        b.observationDomain = observationDomain;
        b.startMs = startMs;
        b.endMs = endMs;
        b.src = src;
        b.dst = dst;
        b.srcPort = srcPort;
        b.dstPort = dstPort;
        b.ipProtocol = ipProtocol;
        b.tcpFlags = tcpFlags;
        b.packets = packets;
        b.bytes = bytes;
        b.inputInterface = inputInterface;
        b.outputInterface = outputInterface;
        b.direction = direction;
        b.samplingRate = samplingRate;
        b.sourceKind = sourceKind;
        return b;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Optional<IpAddress> exporter = Optional.empty();
        private long observationDomain;
        private long startMs;
        private long endMs;
        private IpAddress src;
        private IpAddress dst;
        private int srcPort;
        private int dstPort;
        private int ipProtocol;
        private int tcpFlags;
        private long packets;
        private long bytes;
        private int inputInterface;
        private int outputInterface;
        private FlowDirection direction = FlowDirection.UNKNOWN;
        private int samplingRate = 1;
        private FlowSourceKind sourceKind = FlowSourceKind.UNKNOWN;

        private Builder() {
        }

        /**
         * Sets the exporting device.
         *
         * @param v its address; {@code null} when unknown
         * @return this builder
         */
        public Builder exporter(IpAddress v) {
            exporter = Optional.ofNullable(v);
            return this;
        }

        /**
         * Sets the observation domain.
         *
         * @param v NetFlow v9 source id / IPFIX observation domain id (0 when none)
         * @return this builder
         */
        public Builder observationDomain(long v) {
            observationDomain = v;
            return this;
        }

        /**
         * Sets start and end.
         *
         * @param startMillis flow start, epoch milliseconds
         * @param endMillis flow end, epoch milliseconds, not before {@code startMillis}
         * @return this builder
         */
        public Builder time(long startMillis, long endMillis) {
            startMs = startMillis;
            endMs = endMillis;
            return this;
        }

        /**
         * Sets the source.
         *
         * @param address source address
         * @param port source port, 0..65535 (0 for protocols without ports)
         * @return this builder
         */
        public Builder src(IpAddress address, int port) {
            src = address;
            srcPort = port;
            return this;
        }

        /**
         * Sets the destination.
         *
         * @param address destination address, same family as the source
         * @param port destination port, 0..65535 (ICMP type*256+code as NetFlow does)
         * @return this builder
         */
        public Builder dst(IpAddress address, int port) {
            dst = address;
            dstPort = port;
            return this;
        }

        /**
         * Sets the IP protocol.
         *
         * @param v IANA protocol number, 0..255 ({@link IpProtocol})
         * @return this builder
         */
        public Builder ipProtocol(int v) {
            ipProtocol = v;
            return this;
        }

        /**
         * Sets the TCP flags.
         *
         * @param v cumulative OR of TCP flags (0 when not TCP or unknown)
         * @return this builder
         */
        public Builder tcpFlags(int v) {
            tcpFlags = v;
            return this;
        }

        /**
         * Sets packet and byte counters.
         *
         * @param packetCount packet count, 0 to {@link Counters#maxPlausible()}
         * @param byteCount layer-3 byte count, 0 to {@link Counters#maxPlausible()}
         * @return this builder
         */
        public Builder counters(long packetCount, long byteCount) {
            packets = packetCount;
            bytes = byteCount;
            return this;
        }

        /**
         * Sets the interfaces.
         *
         * @param input SNMP ifIndex of the input interface (0 when unknown)
         * @param output SNMP ifIndex of the output interface (0 when unknown)
         * @return this builder
         */
        public Builder interfaces(int input, int output) {
            inputInterface = input;
            outputInterface = output;
            return this;
        }

        /**
         * Sets the direction.
         *
         * @param v ingress/egress as exported, or {@link FlowDirection#UNKNOWN}
         * @return this builder
         */
        public Builder direction(FlowDirection v) {
            direction = v;
            return this;
        }

        /**
         * Sets the sampling rate.
         *
         * @param v 1 for unsampled flows, N for 1-in-N sampling
         * @return this builder
         */
        public Builder samplingRate(int v) {
            samplingRate = v;
            return this;
        }

        /**
         * Sets where the record came from.
         *
         * @param v the kind of source
         * @return this builder
         */
        public Builder sourceKind(FlowSourceKind v) {
            sourceKind = v;
            return this;
        }

        /**
         * {@return the record}
         *
         * @throws IllegalArgumentException when a field is missing or out of range
         */
        public FlowRecord build() {
            return new FlowRecord(exporter, observationDomain, startMs, endMs, src, dst, srcPort, dstPort,
                    ipProtocol, tcpFlags, packets, bytes, inputInterface, outputInterface, direction,
                    samplingRate, sourceKind);
        }
    }
}
