package io.peerwatch.packet;

import static io.peerwatch.testing.Frames.ETH_ARP;
import static io.peerwatch.testing.Frames.ETH_IPV4;
import static io.peerwatch.testing.Frames.ETH_IPV6;
import static io.peerwatch.testing.Frames.ICMP;
import static io.peerwatch.testing.Frames.ICMPV6;
import static io.peerwatch.testing.Frames.TCP;
import static io.peerwatch.testing.Frames.UDP;
import static io.peerwatch.testing.Frames.ascii;
import static io.peerwatch.testing.Frames.concat;
import static io.peerwatch.testing.Frames.ethernet;
import static io.peerwatch.testing.Frames.icmp;
import static io.peerwatch.testing.Frames.ipv4;
import static io.peerwatch.testing.Frames.ipv6;
import static io.peerwatch.testing.Frames.ipv6Ah;
import static io.peerwatch.testing.Frames.ipv6Extension;
import static io.peerwatch.testing.Frames.ipv6Fragment;
import static io.peerwatch.testing.Frames.tcp;
import static io.peerwatch.testing.Frames.u16;
import static io.peerwatch.testing.Frames.u32;
import static io.peerwatch.testing.Frames.udp;
import static io.peerwatch.testing.Frames.vlanTag;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpAddress;
import io.peerwatch.pcap.LinkType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketDecoderTest {

    private static final byte[] HELLO = ascii("hello world");
    private static final byte[] TCP_V4 = ipv4(TCP, "10.0.0.1", "192.0.2.9", tcp(51413, 6881, 0x18, HELLO));
    private static final byte[] UDP_V6 = ipv6(UDP, "2001:db8::1", "2001:db8::2", udp(5353, 53, HELLO));

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket pkt = new DecodedPacket();

    /** Decodes with the frame placed at offset 7 of a bigger buffer, as a mapped file hands it out. */
    private boolean decode(int linkType, byte[] frame) {
        byte[] room = new byte[frame.length + 20];
        System.arraycopy(frame, 0, room, 7, frame.length);
        return decoder.decode(linkType, ByteBuffer.wrap(room), 7, frame.length, frame.length, pkt);
    }

    private String payload() {
        byte[] out = new byte[pkt.payloadLength()];
        pkt.buffer().get(pkt.payloadOffset(), out);
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void assertTcpV4() {
        assertThat(pkt.ipVersion()).isEqualTo(4);
        assertThat(pkt.ipProtocol()).isEqualTo(TCP);
        assertThat(pkt.srcAddress()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(pkt.dstAddress()).isEqualTo(IpAddress.parse("192.0.2.9"));
        assertThat(pkt.srcPort()).isEqualTo(51413);
        assertThat(pkt.dstPort()).isEqualTo(6881);
        assertThat(pkt.tcpFlags()).isEqualTo(TcpFlags.PSH | TcpFlags.ACK);
        assertThat(pkt.hasTransport()).isTrue();
        assertThat(payload()).isEqualTo("hello world");
        assertThat(pkt.ipLength()).isEqualTo(20 + 20 + HELLO.length);
        assertThat(pkt.failure()).isEmpty();
    }

    @Test
    void ethernetIpv4TcpWithPaddingExcluded() {
        byte[] padded = concat(ethernet(ETH_IPV4, TCP_V4), new byte[6]);
        assertThat(decode(LinkType.ETHERNET, padded)).isTrue();
        assertTcpV4();
        assertThat(pkt.hasVlan()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x8100, 0x88a8, 0x9100})
    void singleVlanTag(int tpid) {
        byte[] frame = ethernet(tpid, concat(vlanTag(42, ETH_IPV4), TCP_V4));
        assertThat(decode(LinkType.ETHERNET, frame)).isTrue();
        assertTcpV4();
        assertThat(pkt.vlanId()).isEqualTo(42);
    }

    @Test
    void qinqDoubleTagKeepsTheOuterVlanId() {
        byte[] frame = ethernet(0x88a8, concat(vlanTag(100, 0x8100), vlanTag(200, ETH_IPV6), UDP_V6));
        assertThat(decode(LinkType.ETHERNET, frame)).isTrue();
        assertThat(pkt.vlanId()).isEqualTo(100);
        assertThat(pkt.ipVersion()).isEqualTo(6);
        assertThat(pkt.dstPort()).isEqualTo(53);
        assertThat(payload()).isEqualTo("hello world");
    }

    @Test
    void pppoeSessionAndMplsStack() {
        byte[] pppoe = ethernet(0x8864, concat(new byte[] {0x11, 0}, u16(7), u16(TCP_V4.length + 2), u16(0x0021), TCP_V4));
        assertThat(decode(LinkType.ETHERNET, pppoe)).isTrue();
        assertTcpV4();
        byte[] mpls = ethernet(0x8847, concat(u32(0x00012_0_40), u32(0x00034_1_40), TCP_V4));
        assertThat(decode(LinkType.ETHERNET, mpls)).isTrue();
        assertTcpV4();
    }

    @Test
    void linuxCookedV1AndV2() {
        byte[] sll = concat(u16(0), u16(1), u16(6), new byte[8], u16(ETH_IPV4), TCP_V4);
        assertThat(decode(LinkType.LINUX_SLL, sll)).isTrue();
        assertTcpV4();
        byte[] sll2 = concat(u16(ETH_IPV4), u16(0), u32(3), u16(1), new byte[] {0, 6}, new byte[8], TCP_V4);
        assertThat(decode(LinkType.LINUX_SLL2, sll2)).isTrue();
        assertTcpV4();
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14, LinkType.IPV4})
    void rawIpv4(int linkType) {
        assertThat(decode(linkType, TCP_V4)).isTrue();
        assertTcpV4();
    }

    @Test
    void rawIpv6() {
        assertThat(decode(LinkType.RAW, UDP_V6)).isTrue();
        assertThat(pkt.srcAddress()).isEqualTo(IpAddress.parse("2001:db8::1"));
        assertThat(decode(LinkType.IPV6, UDP_V6)).isTrue();
        assertThat(pkt.dstAddress()).isEqualTo(IpAddress.parse("2001:db8::2"));
    }

    @Test
    void bsdNullInBothByteOrdersAndOpenBsdLoop() {
        byte[] le = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(2).array();
        assertThat(decode(LinkType.NULL, concat(le, TCP_V4))).isTrue();
        assertTcpV4();
        assertThat(decode(LinkType.NULL, concat(u32(2), TCP_V4))).isTrue();
        assertTcpV4();
        byte[] darwinV6 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(30).array();
        assertThat(decode(LinkType.NULL, concat(darwinV6, UDP_V6))).isTrue();
        assertThat(pkt.ipVersion()).isEqualTo(6);
        assertThat(decode(LinkType.LOOP, concat(u32(24), UDP_V6))).isTrue();
        assertThat(pkt.dstPort()).isEqualTo(53);
        assertThat(decode(LinkType.NULL, concat(le(7), TCP_V4))).isFalse();
        assertThat(pkt.failure()).contains(DecodeFailure.NOT_IP);
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @Test
    void ipv4OptionsAreSkipped() {
        byte[] ip = ipv4(UDP, "10.0.0.1", "10.0.0.2", 0, new byte[] {1, 1, 1, 0}, udp(1000, 2000, HELLO));
        assertThat(decode(LinkType.RAW, ip)).isTrue();
        assertThat(pkt.srcPort()).isEqualTo(1000);
        assertThat(payload()).isEqualTo("hello world");
    }

    @Test
    void ipv4FragmentsOnlyTheFirstHasPorts() {
        byte[] first = ipv4(UDP, "10.0.0.1", "10.0.0.2", 0x2000, new byte[0], udp(1000, 2000, HELLO));
        assertThat(decode(LinkType.RAW, first)).isTrue();
        assertThat(pkt.isFragment()).isTrue();
        assertThat(pkt.isLaterFragment()).isFalse();
        assertThat(pkt.dstPort()).isEqualTo(2000);
        byte[] later = ipv4(UDP, "10.0.0.1", "10.0.0.2", 185, new byte[0], ascii("rest of datagram"));
        assertThat(decode(LinkType.RAW, later)).isTrue();
        assertThat(pkt.isLaterFragment()).isTrue();
        assertThat(pkt.hasTransport()).isFalse();
        assertThat(pkt.dstPort()).isZero();
        assertThat(pkt.ipProtocol()).isEqualTo(UDP);
        assertThat(payload()).isEqualTo("rest of datagram");
    }

    @Test
    void ipv6ExtensionHeaderChain() {
        // hop-by-hop -> routing -> destination options -> AH -> UDP
        byte[] rest = concat(ipv6Extension(43, 0), ipv6Extension(60, 1), ipv6Extension(51, 0), ipv6Ah(UDP, 2),
                udp(4000, 53, HELLO));
        assertThat(decode(LinkType.RAW, ipv6(0, "2001:db8::1", "2001:db8::2", rest))).isTrue();
        assertThat(pkt.ipProtocol()).isEqualTo(UDP);
        assertThat(pkt.srcPort()).isEqualTo(4000);
        assertThat(payload()).isEqualTo("hello world");
    }

    @Test
    void ipv6FragmentsOnlyTheFirstHasPorts() {
        byte[] first = ipv6(44, "2001:db8::1", "2001:db8::2", concat(ipv6Fragment(TCP, 0, true),
                tcp(443, 50000, 0x10, HELLO)));
        assertThat(decode(LinkType.RAW, first)).isTrue();
        assertThat(pkt.isFragment()).isTrue();
        assertThat(pkt.srcPort()).isEqualTo(443);
        byte[] later = ipv6(44, "2001:db8::1", "2001:db8::2", concat(ipv6Fragment(TCP, 100, false), HELLO));
        assertThat(decode(LinkType.RAW, later)).isTrue();
        assertThat(pkt.isLaterFragment()).isTrue();
        assertThat(pkt.hasTransport()).isFalse();
        assertThat(payload()).isEqualTo("hello world");
    }

    @Test
    void icmpAndIcmpv6Echo() {
        byte[] ping = ipv4(ICMP, "10.0.0.1", "10.0.0.2", icmp(8, 0, 0x4242, 1, HELLO));
        assertThat(decode(LinkType.RAW, ping)).isTrue();
        assertThat(pkt.isIcmp()).isTrue();
        assertThat(pkt.isIcmpEchoRequest()).isTrue();
        assertThat(pkt.icmpType()).isEqualTo(8);
        assertThat(pkt.icmpEchoId()).isEqualTo(0x4242);
        assertThat(payload()).isEqualTo("hello world");
        byte[] pong6 = ipv6(ICMPV6, "2001:db8::2", "2001:db8::1", icmp(129, 0, 7, 1, HELLO));
        assertThat(decode(LinkType.RAW, pong6)).isTrue();
        assertThat(pkt.isIcmpEcho()).isTrue();
        assertThat(pkt.isIcmpEchoRequest()).isFalse();
        assertThat(pkt.icmpEchoId()).isEqualTo(7);
        byte[] unreachable = ipv4(ICMP, "10.0.0.1", "10.0.0.2", icmp(3, 3, 0, 0, new byte[28]));
        assertThat(decode(LinkType.RAW, unreachable)).isTrue();
        assertThat(pkt.isIcmpEcho()).isFalse();
        assertThat(pkt.icmpCode()).isEqualTo(3);
    }

    @Test
    void otherIpProtocolsDecodeWithoutTransport() {
        byte[] gre = ipv4(47, "10.0.0.1", "10.0.0.2", new byte[24]);
        assertThat(decode(LinkType.RAW, gre)).isTrue();
        assertThat(pkt.ipProtocol()).isEqualTo(47);
        assertThat(pkt.hasTransport()).isFalse();
        assertThat(pkt.payloadLength()).isEqualTo(24);
    }

    @Test
    void snapLengthCutsPayloadNotTheHeaderFields() {
        byte[] frame = ethernet(ETH_IPV4, TCP_V4);
        byte[] room = frame.clone();
        int captured = 14 + 20 + 20 + 3;
        assertThat(decoder.decode(LinkType.ETHERNET, ByteBuffer.wrap(room), 0, captured, frame.length, pkt)).isTrue();
        assertThat(pkt.payloadLength()).isEqualTo(3);
        assertThat(pkt.ipLength()).isEqualTo(TCP_V4.length);
    }

    @Test
    void zeroIpv4TotalLengthFallsBackToTheWireLength() {
        byte[] ip = TCP_V4.clone();
        ip[2] = 0;
        ip[3] = 0;
        assertThat(decode(LinkType.RAW, ip)).isTrue();
        assertThat(pkt.ipLength()).isEqualTo(TCP_V4.length);
        assertThat(payload()).isEqualTo("hello world");
    }

    @Test
    void malformedFramesAreCountedPerReason() {
        assertThat(decode(LinkType.ETHERNET, new byte[10])).isFalse();
        assertThat(pkt.failure()).contains(DecodeFailure.TRUNCATED_LINK_HEADER);
        assertThat(decode(LinkType.ETHERNET, ethernet(ETH_ARP, new byte[28]))).isFalse();
        assertThat(pkt.failure()).contains(DecodeFailure.NOT_IP);
        assertThat(decode(LinkType.ETHERNET, ethernet(ETH_IPV4, new byte[12]))).isFalse();
        assertThat(pkt.failure()).contains(DecodeFailure.TRUNCATED_IP_HEADER);
        byte[] badIhl = TCP_V4.clone();
        badIhl[0] = 0x44;
        assertThat(decode(LinkType.RAW, badIhl)).isFalse();
        assertThat(pkt.failure()).contains(DecodeFailure.BAD_IP_HEADER);
        byte[] badOffset = TCP_V4.clone();
        badOffset[20 + 12] = 0x30;
        assertThat(decode(LinkType.RAW, badOffset)).isFalse();
        assertThat(pkt.failure()).contains(DecodeFailure.BAD_TRANSPORT_HEADER);
        byte[] shortUdp = ipv4(UDP, "10.0.0.1", "10.0.0.2", new byte[5]);
        assertThat(decode(LinkType.RAW, shortUdp)).isFalse();
        assertThat(pkt.failure()).contains(DecodeFailure.TRUNCATED_TRANSPORT_HEADER);
        byte[] cutExtension = ipv6(0, "2001:db8::1", "2001:db8::2", ipv6Extension(UDP, 3));
        assertThat(decoder.decode(LinkType.RAW, ByteBuffer.wrap(cutExtension), 0, 40 + 8, cutExtension.length, pkt))
                .isFalse();
        assertThat(pkt.failure()).contains(DecodeFailure.TRUNCATED_IPV6_EXTENSION);
        assertThat(decode(147, TCP_V4)).isFalse();
        assertThat(pkt.failure()).contains(DecodeFailure.UNSUPPORTED_LINK_TYPE);
        byte[] tags = new byte[0];
        for (int i = 0; i < 20; i++) {
            tags = concat(tags, vlanTag(i, 0x8100));
        }
        assertThat(decode(LinkType.ETHERNET, ethernet(0x8100, tags))).isFalse();
        assertThat(pkt.failure()).contains(DecodeFailure.HEADER_CHAIN_TOO_LONG);

        assertThat(decode(LinkType.RAW, TCP_V4)).isTrue();
        DecodeStats stats = decoder.stats();
        assertThat(stats.decoded()).isEqualTo(1);
        assertThat(stats.failedTotal()).isEqualTo(9);
        assertThat(stats.failed(DecodeFailure.NOT_IP)).isEqualTo(1);
        assertThat(stats.failed(DecodeFailure.BAD_IP_HEADER)).isEqualTo(1);
    }

    @Test
    void neverReadsOutsideTheFrameEvenWithGarbageAround() {
        java.util.Random random = new java.util.Random(7);
        byte[] room = new byte[256];
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(room);
            int offset = random.nextInt(64);
            int length = random.nextInt(room.length - offset + 1);
            int linkType = new int[] {0, 1, 12, 14, 101, 108, 113, 228, 229, 276}[random.nextInt(10)];
            // Random bytes must decode or fail cleanly: no exception, no read past the frame.
            ByteBuffer view = ByteBuffer.wrap(room, 0, offset + length).slice();
            decoder.decode(linkType, view, offset, length, random.nextInt(2000), pkt);
            if (pkt.failure().isEmpty()) {
                assertThat(pkt.payloadOffset() + pkt.payloadLength()).isLessThanOrEqualTo(offset + length);
            }
        }
        assertThat(decoder.stats().decoded() + decoder.stats().failedTotal()).isEqualTo(20_000);
    }

    @Test
    void anIpLengthBeyondTheFrameCountsWhatWasOnTheWireAndIsFlagged() {
        byte[] ip = ipv4(TCP, "10.0.0.1", "192.0.2.9", tcp(51413, 6881, 0x02, new byte[0]));
        ip[2] = (byte) 0xff; // total length 65535 in a 40-byte packet
        ip[3] = (byte) 0xff;
        byte[] frame = ethernet(0x0800, ip);
        assertThat(decode(LinkType.ETHERNET, frame)).isTrue();
        assertThat(pkt.ipLength()).isEqualTo(frame.length - 14);
        assertThat(pkt.ipLengthExceedsFrame()).isTrue();
        assertThat(pkt.wirePayloadLength()).isZero();

        byte[] v6 = ipv6(UDP, "2001:db8::1", "2001:db8::2", udp(5353, 53, HELLO));
        v6[4] = (byte) 0xff;
        assertThat(decode(LinkType.RAW, v6)).isTrue();
        assertThat(pkt.ipLength()).isEqualTo(v6.length);
        assertThat(pkt.ipLengthExceedsFrame()).isTrue();

        assertThat(decode(LinkType.RAW, TCP_V4)).isTrue();
        assertThat(pkt.ipLengthExceedsFrame()).isFalse();
    }
}
