package io.peerwatch.pcap;

import static io.peerwatch.testing.Captures.bytesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.testing.Captures.Pcapng;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapngReaderTest {

    @TempDir
    Path dir;

    private PacketReader open(byte[] bytes) throws IOException {
        return PacketFiles.open(Files.write(dir.resolve("t.pcapng"), bytes));
    }

    private static byte[] frame(int length, int seed) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    @Test
    void twoInterfacesWithTheirOwnLinkTypeAndResolution() throws Exception {
        byte[] file = new Pcapng(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.ETHERNET, 65535)                 // default resolution: microseconds
                .iface(LinkType.RAW, 0, 9, 0)                    // nanoseconds
                .epb(0, 1_600_000_000_123_456L, frame(60, 1))
                .epb(1, 1_600_000_000_123_456_789L, frame(41, 2))
                .bytes();
        try (PacketReader r = open(file)) {
            assertThat(r.format()).isEqualTo(PacketFileFormat.PCAPNG);
            assertThat(r.next()).isTrue();
            assertThat(r.packet().linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(r.packet().interfaceId()).isZero();
            assertThat(r.packet().timestampNanos()).isEqualTo(1_600_000_000_123_456_000L);
            assertThat(bytesOf(r.packet())).isEqualTo(frame(60, 1));
            assertThat(r.next()).isTrue();
            assertThat(r.packet().linkType()).isEqualTo(LinkType.RAW);
            assertThat(r.packet().interfaceId()).isEqualTo(1);
            assertThat(r.packet().timestampNanos()).isEqualTo(1_600_000_000_123_456_789L);
            assertThat(bytesOf(r.packet())).isEqualTo(frame(41, 2));
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void bigEndianSectionThenLittleEndianSectionWithNewInterfaces() throws Exception {
        byte[] file = new Pcapng(ByteOrder.BIG_ENDIAN)
                .iface(LinkType.LINUX_SLL, 0)
                .epb(0, 5_000_000L, frame(50, 3))
                .section(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.NULL, 0, 3, 0)                   // milliseconds
                .epb(0, 7_001L, frame(30, 4))
                .bytes();
        try (PacketReader r = open(file)) {
            assertThat(r.next()).isTrue();
            assertThat(r.packet().linkType()).isEqualTo(LinkType.LINUX_SLL);
            assertThat(r.packet().timestampNanos()).isEqualTo(5_000_000_000L);
            assertThat(r.next()).isTrue();
            assertThat(r.packet().linkType()).isEqualTo(LinkType.NULL);
            assertThat(r.packet().timestampNanos()).isEqualTo(7_001_000_000L);
            assertThat(bytesOf(r.packet())).isEqualTo(frame(30, 4));
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void binaryResolutionAndOffsetOption() throws Exception {
        // 2^-10 s units and a 100 s offset: 1536 units = 1.5 s.
        byte[] file = new Pcapng(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.ETHERNET, 0, 0x80 | 10, 100)
                .epb(0, 1536, frame(20, 0))
                .bytes();
        try (PacketReader r = open(file)) {
            assertThat(r.next()).isTrue();
            assertThat(r.packet().timestampNanos()).isEqualTo(101_500_000_000L);
        }
    }

    @Test
    void simplePacketBlocksUseInterfaceZeroAndThePreviousTime() throws Exception {
        byte[] file = new Pcapng(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.ETHERNET, 32)
                .epb(0, 2_000_000L, frame(32, 1))
                .spb(100, frame(32, 2))                          // snap length cuts it to 32
                .bytes();
        try (PacketReader r = open(file)) {
            assertThat(r.next()).isTrue();
            assertThat(r.next()).isTrue();
            assertThat(r.packet().capturedLength()).isEqualTo(32);
            assertThat(r.packet().originalLength()).isEqualTo(100);
            assertThat(r.packet().timestampNanos()).isEqualTo(2_000_000_000L);
            assertThat(bytesOf(r.packet())).isEqualTo(frame(32, 2));
        }
    }

    @Test
    void unknownBlocksAreSkipped() throws Exception {
        byte[] file = new Pcapng(ByteOrder.LITTLE_ENDIAN)
                .block(0x00000BAD, frame(13, 9))                 // custom block
                .iface(LinkType.ETHERNET, 0)
                .block(4, frame(8, 0))                           // name resolution block
                .block(5, frame(20, 0))                          // interface statistics
                .epb(0, 1, frame(10, 5))
                .bytes();
        try (PacketReader r = open(file)) {
            assertThat(r.next()).isTrue();
            assertThat(bytesOf(r.packet())).isEqualTo(frame(10, 5));
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void packetForAnUndefinedInterfaceIsAnError() throws Exception {
        byte[] file = new Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0)
                .epb(0, 1, frame(10, 1)).epb(3, 2, frame(10, 2)).bytes();
        try (PacketReader r = open(file)) {
            assertThat(r.next()).isTrue();
            assertThatThrownBy(r::next).isInstanceOf(PacketFileException.class)
                    .hasMessageContaining("interface 3").hasMessageContaining("defines 1");
        }
    }

    @Test
    void badBlockLengthsAreErrorsWithTheBlockOffset() throws Exception {
        byte[] good = new Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0).epb(0, 1, frame(10, 1)).bytes();
        int epbOffset = 28 + 24; // SHB 28 bytes, IDB 24 bytes (with the end-of-options option)
        // Length not a multiple of 4.
        byte[] odd = good.clone();
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(epbOffset + 4, 43);
        try (PacketReader r = open(odd)) {
            assertThatThrownBy(r::next).isInstanceOfSatisfying(PacketFileException.class, e -> {
                assertThat(e.offset()).isEqualTo(epbOffset);
                assertThat(e.reason()).contains("bad block length 43");
            });
        }
        // Trailer disagrees with the header.
        byte[] trailer = good.clone();
        ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN).putInt(trailer.length - 4, 36);
        try (PacketReader r = open(trailer)) {
            assertThatThrownBy(r::next).isInstanceOf(PacketFileException.class).hasMessageContaining("trailer");
        }
        // Block runs past the end of the file.
        try (PacketReader r = open(Arrays.copyOf(good, good.length - 8))) {
            assertThatThrownBy(r::next).isInstanceOf(PacketFileException.class)
                    .hasMessageContaining("at byte " + epbOffset).hasMessageContaining("truncated");
        }
        // Captured length larger than the block.
        byte[] caplen = good.clone();
        ByteBuffer.wrap(caplen).order(ByteOrder.LITTLE_ENDIAN).putInt(epbOffset + 20, 500);
        try (PacketReader r = open(caplen)) {
            assertThatThrownBy(r::next).isInstanceOf(PacketFileException.class).hasMessageContaining("overruns");
        }
    }

    @Test
    void truncatedBlockAfterPacketsKeepsTheDeliveredOnes() throws Exception {
        byte[] file = new Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0)
                .epb(0, 1, frame(10, 1)).epb(0, 2, frame(10, 2)).raw(new byte[] {6, 0, 0, 0, 40}).bytes();
        int delivered = 0;
        try (PacketReader r = open(file)) {
            try {
                while (r.next()) {
                    delivered++;
                }
            } catch (PacketFileException e) {
                assertThat(e.reason()).contains("truncated block header");
                assertThat(e.offset()).isEqualTo(file.length - 5);
            }
            assertThat(delivered).isEqualTo(2);
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void capturedLengthAboveInterfaceSnapLengthIsAnError() throws Exception {
        byte[] file = new Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 16).epb(0, 1, frame(20, 1)).bytes();
        try (PacketReader r = open(file)) {
            assertThatThrownBy(r::next).isInstanceOf(PacketFileException.class).hasMessageContaining("snap length 16");
        }
    }

    @Test
    void badByteOrderMagicIsAnError() throws Exception {
        byte[] file = new Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0).bytes();
        ByteBuffer.wrap(file).putInt(8, 0x01020304);
        try (PacketReader r = open(file)) {
            assertThatThrownBy(r::next).isInstanceOf(PacketFileException.class).hasMessageContaining("byte-order magic");
        }
    }

    @Test
    void afterACorruptBlockReadingResumesAtTheNextBlockWhoseLengthsAgree() throws Exception {
        Pcapng good = new Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 65535)
                .epb(0, 1_000, frame(60, 1));
        int corruptAt = good.bytes().length;
        // A packet block whose trailer disagrees with its header, then packets that are fine.
        byte[] bad = new Pcapng(ByteOrder.LITTLE_ENDIAN).epb(0, 2_000, frame(64, 9)).bytes();
        byte[] badBlock = Arrays.copyOfRange(bad, 28, bad.length);
        ByteBuffer.wrap(badBlock).order(ByteOrder.LITTLE_ENDIAN).putInt(badBlock.length - 4, 12);
        byte[] file = good.raw(badBlock).epb(0, 3_000, frame(70, 2)).epb(0, 4_000, frame(80, 3)).bytes();
        java.util.List<InputLoss> losses = new java.util.ArrayList<>();
        java.util.List<Integer> lengths = new java.util.ArrayList<>();
        try (PacketReader r = open(file)) {
            while (r.nextOrSkip(losses::add)) {
                lengths.add(r.packet().capturedLength());
            }
        }
        assertThat(lengths).containsExactly(60, 70, 80);
        assertThat(losses).singleElement().satisfies(l -> {
            assertThat(l.offset()).isEqualTo(corruptAt);
            assertThat(l.resumedAt()).isEqualTo(corruptAt + badBlock.length);
            assertThat(l.bytesSkipped()).isEqualTo(badBlock.length);
            assertThat(l.packet()).isEqualTo(2);
            assertThat(l.describe()).contains("trailer").contains(badBlock.length + " bytes skipped");
        });
    }

    @Test
    void aTruncatedLastBlockIsLostWithTheRestOfTheFile() throws Exception {
        byte[] whole = new Pcapng(ByteOrder.BIG_ENDIAN).iface(LinkType.ETHERNET, 65535)
                .epb(0, 1_000, frame(60, 1)).epb(0, 2_000, frame(60, 2)).bytes();
        java.util.List<InputLoss> losses = new java.util.ArrayList<>();
        int packets = 0;
        try (PacketReader r = open(Arrays.copyOf(whole, whole.length - 7))) {
            while (r.nextOrSkip(losses::add)) {
                packets++;
            }
        }
        assertThat(packets).isEqualTo(1);
        assertThat(losses).singleElement().satisfies(l -> {
            assertThat(l.resumed()).isFalse();
            assertThat(l.bytesSkipped()).isEqualTo(whole.length - 7 - l.offset());
            assertThat(l.describe()).contains("was not read");
        });
    }
}
