package io.peerwatch.testing;

import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Builds captures whose packets are split into IP fragments, from real captured frames: IPv4
 * fragments (RFC 791), the same packets as IPv6 (addresses mapped into 2001:db8::/96) and IPv6
 * fragments (RFC 8200). Seeded: the same seed gives the same cuts and order.
 */
public final class Fragments {
    private static final int ETH = 14;
    private static final byte[] BT_HANDSHAKE = {19, 'B', 'i', 't', 'T', 'o', 'r', 'r', 'e', 'n', 't', ' ', 'p'};

    private Fragments() {
    }

    /** One captured Ethernet frame with its time. */
    public record Frame(long seconds, long micros, byte[] bytes) {
    }

    /** Every frame of a capture. */
    public static List<Frame> read(Path capture) throws IOException {
        List<Frame> out = new ArrayList<>();
        try (PacketReader r = PacketFiles.open(capture)) {
            while (r.next()) {
                PacketView v = r.packet();
                long ns = v.timestampNanos();
                out.add(new Frame(ns / 1_000_000_000L, ns % 1_000_000_000L / 1000, Captures.bytesOf(v)));
            }
        }
        return out;
    }

    /** True when the frame is IPv4 TCP whose payload starts with the BitTorrent handshake. */
    public static boolean isBitTorrentHandshake(byte[] eth) {
        int ip = ETH;
        if (eth.length < ip + 20 || (eth[12] & 0xff) != 0x08 || eth[13] != 0 || eth[ip + 9] != 6) {
            return false;
        }
        int payload = ip + (eth[ip] & 0x0f) * 4 + ((eth[ip + (eth[ip] & 0x0f) * 4 + 12] & 0xff) >>> 4) * 4;
        return eth.length >= payload + BT_HANDSHAKE.length
                && Arrays.equals(eth, payload, payload + BT_HANDSHAKE.length, BT_HANDSHAKE, 0, BT_HANDSHAKE.length);
    }

    /** Bytes of IPv4 transport header (TCP with options) before the payload of an Ethernet/IPv4 frame. */
    public static int transportHeaderLength(byte[] eth) {
        int ihl = (eth[ETH] & 0x0f) * 4;
        return ((eth[ETH + ihl + 12] & 0xff) >>> 4) * 4;
    }

    /**
     * The cuts (offsets into the IP payload, multiples of 8) for a packet: the first after
     * {@code firstPayloadBytes} payload bytes (rounded up to 8 with the transport header), then
     * random sizes of 8 to 64 bytes.
     */
    public static int[] cuts(int transportHeader, int payload, int firstPayloadBytes, Random random) {
        List<Integer> c = new ArrayList<>();
        int at = (transportHeader + firstPayloadBytes + 7) / 8 * 8;
        while (at < transportHeader + payload) {
            c.add(at);
            at += 8 * (1 + random.nextInt(8));
        }
        return c.stream().mapToInt(Integer::intValue).toArray();
    }

    /** An Ethernet/IPv4 frame split at {@code cuts} (offsets into its IP payload) into fragments. */
    public static List<byte[]> ipv4(byte[] eth, int id, int[] cuts) {
        int ihl = (eth[ETH] & 0x0f) * 4;
        int total = ByteBuffer.wrap(eth).getShort(ETH + 2) & 0xffff;
        int dataLength = total - ihl;
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : dataLength;
            byte[] f = new byte[ETH + ihl + (to - from)];
            System.arraycopy(eth, 0, f, 0, ETH + ihl);
            System.arraycopy(eth, ETH + ihl + from, f, ETH + ihl, to - from);
            ByteBuffer b = ByteBuffer.wrap(f);
            b.putShort(ETH + 2, (short) (ihl + to - from));
            b.putShort(ETH + 4, (short) id);
            b.putShort(ETH + 6, (short) ((i < cuts.length ? 0x2000 : 0) | from / 8));
            out.add(f);
            from = to;
        }
        return out;
    }

    /** The Ethernet/IPv4 frame as Ethernet/IPv6: same transport bytes, addresses 2001:db8::a.b.c.d. */
    public static byte[] toIpv6(byte[] eth) {
        int ihl = (eth[ETH] & 0x0f) * 4;
        int total = ByteBuffer.wrap(eth).getShort(ETH + 2) & 0xffff;
        int data = total - ihl;
        byte[] f = new byte[ETH + 40 + data];
        System.arraycopy(eth, 0, f, 0, 12);
        ByteBuffer b = ByteBuffer.wrap(f);
        b.putShort(12, (short) 0x86DD);
        b.put(ETH, (byte) 0x60);
        b.putShort(ETH + 4, (short) data);
        b.put(ETH + 6, eth[ETH + 9]);
        b.put(ETH + 7, (byte) 64);
        for (int a = 0; a < 2; a++) {
            int base = ETH + 8 + 16 * a;
            b.putInt(base, 0x20010db8);
            System.arraycopy(eth, ETH + 12 + 4 * a, f, base + 12, 4);
        }
        System.arraycopy(eth, ETH + ihl, f, ETH + 40, data);
        return f;
    }

    /** An Ethernet/IPv6 frame (no extension headers) split at {@code cuts} into fragments. */
    public static List<byte[]> ipv6(byte[] eth, int id, int[] cuts) {
        int data = ByteBuffer.wrap(eth).getShort(ETH + 4) & 0xffff;
        int next = eth[ETH + 6] & 0xff;
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : data;
            byte[] f = new byte[ETH + 48 + (to - from)];
            System.arraycopy(eth, 0, f, 0, ETH + 40);
            System.arraycopy(eth, ETH + 40 + from, f, ETH + 48, to - from);
            ByteBuffer b = ByteBuffer.wrap(f);
            b.putShort(ETH + 4, (short) (8 + to - from));
            b.put(ETH + 6, (byte) 44);
            b.put(ETH + 40, (byte) next);
            b.putShort(ETH + 42, (short) ((from / 8) << 3 | (i < cuts.length ? 1 : 0)));
            b.putInt(ETH + 44, id);
            out.add(f);
            from = to;
        }
        return out;
    }

    /** The fragments in an order drawn with {@code random}. */
    public static List<byte[]> shuffled(List<byte[]> fragments, Random random) {
        List<byte[]> l = new ArrayList<>(fragments);
        Collections.shuffle(l, random);
        return l;
    }
    /** The frames of a capture's first BitTorrent handshake's TCP connection, up to and including the handshake. */
    public static List<Frame> handshakeFlow(Path capture) throws IOException {
        List<Frame> all = read(capture);
        Frame handshake = all.stream().filter(f -> isBitTorrentHandshake(f.bytes())).findFirst().orElseThrow();
        String key = endpoints(handshake.bytes());
        List<Frame> flow = new ArrayList<>();
        for (Frame f : all) {
            if (endpoints(f.bytes()).equals(key)) {
                flow.add(f);
            }
            if (f == handshake) {
                break;
            }
        }
        return flow;
    }

    /** The two endpoints of an IPv4 TCP/UDP frame, in a direction-free form ("" for others). */
    private static String endpoints(byte[] eth) {
        if (eth.length < ETH + 20 || (eth[12] & 0xff) != 0x08 || eth[13] != 0) {
            return "";
        }
        ByteBuffer b = ByteBuffer.wrap(eth);
        int ihl = (eth[ETH] & 0x0f) * 4;
        String a = Integer.toHexString(b.getInt(ETH + 12)) + ":" + (b.getShort(ETH + ihl) & 0xffff);
        String z = Integer.toHexString(b.getInt(ETH + 16)) + ":" + (b.getShort(ETH + ihl + 2) & 0xffff);
        return a.compareTo(z) < 0 ? a + "-" + z : z + "-" + a;
    }

    /**
     * The flow as a capture, each BitTorrent handshake split into fragments after 4 payload bytes
     * (rounded up to the 8-byte unit), the later ones cut and ordered at random from {@code seed};
     * {@code keepLater} false drops every fragment but the first.
     */
    public static byte[] handshakeCapture(List<Frame> flow, int ipVersion, boolean keepLater, long seed) {
        Random random = new Random(seed);
        Captures.Pcap pcap = Captures.Pcap.ethernetMicros();
        for (Frame f : flow) {
            byte[] eth = f.bytes();
            if (!isBitTorrentHandshake(eth)) {
                pcap.packet(f.seconds(), f.micros(), ipVersion == 4 ? eth : toIpv6(eth));
                continue;
            }
            int header = transportHeaderLength(eth);
            int ihl = (eth[ETH] & 0x0f) * 4;
            int payload = (ByteBuffer.wrap(eth).getShort(ETH + 2) & 0xffff) - ihl - header;
            int[] cuts = cuts(header, payload, 4, random);
            if (cuts[0] - header >= 20) {
                throw new AssertionError("the first fragment holds the whole protocol string");
            }
            List<byte[]> parts = ipVersion == 4 ? ipv4(eth, 0x5151, cuts)
                    : ipv6(toIpv6(eth), 0x51515151, cuts);
            List<byte[]> later = shuffled(parts.subList(1, parts.size()), random);
            pcap.packet(f.seconds(), f.micros(), parts.get(0));
            if (keepLater) {
                for (int i = 0; i < later.size(); i++) {
                    pcap.packet(f.seconds(), f.micros() + 1 + i, later.get(i));
                }
            }
        }
        return pcap.bytes();
    }
}
