package io.peerwatch.pcap;

import static io.peerwatch.testing.Captures.bytesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.testing.Captures.Pcap;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] frame(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    @Test
    void readsLittleEndianMicrosecondFile() throws Exception {
        Path f = write("le.pcap", Pcap.ethernetMicros()
                .packet(1_600_000_000L, 123_456, frame(60, 1))
                .record(1_600_000_001L, 999_999, 40, 1514, frame(40, 7))
                .bytes());
        try (PacketReader r = PacketFiles.open(f)) {
            assertThat(r.format()).isEqualTo(PacketFileFormat.PCAP);
            assertThat(r.next()).isTrue();
            PacketView p = r.packet();
            assertThat(p.timestampNanos()).isEqualTo(1_600_000_000_123_456_000L);
            assertThat(p.timestampMicros()).isEqualTo(1_600_000_000_123_456L);
            assertThat(p.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(p.capturedLength()).isEqualTo(60);
            assertThat(bytesOf(p)).isEqualTo(frame(60, 1));
            assertThat(p.fileOffset()).isEqualTo(24);
            assertThat(r.next()).isTrue();
            assertThat(r.packet().capturedLength()).isEqualTo(40);
            assertThat(r.packet().originalLength()).isEqualTo(1514);
            assertThat(bytesOf(r.packet())).isEqualTo(frame(40, 7));
            assertThat(r.packet().index()).isEqualTo(1);
            assertThat(r.next()).isFalse();
            assertThat(r.packetCount()).isEqualTo(2);
            assertThat(r.position()).isEqualTo(r.size());
        }
    }

    @Test
    void readsBigEndianNanosecondFile() throws Exception {
        Path f = write("be.pcap", new Pcap(ByteOrder.BIG_ENDIAN, 0xa1b23c4d, 262144, LinkType.RAW)
                .packet(1_700_000_000L, 987_654_321, frame(28, 3))
                .bytes());
        try (PacketReader r = PacketFiles.open(f)) {
            assertThat(r.next()).isTrue();
            assertThat(r.packet().timestampNanos()).isEqualTo(1_700_000_000_987_654_321L);
            assertThat(r.packet().linkType()).isEqualTo(LinkType.RAW);
            assertThat(bytesOf(r.packet())).isEqualTo(frame(28, 3));
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void readsKuznetzovRecordsWithLongerHeaders() throws Exception {
        Pcap p = new Pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2cd34, 65535, LinkType.ETHERNET);
        // Kuznetzov headers: the usual 16 bytes, then ifindex, protocol, pkt_type, padding (8 bytes).
        p.record(5, 6, 20, 20, new byte[0]).raw(new byte[8]).raw(frame(20, 9));
        try (PacketReader r = PacketFiles.open(write("k.pcap", p.bytes()))) {
            assertThat(r.next()).isTrue();
            assertThat(bytesOf(r.packet())).isEqualTo(frame(20, 9));
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void truncatedRecordThrowsWithOffsetAfterDeliveringEarlierPackets() throws Exception {
        byte[] whole = Pcap.ethernetMicros().packet(1, 0, frame(60, 1)).packet(2, 0, frame(60, 2))
                .packet(3, 0, frame(100, 3)).bytes();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 30);
        Path f = write("cut.pcap", cut);
        List<Long> delivered = new ArrayList<>();
        try (PacketReader r = PacketFiles.open(f)) {
            assertThatThrownBy(() -> {
                while (r.next()) {
                    delivered.add(r.packet().timestampNanos() / 1_000_000_000L);
                }
            }).isInstanceOfSatisfying(PacketFileException.class, e -> {
                long third = 24 + 2 * (16 + 60);
                assertThat(e.offset()).isEqualTo(third);
                assertThat(e.file()).isEqualTo(f);
                assertThat(e.getMessage()).contains("cut.pcap").contains("at byte " + third).contains("truncated");
            });
            assertThat(delivered).containsExactly(1L, 2L);
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void truncatedRecordHeaderIsReported() throws Exception {
        byte[] b = Pcap.ethernetMicros().packet(1, 0, frame(60, 1)).raw(new byte[7]).bytes();
        try (PacketReader r = PacketFiles.open(write("hdr.pcap", b))) {
            assertThat(r.next()).isTrue();
            assertThatThrownBy(r::next).isInstanceOf(PacketFileException.class)
                    .hasMessageContaining("at byte 100").hasMessageContaining("record header");
        }
    }

    @Test
    void capturedLengthAboveSnapLengthIsRejected() throws Exception {
        byte[] b = new Pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 64, LinkType.ETHERNET)
                .packet(1, 0, frame(64, 0)).packet(2, 0, frame(65, 0)).bytes();
        try (PacketReader r = PacketFiles.open(write("snap.pcap", b))) {
            assertThat(r.next()).isTrue();
            assertThatThrownBy(r::next).isInstanceOf(PacketFileException.class)
                    .hasMessageContaining("exceeds the snap length 64").hasMessageContaining("at byte 104");
        }
    }

    @Test
    void badMagicAndShortFilesAreRejectedAtOffsetZero() throws Exception {
        Path text = write("notes.pcap", "hello, this is not a capture".getBytes());
        assertThatThrownBy(() -> PacketFiles.open(text)).isInstanceOfSatisfying(PacketFileException.class, e -> {
            assertThat(e.offset()).isZero();
            assertThat(e.getMessage()).contains("notes.pcap").contains("not a pcap or pcapng file");
        });
        Path tiny = write("tiny.pcap", new byte[] {(byte) 0xd4, (byte) 0xc3});
        assertThatThrownBy(() -> PacketFiles.open(tiny)).isInstanceOf(PacketFileException.class)
                .hasMessageContaining("too short");
        Path header = write("header.pcap", java.util.Arrays.copyOf(Pcap.ethernetMicros().bytes(), 20));
        assertThatThrownBy(() -> PacketFiles.open(header)).isInstanceOf(PacketFileException.class)
                .hasMessageContaining("truncated pcap file header");
        Path missing = dir.resolve("missing.pcap");
        assertThatThrownBy(() -> PacketFiles.open(missing)).isInstanceOf(PacketFileException.class)
                .hasMessageContaining("cannot open");
    }

    @Test
    void emptyCaptureHasNoPackets() throws Exception {
        try (PacketReader r = PacketFiles.open(write("empty.pcap", Pcap.ethernetMicros().bytes()))) {
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void smallMappingWindowsGiveTheSamePackets() throws Exception {
        Pcap p = Pcap.ethernetMicros();
        for (int i = 0; i < 200; i++) {
            p.packet(i, i, frame(20 + (i * 37) % 300, i));
        }
        Path f = write("many.pcap", p.bytes());
        // A 128-byte window forces a remap for most records: the path files over 2 GB take.
        try (PacketReader small = PacketFiles.open(f, 128); PacketReader normal = PacketFiles.open(f)) {
            int n = 0;
            while (normal.next()) {
                assertThat(small.next()).isTrue();
                assertThat(bytesOf(small.packet())).isEqualTo(bytesOf(normal.packet()));
                assertThat(small.packet().timestampNanos()).isEqualTo(normal.packet().timestampNanos());
                n++;
            }
            assertThat(small.next()).isFalse();
            assertThat(n).isEqualTo(200);
        }
    }

    @Test
    void afterACorruptRecordReadingResumesAtTheNextPlausibleOne() throws Exception {
        Path f = write("resync.pcap", new Pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 1500, LinkType.ETHERNET)
                .packet(1_700_000_000L, 0, frame(60, 1))
                .record(1_700_000_001L, 0, 70_000, 70_000, new byte[100])
                .packet(1_700_000_002L, 5, frame(70, 2))
                .packet(1_700_000_003L, 6, frame(80, 3))
                .bytes());
        try (PacketReader r = PacketFiles.open(f)) {
            assertThat(r.next()).isTrue();
            assertThatThrownBy(r::next).isInstanceOf(PacketFileException.class)
                    .hasMessageContaining("at byte 100: captured length 70000 exceeds the snap length 1500");
            assertThat(r.next()).as("finished until resynchronised").isFalse();
            assertThat(r.resync()).isEqualTo(24 + 16 + 60 + 16 + 100);
            assertThat(r.next()).isTrue();
            assertThat(bytesOf(r.packet())).isEqualTo(frame(70, 2));
            assertThat(r.next()).isTrue();
            assertThat(bytesOf(r.packet())).isEqualTo(frame(80, 3));
            assertThat(r.next()).isFalse();
        }
        Path cut = write("cut.pcap", Pcap.ethernetMicros().packet(1_700_000_000L, 0, frame(60, 1))
                .record(1_700_000_001L, 0, 100, 100, new byte[10]).bytes());
        try (PacketReader r = PacketFiles.open(cut)) {
            assertThat(r.next()).isTrue();
            assertThatThrownBy(r::next).isInstanceOf(PacketFileException.class);
            assertThat(r.resync()).as("nothing plausible follows").isEqualTo(-1);
            assertThat(r.next()).isFalse();
        }
    }
}
