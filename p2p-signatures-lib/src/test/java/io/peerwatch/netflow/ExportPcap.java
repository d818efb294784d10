package io.peerwatch.netflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: the UDP payloads of a classic pcap of export datagrams (Ethernet or Linux cooked,
 * IPv4, no fragments), enough for the lab's export captures. Production reads pcaps through the
 * library's pcap reader.
 */
public final class ExportPcap {
    public record Datagram(long timeMs, int srcPort, ByteBuffer payload) {
    }

    private ExportPcap() {
    }

    public static List<Datagram> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean nanos = magic == 0xa1b23c4d;
        if (magic != 0xa1b2c3d4 && !nanos) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        int linkType = b.getInt(20);
        int linkHeader = switch (linkType) {
            case 1 -> 14;
            case 113 -> 16;
            default -> throw new IOException("unsupported link type " + linkType);
        };
        List<Datagram> out = new ArrayList<>();
        int p = 24;
        while (p + 16 <= b.limit()) {
            long sec = Integer.toUnsignedLong(b.getInt(p));
            long frac = Integer.toUnsignedLong(b.getInt(p + 4));
            int incl = b.getInt(p + 8);
            int ip = p + 16 + linkHeader;
            int ihl = (b.get(ip) & 0x0f) * 4;
            int udp = ip + ihl;
            int srcPort = ((b.get(udp) & 0xff) << 8) | (b.get(udp + 1) & 0xff);
            int udpLength = ((b.get(udp + 4) & 0xff) << 8) | (b.get(udp + 5) & 0xff);
            byte[] payload = new byte[udpLength - 8];
            b.slice(udp + 8, payload.length).get(payload);
            out.add(new Datagram(sec * 1000 + (nanos ? frac / 1_000_000 : frac / 1000), srcPort, ByteBuffer.wrap(payload)));
            p += 16 + incl;
        }
        return out;
    }
}
