package io.peerwatch.sensor.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.classify.ClassifySummary;
import io.peerwatch.classify.Classifier;
import io.peerwatch.classify.FlowResult;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.signatures.Direction;
import io.peerwatch.sensor.SharedKafka;
import io.peerwatch.testing.Await;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Live capture through pcap4j on a veth pair into a network namespace (198.18.0.0/15
 * addresses): a real BitTorrent peer-wire handshake over TCP and a DHT query over UDP between
 * this JVM and a peer process inside the namespace. Must run as root; fails (never skips)
 * otherwise.
 */
@Tag("live-capture")
class LiveCaptureITCase {

    private static final int PORT = 6881;
    private static final byte[] INFO_HASH = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef01234567");

    private static byte[] handshake() {
        ByteBuffer b = ByteBuffer.allocate(68);
        b.put((byte) 19).put("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
        b.put(new byte[8]).put(INFO_HASH).put("-TR4050-abcdefghijkl".getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static Process startPeer(Netns ns) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = ns.exec(List.of(java, "-cp", System.getProperty("java.class.path"), NetnsPeer.class.getName(),
                ns.peerAddress(), Integer.toString(PORT)));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            } catch (Exception e) {
                return e.toString();
            }
        });
        assertThat(ready.get(60, TimeUnit.SECONDS)).as("peer in the namespace says READY").isEqualTo("READY");
        return p;
    }

    /** A BitTorrent handshake over TCP and a DHT ping over UDP, from this side to the peer. */
    private static void traffic(Netns ns) throws Exception {
        InetAddress here = InetAddress.getByName(ns.hostAddress());
        InetSocketAddress peer = new InetSocketAddress(ns.peerAddress(), PORT);
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(here, 0));
            s.connect(peer, 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(handshake());
            s.getOutputStream().flush();
            byte[] reply = s.getInputStream().readNBytes(68);
            assertThat(reply).hasSize(68);
        }
        try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(here, 0))) {
            u.setSoTimeout(10_000);
            byte[] ping = "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe".getBytes(StandardCharsets.US_ASCII);
            u.send(new DatagramPacket(ping, ping.length, peer));
            DatagramPacket r = new DatagramPacket(new byte[2048], 2048);
            u.receive(r);
            assertThat(r.getLength()).isPositive();
        }
    }

    @Test
    void bitTorrentOnAVethIsClassifiedFromALiveCapture() throws Exception {
        Netns.requireRoot();
        try (Netns ns = Netns.create()) {
            startPeer(ns);
            List<FlowResult> flows = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean go = new AtomicBoolean(true);
            try (LiveCapture c = LiveCapture.open(CaptureConfig.builder(ns.hostInterface()).build())) {
                long before = ns.frameCount();
                CompletableFuture<ClassifySummary> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        return LiveClassify.run(c, Classifier.defaults(), flows::add, Duration.ofSeconds(60), go::get);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                traffic(ns);
                awaitCaptured(ns, c, before);
                go.set(false);
                ClassifySummary summary = run.get(30, TimeUnit.SECONDS);
                assertThat(summary.packetsRead()).isGreaterThanOrEqualTo(9); // 3-way handshake, 2 x 68 B, FINs, 2 UDP
            }
            IpAddress peer = IpAddress.parse(ns.peerAddress());
            assertThat(flows).anySatisfy(f -> {
                assertThat(f.key().ipProtocol()).isEqualTo(IpProtocol.TCP);
                assertThat(f.key().server()).isEqualTo(peer);
                assertThat(f.key().serverPort()).isEqualTo(PORT);
                assertThat(f.protocol()).isEqualTo(Protocol.BITTORRENT);
                assertThat(f.metadata().get(MetadataKey.INFO_HASH)).containsExactly(HexFormat.of().formatHex(INFO_HASH));
            });
            assertThat(flows).anySatisfy(f -> {
                assertThat(f.key().ipProtocol()).isEqualTo(IpProtocol.UDP);
                assertThat(f.key().server()).isEqualTo(peer);
                assertThat(f.protocol()).isEqualTo(Protocol.BITTORRENT);
            });
        }
    }

    @Test
    void livePacketsReachKafkaWithDirectionIndexAndPayloadPrefix() throws Exception {
        Netns.requireRoot();
        String topic = SharedKafka.newTopic("packets");
        try (Netns ns = Netns.create()) {
            startPeer(ns);
            AtomicBoolean go = new AtomicBoolean(true);
            PacketSensorConfig cfg = PacketSensorConfig.defaults(SharedKafka.bootstrap(), ns.hostInterface()).withTopic(topic);
            try (LiveCapture c = LiveCapture.open(CaptureConfig.builder(ns.hostInterface()).build());
                    PacketSensor sensor = PacketSensor.create(cfg)) {
                long before = ns.frameCount();
                CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                    try {
                        c.run((lt, frame, cap, orig, ns2) -> sensor.frame(lt, frame, 0, cap, orig, ns2), sensor::idle, go::get);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                traffic(ns);
                awaitCaptured(ns, c, before);
                go.set(false);
                run.get(30, TimeUnit.SECONDS);
            } // the sensor closed: every event acknowledged
            List<PacketEvent> events = SharedKafka.readAll(topic).stream().map(TopicCodec.packets()::decode).toList();
            assertThat(events).hasSizeGreaterThanOrEqualTo(9);
            List<PacketEvent> tcp = events.stream().filter(e -> e.ipProtocol() == IpProtocol.TCP).toList();
            assertThat(tcp.get(0).tcpFlags() & 0x12).isEqualTo(0x02);          // the SYN comes first,
            assertThat(tcp.get(0).direction()).contains(Direction.CLIENT_TO_SERVER);
            assertThat(tcp.get(0).packetIndex()).isZero();
            assertThat(tcp.get(1).direction()).contains(Direction.SERVER_TO_CLIENT); // the SYN-ACK answers
            assertThat(tcp).extracting(PacketEvent::packetIndex)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, tcp.size()).boxed().toList());
            PacketEvent hs = tcp.stream().filter(e -> e.payloadLength() == 68
                    && e.direction().equals(java.util.Optional.of(Direction.CLIENT_TO_SERVER))).findFirst().orElseThrow();
            byte[] prefix = new byte[hs.payloadPrefixLength()];
            hs.payloadPrefix().get(prefix);
            assertThat(prefix).isEqualTo(handshake());
            assertThat(hs.dstPort()).isEqualTo(PORT);
            assertThat(hs.src()).isEqualTo(IpAddress.parse(ns.hostAddress()));
            assertThat(events).allSatisfy(e -> assertThat(e.sensor()).contains(ns.hostInterface()));
            assertThat(events).anySatisfy(e -> assertThat(e.ipProtocol()).isEqualTo(IpProtocol.UDP));
        }
    }

    /**
     * Waits until the capture has read every frame that crossed the interface since it opened
     * (the kernel's interface counters): the traffic is over, so that includes all of it.
     */
    private static void awaitCaptured(Netns ns, LiveCapture c, long before) throws Exception {
        long crossed = ns.frameCount() - before;
        assertThat(crossed).as("frames of the test's traffic").isGreaterThanOrEqualTo(9);
        Await.until("the capture to read the " + crossed + " frames that crossed " + ns.hostInterface(),
                () -> c.frames() >= crossed, () -> c.frames() + " read; " + c.statsText());
    }

}
