package io.peerwatch.sensor;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.testing.Corpus;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The UDP payloads (export datagrams) of a capture of NetFlow/IPFIX export traffic, in order. */
public final class ExportDatagrams {
    private ExportDatagrams() {
    }

    /** A file of the shared corpus's lab folder ({@link Corpus}: fails under CI, skips elsewhere, when missing). */
    public static Path lab(String relative) {
        return Corpus.lab(relative);
    }

    public static List<byte[]> read(Path capture) throws Exception {
        List<byte[]> out = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        try (PacketReader r = PacketFiles.open(capture)) {
            while (r.next()) {
                if (decoder.decode(r.packet(), p) && p.ipProtocol() == IpProtocol.UDP && p.hasTransport()) {
                    byte[] b = new byte[p.payloadLength()];
                    ByteBuffer buf = p.buffer();
                    for (int i = 0; i < b.length; i++) {
                        b[i] = buf.get(p.payloadOffset() + i);
                    }
                    out.add(b);
                }
            }
        }
        return out;
    }
}
