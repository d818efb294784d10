package io.peerwatch.bench;

import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Benchmark input, loaded once before measuring: every transport payload of the corpus
 * captures, with its protocol and ports, as heap buffers (loading allocates; measuring must not).
 */
final class CapturedPackets {

    /** One packet's payload and what the engine needs to know about its flow. */
    record Payload(int ipProtocol, int srcPort, int dstPort, int icmpType, int icmpCode, ByteBuffer bytes) {
    }

    private CapturedPackets() {
    }

    /** The shared corpus folder ({@code -Dpeerwatch.shared=...}, default {@code ../shared}). */
    static Path shared() {
        return Path.of(System.getProperty("peerwatch.shared", "../shared"));
    }

    /** All capture files under {@code dir}. */
    static List<Path> captures(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().toList();
        }
    }

    /** Transport payloads (non-empty) of every packet of the files, in file order. */
    static List<Payload> payloads(List<Path> files) throws Exception {
        List<Payload> out = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        for (Path f : files) {
            try (PacketReader r = PacketFiles.open(f)) {
                while (r.next()) {
                    PacketView v = r.packet();
                    if (!decoder.decode(v, d) || !d.hasTransport() || d.payloadLength() == 0) {
                        continue;
                    }
                    byte[] copy = new byte[d.payloadLength()];
                    d.buffer().get(d.payloadOffset(), copy);
                    out.add(new Payload(d.ipProtocol(), d.srcPort(), d.dstPort(), d.isIcmp() ? d.icmpType() : 0,
                            d.isIcmp() ? d.icmpCode() : 0, ByteBuffer.wrap(copy)));
                }
            }
        }
        return out;
    }
}
