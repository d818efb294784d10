package io.peerwatch.flowfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.IpAddress;
import io.peerwatch.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nfcapd files of the lab corpus (nfcapd 1.7.1 behind softflowd, uncompressed) against nfdump's
 * own CSV of the same files ({@code nfdump -R DIR -o csv}, in the corpus beside them), and every
 * way a file can be broken.
 */
class NfcapdReaderTest {

    @TempDir
    Path dir;

    private static List<FlowRecord> readAll(FlowFileReader r) throws IOException {
        return FlowFilesTest.all(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v5", "v9", "v10"})
    void everyFlowOfTheCorpusFilesIsTheOneNfdumpPrints(String version) throws IOException {
        Path nfcapd = Corpus.lab("netflow/nfcapd-" + version + "-s1.202611251200");
        assertThat(FlowFiles.detect(nfcapd)).isEqualTo(FlowFileFormat.NFCAPD);
        List<FlowRecord> binary;
        try (FlowFileReader r = FlowFiles.open(nfcapd)) {
            assertThat(r.format()).isEqualTo(FlowFileFormat.NFCAPD);
            binary = readAll(r);
        }
        List<FlowRecord> csv;
        try (FlowFileReader r = NfdumpCsvReader.open(Corpus.lab("netflow/flows-netflow-" + version + "-s1.csv"))) {
            csv = readAll(r);
        }
        assertThat(binary).hasSameSizeAs(csv).isNotEmpty();
        for (int i = 0; i < csv.size(); i++) {
            FlowRecord b = binary.get(i);
            FlowRecord c = csv.get(i);
            String at = version + " flow " + i;
            assertThat(b.sourceKind()).isEqualTo(FlowSourceKind.NFCAPD);
            // nfdump's CSV prints whole seconds plus a millisecond duration; the file has milliseconds
            assertThat(b.startMs()).as(at).isBetween(c.startMs(), c.startMs() + 999);
            assertThat(b.endMs() - b.startMs()).as(at).isEqualTo(c.endMs() - c.startMs());
            assertThat(b.toBuilder().time(c.startMs(), c.endMs()).sourceKind(c.sourceKind()).build()).as(at).isEqualTo(c);
        }
    }

    @Test
    void theFileHeaderIsCheckedBeforeAnyRecord() throws IOException {
        byte[] good = Files.readAllBytes(Corpus.lab("netflow/nfcapd-v9-s1.202611251200"));
        assertThat(openError(new byte[0])).contains("not an nfcapd file");
        assertThat(openError("ts,te,td\n".getBytes())).contains("not an nfcapd file");
        assertThat(openError(java.util.Arrays.copyOf(good, 20))).contains("header cut after 20 of 40 bytes");
        assertThat(openError(patch(good, 2, 1))).contains("nfdump 1.6 or older").contains("nfdump -r FILE -w NEWFILE");
        assertThat(openError(patch(good, 2, 7))).contains("layout 7 is not supported");
        assertThat(openError(patch(good, 16, 2))).contains("BZ2").contains("nfdump -r FILE -y -w NEWFILE");
        assertThat(openError(patch(good, 16, 3))).as("no decompressor in the library's own tests")
                .contains("LZ4-compressed nfcapd file and no decompressor");
        assertThat(openError(patch(good, 16, 9))).contains("unknown nfcapd compression 9");
        assertThat(openError(patch(good, 17, 1))).contains("encrypted");
        byte[] bigEndian = good.clone();
        bigEndian[0] = (byte) 0xa5;
        bigEndian[1] = 0x0c;
        assertThat(openError(bigEndian)).contains("big-endian");
    }

    @Test
    void aFileCutAnywhereKeepsTheRecordsBeforeTheCutAndNamesWhere() throws IOException {
        byte[] good = Files.readAllBytes(Corpus.lab("netflow/nfcapd-v9-s1.202611251200"));
        int all = readAll(NfcapdReader.of(new ByteArrayInputStream(good), "f", null)).size();
        int cutsThatFailed = 0;
        for (int n = NfcapdReader.FILE_HEADER_SIZE; n < good.length; n++) {
            List<FlowRecord> got = new ArrayList<>();
            try (NfcapdReader r = NfcapdReader.of(new ByteArrayInputStream(good, 0, n), "f", null)) {
                for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
                    got.add(f.get());
                }
            } catch (FlowFileException e) {
                cutsThatFailed++;
                assertThat(e.getMessage()).as("cut at %d", n).startsWith("f:").containsPattern("byte \\d+");
            }
            assertThat(got.size()).as("cut at %d", n).isLessThanOrEqualTo(all);
        }
        // one block holds every flow: a file cut inside it keeps none, but says so
        assertThat(cutsThatFailed).isPositive();
    }

    @Test
    void aRecordRunningPastItsBlockEndsTheFileWithItsPosition() throws IOException {
        byte[] good = Files.readAllBytes(Corpus.lab("netflow/nfcapd-v9-s1.202611251200"));
        // the first record of the first block starts after the file and block headers; make it too long
        int first = NfcapdReader.FILE_HEADER_SIZE + NfcapdReader.BLOCK_HEADER_SIZE;
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putShort(first + 2, (short) 0xfff0);
        assertThatThrownBy(() -> readAll(NfcapdReader.of(new ByteArrayInputStream(bad), "f", null)))
                .isInstanceOf(FlowFileException.class).hasMessageContaining("runs past its block")
                .hasMessageContaining("byte " + first);
    }

    @Test
    void aFlowRecordWithoutAddressesIsABadRecordAndTheOthersStay() throws IOException {
        byte[] good = Files.readAllBytes(Corpus.lab("netflow/nfcapd-v9-s1.202611251200"));
        int all = readAll(NfcapdReader.of(new ByteArrayInputStream(good), "f", null)).size();
        // turn the IPv4 element of the first flow record into an unknown element type
        ByteBuffer b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int p = firstFlowRecord(b);
        int elements = b.getShort(p + 4);
        int e = p + NfcapdReader.V3_HEADER_SIZE;
        for (int i = 0; i < elements; i++) {
            if (b.getShort(e) == NfcapdReader.EX_IPV4_FLOW) {
                b.putShort(e, (short) 999);
            }
            e += b.getShort(e + 2);
        }
        List<FlowFileException> bad = new ArrayList<>();
        List<FlowRecord> kept;
        try (NfcapdReader r = NfcapdReader.of(new ByteArrayInputStream(b.array()), "f", bad::add)) {
            kept = readAll(r);
            assertThat(r.skipped()).isEqualTo(1);
        }
        assertThat(kept).hasSize(all - 1);
        assertThat(bad).singleElement().satisfies(x -> assertThat(x.getMessage())
                .contains("without an IPv4 or IPv6 address element").containsPattern("byte \\d+"));
    }

    @Test
    void ipv6AndReverseCountersAsNfdumpStoresThem() throws IOException {
        // One hand-made V3 record (nfxV3.h): generic flow, IPv6 addresses, misc (egress), counters
        // with a reverse direction, the exporter's IPv6 address; fields little-endian, each IPv6
        // address as two host-order 64-bit halves, high half first.
        ByteBuffer r = ByteBuffer.allocate(12 + 52 + 36 + 20 + 28 + 20).order(ByteOrder.LITTLE_ENDIAN);
        r.putShort((short) NfcapdReader.V3_RECORD).putShort((short) r.capacity()).putShort((short) 5)
                .put((byte) 1).put((byte) 2).putShort((short) 1).put((byte) 0).put((byte) 10);
        r.putShort((short) NfcapdReader.EX_GENERIC_FLOW).putShort((short) 52)
                .putLong(1_764_072_000_000L).putLong(1_764_072_005_000L).putLong(0).putLong(10).putLong(4_000)
                .putShort((short) 51413).putShort((short) 6881).put((byte) 6).put((byte) 0x1b).put((byte) 0).put((byte) 0);
        IpAddress src = IpAddress.parse("2001:db8::1");
        IpAddress dst = IpAddress.parse("2001:db8:1::2");
        r.putShort((short) NfcapdReader.EX_IPV6_FLOW).putShort((short) 36);
        putV6(r, src);
        putV6(r, dst);
        r.putShort((short) NfcapdReader.EX_FLOW_MISC).putShort((short) 20).putInt(3).putInt(4)
                .put((byte) 64).put((byte) 64).put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0)
                .put((byte) 0);
        r.putShort((short) NfcapdReader.EX_CNT_FLOW).putShort((short) 28).putLong(1).putLong(7).putLong(900);
        r.putShort((short) NfcapdReader.EX_IP_RECEIVED_V6).putShort((short) 20);
        putV6(r, IpAddress.parse("2001:db8:ffff::9"));
        byte[] file = file(r.array(), 1);
        List<FlowRecord> got = readAll(NfcapdReader.of(new ByteArrayInputStream(file), "f", null));
        assertThat(got).hasSize(2);
        FlowRecord f = got.get(0);
        assertThat(f.src()).isEqualTo(src);
        assertThat(f.dst()).isEqualTo(dst);
        assertThat(f.srcPort()).isEqualTo(51413);
        assertThat(f.dstPort()).isEqualTo(6881);
        assertThat(f.packets()).isEqualTo(10);
        assertThat(f.bytes()).isEqualTo(4_000);
        assertThat(f.tcpFlags()).isEqualTo(0x1b);
        assertThat(f.startMs()).isEqualTo(1_764_072_000_000L);
        assertThat(f.endMs()).isEqualTo(1_764_072_005_000L);
        assertThat(f.inputInterface()).isEqualTo(3);
        assertThat(f.outputInterface()).isEqualTo(4);
        assertThat(f.direction()).isEqualTo(io.peerwatch.core.FlowDirection.EGRESS);
        assertThat(f.observationDomain()).isEqualTo(258);
        assertThat(f.exporter()).contains(IpAddress.parse("2001:db8:ffff::9"));
        FlowRecord back = got.get(1);
        assertThat(back.src()).isEqualTo(dst);
        assertThat(back.srcPort()).isEqualTo(6881);
        assertThat(back.dst()).isEqualTo(src);
        assertThat(back.packets()).isEqualTo(7);
        assertThat(back.bytes()).isEqualTo(900);
        assertThat(back.inputInterface()).isEqualTo(4);
    }

    private static void putV6(ByteBuffer b, IpAddress a) {
        ByteBuffer be = ByteBuffer.wrap(a.toBytes());
        b.putLong(be.getLong()).putLong(be.getLong());
    }

    /** An uncompressed layout-2 file of one block holding {@code records}. */
    static byte[] file(byte[] records, int count) {
        ByteBuffer f = ByteBuffer.allocate(NfcapdReader.FILE_HEADER_SIZE + NfcapdReader.BLOCK_HEADER_SIZE + records.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        f.putShort((short) NfcapdReader.MAGIC).putShort((short) NfcapdReader.LAYOUT_VERSION_2).putInt(0x01070100)
                .putLong(1_764_072_000L).put((byte) 0).put((byte) 0).putShort((short) 0).putInt(1).putLong(0).putInt(0)
                .putInt(1);
        f.putInt(count).putInt(records.length).putShort((short) NfcapdReader.DATA_BLOCK_TYPE_3).putShort((short) 0);
        f.put(records);
        return f.array();
    }

    /** Offset of the first V3 record of the first block. */
    static int firstFlowRecord(ByteBuffer b) {
        int p = NfcapdReader.FILE_HEADER_SIZE + NfcapdReader.BLOCK_HEADER_SIZE;
        while (b.getShort(p) != NfcapdReader.V3_RECORD) {
            p += b.getShort(p + 2);
        }
        return p;
    }

    private String openError(byte[] bytes) throws IOException {
        Path p = dir.resolve("nfcapd.test");
        Files.write(p, bytes);
        try (NfcapdReader r = NfcapdReader.open(p, null)) {
            throw new AssertionError("opened: " + r.source());
        } catch (FlowFileException e) {
            assertThat(e.getMessage()).startsWith("nfcapd.test");
            return e.getMessage();
        }
    }

    private static byte[] patch(byte[] good, int at, int value) {
        byte[] b = good.clone();
        b[at] = (byte) value;
        return b;
    }
}
