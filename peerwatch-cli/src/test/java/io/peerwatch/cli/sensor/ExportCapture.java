package io.peerwatch.cli.sensor;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** UDP payloads (export datagrams) of a capture of NetFlow/IPFIX export traffic, in order. */
public final class ExportCapture {
    private ExportCapture() {
    }

    public static List<byte[]> datagrams(Path capture) throws Exception {
        List<byte[]> out = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        try (PacketReader r = PacketFiles.open(capture)) {
            while (r.next()) {
                if (decoder.decode(r.packet(), p) && p.ipProtocol() == IpProtocol.UDP && p.hasTransport()) {
                    byte[] b = new byte[p.payloadLength()];
                    p.buffer().get(p.payloadOffset(), b, 0, b.length);
                    out.add(b);
                }
            }
        }
        return out;
    }
}
