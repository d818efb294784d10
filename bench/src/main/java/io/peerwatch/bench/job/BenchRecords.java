package io.peerwatch.bench.job;

import io.peerwatch.core.FlowSummary;
import io.peerwatch.core.IpAddress;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import io.peerwatch.proxy.ProxyEntry;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.FlowRecord;
import io.peerwatch.schemas.PacketDirection;
import io.peerwatch.schemas.PacketEvent;
import io.peerwatch.schemas.ProxyRecord;
import io.peerwatch.schemas.codec.AvroCodec;
import io.peerwatch.sensor.SensorAvro;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The only class of the job benchmark that uses PeerWatch's own code: the library's readers for
 * the lab corpus (flow files, Squid logs, pcaps) and the Avro encoding of its values as the sensors
 * write them (today {@code io.peerwatch.sensor.SensorAvro} and
 * {@code io.peerwatch.schemas.codec.AvroCodec}), plus decoding the job's {@code Alert}s. Everything
 * else in {@code io.peerwatch.bench.job} sees {@link Template}s, byte arrays and numbers, so
 * running the benchmark from a restructured tree means porting this one file.
 */
final class BenchRecords {

    /** Payload bytes per packet event: the packet sensor's default ({@code PacketSensorConfig}). */
    static final int PACKET_PAYLOAD_PREFIX = 512;

    private static final ThreadLocal<AvroCodec<FlowRecord>> FLOW_CODEC =
            ThreadLocal.withInitial(() -> AvroCodec.of(FlowRecord.class));
    private static final ThreadLocal<AvroCodec<ProxyRecord>> PROXY_CODEC =
            ThreadLocal.withInitial(() -> AvroCodec.of(ProxyRecord.class));
    private static final ThreadLocal<AvroCodec<PacketEvent>> PACKET_CODEC =
            ThreadLocal.withInitial(() -> AvroCodec.of(PacketEvent.class));
    private static final ThreadLocal<AvroCodec<Alert>> ALERT_CODEC =
            ThreadLocal.withInitial(() -> AvroCodec.of(Alert.class));

    private BenchRecords() {
    }

    // --- flows: NetFlow/IPFIX export captures, nfdump CSV, Zeek conn.log (whatever FlowFiles reads) ---

    /** The flow records of a flow file, ordered by event time (the flow's end). */
    static List<Template> flows(Path file) throws IOException {
        List<Template> out = new ArrayList<>();
        try (FlowFileReader r = FlowFiles.open(file)) {
            for (Optional<FlowSummary> f = r.next(); f.isPresent(); f = r.next()) {
                out.add(new Flow(f.get()));
            }
        }
        out.sort(Comparator.comparingLong(Template::timeMs));
        return out;
    }

    private record Flow(FlowSummary s) implements Template {
        @Override
        public long timeMs() {
            return s.endMs();
        }

        @Override
        public byte[] value(long shiftMs, AddressMap m) {
            FlowSummary c = s.toBuilder()
                    .time(s.startMs() + shiftMs, s.endMs() + shiftMs)
                    .src(address(m, s.src()), s.srcPort())
                    .dst(address(m, s.dst()), s.dstPort())
                    .build();
            return FLOW_CODEC.get().encode(SensorAvro.flowRecord(c));
        }

        @Override
        public byte[] key(AddressMap m) {
            return null; // the NetFlow collector writes flows without a key
        }
    }

    // --- proxy requests: Squid native access logs ---

    /** The requests of a Squid native access log, ordered by time. */
    static List<Template> squidLog(Path file) throws IOException {
        ProxyLogParser parser = ProxyLogFormat.SQUID_NATIVE.newParser();
        List<Template> out = new ArrayList<>();
        String source = file.toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long n = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                n++;
                Optional<ProxyEntry> e = parser.parse(line, source, n);
                if (e.isPresent()) {
                    out.add(new Proxy(e.get(), source, n));
                }
            }
        } catch (io.peerwatch.proxy.ProxyLogException e) {
            throw new IOException(e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(Template::timeMs));
        return out;
    }

    private record Proxy(ProxyEntry e, String source, long line) implements Template {
        @Override
        public long timeMs() {
            return e.timestampMs();
        }

        @Override
        public byte[] value(long shiftMs, AddressMap m) {
            ProxyEntry c = new ProxyEntry(e.timestampMs() + shiftMs, address(m, e.client()), e.user(), e.method(), e.url(),
                    e.host(), e.port(), e.status(), e.bytesToClient(), e.bytesFromClient(), e.durationMs(),
                    e.contentType(), e.userAgent(), e.referer(), e.action(), e.hierarchy(), e.peer(),
                    e.requestContentType());
            return PROXY_CODEC.get().encode(SensorAvro.proxyRecord(c, source, line));
        }

        @Override
        public byte[] key(AddressMap m) {
            return null; // the proxy-log tailer writes without a key
        }
    }

    // --- packets: pcap/pcapng captures ---

    /**
     * The TCP, UDP and ICMP packets of a capture as packet events the way the packet sensor
     * writes them (headers, the first {@link #PACKET_PAYLOAD_PREFIX} payload bytes), ordered by
     * capture time. Direction is left UNKNOWN and the packet index 0, as for capture files in
     * {@code peerwatch analyze}: the job orients flows itself.
     */
    static List<Template> packets(Path file) throws IOException {
        List<Template> out = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        String sensor = file.getFileName().toString();
        try (PacketReader r = PacketFiles.open(file)) {
            while (r.next()) {
                PacketView v = r.packet();
                if (!decoder.decode(v, d) || !d.hasTransport() || d.isLaterFragment()) {
                    continue;
                }
                boolean ports = !d.isIcmp();
                int fullPayload = Math.max(0, d.ipOffset() + d.ipLength() - d.payloadOffset());
                int n = Math.min(PACKET_PAYLOAD_PREFIX, d.payloadLength());
                byte[] prefix = new byte[n];
                d.buffer().get(d.payloadOffset(), prefix);
                out.add(new Packet(v.timestampNanos(), d.srcAddress().toBytes(), d.dstAddress().toBytes(),
                        ports ? d.srcPort() : 0, ports ? d.dstPort() : 0, d.ipProtocol(),
                        d.ipProtocol() == io.peerwatch.core.IpProtocol.TCP ? d.tcpFlags() : 0,
                        d.isIcmp() ? d.icmpType() : 0, d.isIcmp() ? d.icmpCode() : 0,
                        v.originalLength(), fullPayload, prefix, sensor));
            }
        }
        out.sort(Comparator.comparingLong(t -> ((Packet) t).nanos));
        return out;
    }

    private static final class Packet implements Template {
        final long nanos;
        final byte[] src;
        final byte[] dst;
        final int srcPort;
        final int dstPort;
        final int proto;
        final int tcpFlags;
        final int icmpType;
        final int icmpCode;
        final int wireLength;
        final int payloadLength;
        final byte[] prefix;
        final String sensor;

        Packet(long nanos, byte[] src, byte[] dst, int srcPort, int dstPort, int proto, int tcpFlags, int icmpType,
                int icmpCode, int wireLength, int payloadLength, byte[] prefix, String sensor) {
            this.nanos = nanos;
            this.src = src;
            this.dst = dst;
            this.srcPort = srcPort;
            this.dstPort = dstPort;
            this.proto = proto;
            this.tcpFlags = tcpFlags;
            this.icmpType = icmpType;
            this.icmpCode = icmpCode;
            this.wireLength = wireLength;
            this.payloadLength = payloadLength;
            this.prefix = prefix;
            this.sensor = sensor;
        }

        @Override
        public long timeMs() {
            return Math.floorDiv(nanos, 1_000_000L);
        }

        @Override
        public byte[] value(long shiftMs, AddressMap m) {
            PacketEvent e = PacketEvent.newBuilder()
                    .setTimestampMs(Instant.ofEpochMilli(timeMs() + shiftMs))
                    .setSubMsNanos((int) Math.floorMod(nanos, 1_000_000L))
                    .setSrcAddr(ByteBuffer.wrap(m.map(src)))
                    .setDstAddr(ByteBuffer.wrap(m.map(dst)))
                    .setSrcPort(srcPort)
                    .setDstPort(dstPort)
                    .setIpProtocol(proto)
                    .setDirection(PacketDirection.UNKNOWN)
                    .setTcpFlags(tcpFlags)
                    .setIcmpType(icmpType)
                    .setIcmpCode(icmpCode)
                    .setWireLength(wireLength)
                    .setPayloadLength(payloadLength)
                    .setPayloadPrefix(ByteBuffer.wrap(prefix))
                    .setPacketIndex(0)
                    .setSensor(sensor)
                    .build();
            return PACKET_CODEC.get().encode(e);
        }

        /** The packet sensor's key: the flow's 5-tuple in a direction-free order (protocol, lower end, higher end). */
        @Override
        public byte[] key(AddressMap m) {
            byte[] a = m.map(src);
            byte[] b = m.map(dst);
            int pa = srcPort;
            int pb = dstPort;
            int c = Arrays.compare(a, b);
            if (c > 0 || (c == 0 && pa > pb)) {
                byte[] t = a;
                a = b;
                b = t;
                int tp = pa;
                pa = pb;
                pb = tp;
            }
            ByteBuffer k = ByteBuffer.allocate(1 + a.length + 2 + b.length + 2);
            k.put((byte) proto).put(a).putShort((short) pa).put(b).putShort((short) pb);
            return k.array();
        }
    }

    // --- alerts written by the job ---

    /** What the benchmark needs of an alert. */
    record AlertInfo(String id, String type, long windowStartMs, long windowEndMs) {
    }

    /** Decodes an alert value of the alerts topic (Avro single-object encoding). */
    static AlertInfo alert(byte[] value) {
        Alert a = ALERT_CODEC.get().decode(value);
        return new AlertInfo(a.getId(), a.getAlertType().name(), a.getWindowStartMs().toEpochMilli(),
                a.getWindowEndMs().toEpochMilli());
    }

    private static IpAddress address(AddressMap m, IpAddress a) {
        byte[] b = a.toBytes();
        byte[] mapped = m.map(b);
        return mapped == b ? a : IpAddress.of(mapped);
    }
}
