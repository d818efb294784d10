package io.peerwatch.sensor.pcap;

import io.peerwatch.flow.CanonicalFlowKey;
import io.peerwatch.flow.FlowTable;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.FragmentConfig;
import io.peerwatch.packet.FragmentReassembler;
import io.peerwatch.packet.FragmentStats;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.InputLoss;
import io.peerwatch.pcap.PacketFileException;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.sensor.SensorKafka;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Packets into Kafka: each IP packet of a capture (live, {@link LiveCapture}, or a pcap/pcapng
 * file) becomes a {@code PacketEvent} with its headers, the first
 * {@link PacketSensorConfig#payloadPrefixBytes()} payload bytes, its direction relative to the
 * flow's client and its index in the flow. Direction and index come from the library's
 * {@link FlowTable} (its orientation rules: SYN sender, echo requester, ephemeral port, else
 * first sender; flows forgotten after its idle timeout), so the job sees packets the way
 * {@code peerwatch classify} does. The Kafka key is the flow's {@link CanonicalFlowKey} (the one
 * the job keys its flow state by; ICMP echo flows by identifier), so all packets of a flow land
 * in one partition, in capture order. IP fragments are reassembled ({@link FragmentReassembler},
 * default limits) and their datagram is sent as one event carrying all their bytes; fragments that
 * make no datagram are counted in {@link #statsText()}.
 *
 * <pre>{@code
 * try (PacketSensor s = PacketSensor.create(PacketSensorConfig.defaults("127.0.0.1:9092", "eth1"))) {
 *     capture.run((lt, frame, cap, orig, ns) -> s.frame(lt, frame, 0, cap, orig, ns), s::idle, () -> running);
 * }
 * }</pre>
 *
 * Not thread-safe: feed it from one thread. Frames that are not IP are counted and skipped.
 */
public final class PacketSensor implements AutoCloseable {

    private final PacketSensorConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final FlowTable flows;
    private final FragmentReassembler fragments = new FragmentReassembler();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");
    private final Callback ack;
    private volatile long frames;
    private volatile long notIp;
    private boolean closed;

    private PacketSensor(PacketSensorConfig config) {
        this.config = config;
        this.producer = SensorKafka.producer(config.bootstrap(), "peerwatch-sensor-pcap", config.producerOverrides());
        // Orientation and packet numbering only: no signatures to run.
        this.flows = new FlowTable(new SignatureEngine(SignatureRegistry.builder().build(), DetectionConfig.defaults()),
                flow -> { });
        this.ack = (meta, e) -> {
            if (e == null) {
                acked.incrementAndGet();
            } else {
                failed.incrementAndGet();
                lastFailure.set(e.getMessage());
            }
        };
    }

    public static PacketSensor create(PacketSensorConfig config) {
        return new PacketSensor(config);
    }

    /** One captured frame (arguments as {@link PacketDecoder#decode(int, ByteBuffer, int, int, int, DecodedPacket)}). */
    public void frame(int linkType, ByteBuffer frame, int offset, int capturedLength, int originalLength,
            long timestampNanos) {
        frames++;
        if (!decoder.decode(linkType, frame, offset, capturedLength, originalLength, packet)) {
            notIp++;
            return;
        }
        // Fragments wait for their datagram, which is sent as one event with all their bytes.
        DecodedPacket p = fragments.offer(packet, originalLength, timestampNanos);
        if (p == null) {
            return;
        }
        flows.accept(p, timestampNanos);
        PacketEvent e = event(p, fragments.wireLength(), timestampNanos);
        producer.send(new ProducerRecord<>(config.topic(), CanonicalFlowKey.of(p).toBytes(),
                TopicCodec.packets().encode(e)), ack);
        sent.incrementAndGet();
    }

    /** No frame for a while: lets idle flows end, so their packet numbering restarts when they come back. */
    public void idle(long nowNanos) {
        fragments.expire(nowNanos);
        flows.advanceTo(nowNanos);
    }

    /**
     * Sends every packet of a capture file, passing over corrupt records where the format allows
     * ({@link PacketReader#nextOrSkip}, as classify and analyze do).
     *
     * @param lost receives each stretch of input lost (file, packet, byte offset, reason, bytes
     *     skipped); the packets around it are sent
     * @throws PacketFileException naming the file when it is not a capture (nothing was sent)
     */
    public void sendFile(Path file, Consumer<? super InputLoss> lost) throws PacketFileException {
        try (PacketReader r = PacketFiles.open(file)) {
            while (r.nextOrSkip(lost)) {
                PacketView v = r.packet();
                frame(v.linkType(), v.buffer(), v.offset(), v.capturedLength(), v.originalLength(), v.timestampNanos());
            }
        }
    }

    private PacketEvent event(DecodedPacket p, int wireLength, long nanos) {
        return PacketEvent.of(p, nanos, wireLength, config.payloadPrefixBytes())
                .direction(flows.lastDirection().orElse(null))
                .packetIndex(Math.max(0, flows.lastPacketIndex()))
                .sensor(config.sensorName())
                .build();
    }

    /** Frames seen, of them not IP, IP fragments (reassembled, dropped), events sent, acknowledged, failed. */
    public String statsText() {
        String f = fragments.stats().text();
        return String.format(java.util.Locale.ROOT, "%,d frames, %,d not IP, %s%,d packet events sent "
                + "(%,d acknowledged, %,d failed%s)", frames, notIp, f.isEmpty() ? "" : f + ", ", sent.get(), acked.get(),
                failed.get(), failed.get() > 0 ? ": " + lastFailure.get() : "");
    }

    /** IP fragment reassembly counters (limits: {@link FragmentConfig#defaults()}). */
    public FragmentStats fragmentStats() {
        return fragments.stats();
    }

    public long eventsSent() {
        return sent.get();
    }

    public long eventsAcked() {
        return acked.get();
    }

    /** Flushes the producer (waits for every event's acknowledgement) and closes it; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        producer.flush();
        producer.close(java.time.Duration.ofSeconds(30));
    }
}
