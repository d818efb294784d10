package io.peerwatch.netflow;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: copies of the UDP payloads of a capture, read with the library's pcap reader. */
public final class ExportPcap {
    /** One UDP payload with its capture time and source port. */
    public record Datagram(long timeMs, int srcPort, ByteBuffer payload) {
    }

    private ExportPcap() {
    }

    public static List<Datagram> read(Path file) throws IOException {
        List<Datagram> out = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        try (PacketReader r = PacketFiles.open(file)) {
            while (r.next()) {
                PacketView p = r.packet();
                if (decoder.decode(p, d) && d.ipProtocol() == IpProtocol.UDP && d.hasTransport()) {
                    byte[] payload = new byte[d.payloadLength()];
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] = d.buffer().get(d.payloadOffset() + i);
                    }
                    out.add(new Datagram(p.timestampNanos() / 1_000_000, d.srcPort(), ByteBuffer.wrap(payload)));
                }
            }
        }
        return out;
    }

    /** Every flow record of an export capture under {@code src/test/resources/netflow}, as the flow-file reader gives them. */
    public static List<io.peerwatch.core.FlowRecord> flows(String resource) throws IOException {
        List<io.peerwatch.core.FlowRecord> out = new ArrayList<>();
        try (io.peerwatch.flowfile.FlowFileReader r = io.peerwatch.flowfile.FlowFiles.open(
                Path.of("src/test/resources/netflow", resource))) {
            for (java.util.Optional<io.peerwatch.core.FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
                out.add(f.get());
            }
        }
        return out;
    }
}
