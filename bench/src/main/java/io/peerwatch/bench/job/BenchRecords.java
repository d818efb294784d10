package io.peerwatch.bench.job;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.schemas.TopicCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The only class of the job benchmark that uses PeerWatch's own code: the library's readers for
 * the lab corpus (flow files, Squid logs, pcaps) and the topic encoding of its values as the sensors
 * write them ({@link TopicCodec}), plus decoding the job's alerts. Everything
 * else in {@code io.peerwatch.bench.job} sees {@link Template}s, byte arrays and numbers, so
 * running the benchmark from a restructured tree means porting this one file.
 */
final class BenchRecords {

    /** Payload bytes per packet event: the packet sensor's default ({@code PacketSensorConfig}). */
    static final int PACKET_PAYLOAD_PREFIX = 512;

    private BenchRecords() {
    }

    // --- flows: NetFlow/IPFIX export captures, nfdump CSV, Zeek conn.log (whatever FlowFiles reads) ---

    /** The flow records of a flow file, ordered by event time (the flow's end). */
    static List<Template> flows(Path file) throws IOException {
        List<Template> out = new ArrayList<>();
        try (FlowFileReader r = FlowFiles.open(file)) {
            for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
                out.add(new Flow(f.get()));
            }
        }
        out.sort(Comparator.comparingLong(Template::timeMs));
        return out;
    }

    private record Flow(FlowRecord s) implements Template {
        @Override
        public long timeMs() {
            return s.endMs();
        }

        @Override
        public byte[] value(long shiftMs, AddressMap m) {
            FlowRecord c = s.toBuilder()
                    .time(s.startMs() + shiftMs, s.endMs() + shiftMs)
                    .src(address(m, s.src()), s.srcPort())
                    .dst(address(m, s.dst()), s.dstPort())
                    .build();
            return TopicCodec.flows().encode(c);
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
                Optional<ProxyRecord> e = parser.parse(line, source, n);
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

    private record Proxy(ProxyRecord e, String source, long line) implements Template {
        @Override
        public long timeMs() {
            return e.timestampMs();
        }

        @Override
        public byte[] value(long shiftMs, AddressMap m) {
            ProxyRecord c = new ProxyRecord(e.timestampMs() + shiftMs, address(m, e.client()), e.user(), e.method(), e.url(),
                    e.host(), e.port(), e.status(), e.bytesToClient(), e.bytesFromClient(), e.durationMs(),
                    e.contentType(), e.userAgent(), e.referer(), e.action(), e.hierarchy(), e.peer(),
                    e.requestContentType());
            return TopicCodec.encodeProxy(c, source, line);
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
                out.add(new Packet(PacketEvent.of(d, v.timestampNanos(), v.originalLength(), PACKET_PAYLOAD_PREFIX)
                        .sensor(sensor).build()));
            }
        }
        out.sort(Comparator.comparingLong(t -> ((Packet) t).event.timestampNanos()));
        return out;
    }

    private record Packet(PacketEvent event) implements Template {
        @Override
        public long timeMs() {
            return event.timestampMs();
        }

        @Override
        public byte[] value(long shiftMs, AddressMap m) {
            return TopicCodec.packets().encode(event.toBuilder()
                    .timestampNanos(event.timestampNanos() + shiftMs * 1_000_000L)
                    .addresses(address(m, event.src()), address(m, event.dst()))
                    .build());
        }

        /** The packet sensor's key: the flow's 5-tuple in a direction-free order (protocol, lower end, higher end). */
        @Override
        public byte[] key(AddressMap m) {
            byte[] a = m.map(event.src().toBytes());
            byte[] b = m.map(event.dst().toBytes());
            int pa = event.srcPort();
            int pb = event.dstPort();
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
            k.put((byte) event.ipProtocol()).put(a).putShort((short) pa).put(b).putShort((short) pb);
            return k.array();
        }
    }

    // --- alerts written by the job ---

    /** What the benchmark needs of an alert. */
    record AlertInfo(String id, String type, long windowStartMs, long windowEndMs) {
    }

    /** Decodes an alert value of the alerts topic (Avro single-object encoding). */
    static AlertInfo alert(byte[] value) {
        Alert a = TopicCodec.alerts().decode(value);
        return new AlertInfo(a.id(), a.type().name(), a.windowStartMs(), a.windowEndMs());
    }

    private static IpAddress address(AddressMap m, IpAddress a) {
        byte[] b = a.toBytes();
        byte[] mapped = m.map(b);
        return mapped == b ? a : IpAddress.of(mapped);
    }
}
