package io.peerwatch.flowfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.testing.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NfdumpCsvReaderTest {
    /** A file of the lab's NetFlow scenario ({@link Corpus}). */
    static Path lab(String name) {
        return Corpus.lab("netflow/" + name);
    }
    static final String HEADER = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,"
            + "dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,"
            + "mpls10,cl,sl,al,ra,eng,exid,tr";
    static final String TAIL = ",0.0.0.0,0.0.0.0,0,0,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,"
            + "00:00:00:00:00:00,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,    0.000,    0.000,"
            + "    0.000,10.9.9.9,1/2,1,2026-11-25 12:07:23.350";

    static String row(String ts, String te, String td, String sa, String da, String sp, String dp, String pr,
            String flg, String pkts, String bytes, String dir) {
        return ts + "," + te + "," + td + "," + sa + "," + da + "," + sp + "," + dp + "," + pr + "," + flg + ",0,0,"
                + pkts + "," + bytes + ",0,0,3,4,0,0,0,0,0," + dir + TAIL;
    }

    static NfdumpCsvReader reader(String text, List<FlowFileException> bad) throws IOException {
        return NfdumpCsvReader.of(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test.csv", ZoneId.of("UTC"),
                bad == null ? null : bad::add);
    }

    @Test
    void readsTheLabExportsCsv() throws IOException {
        for (String v : List.of("v5", "v9", "v10")) {
            try (NfdumpCsvReader r = NfdumpCsvReader.open(lab("flows-netflow-" + v + "-s1.csv"))) {
                List<FlowRecord> flows = FlowFilesTest.all(r);
                assertThat(flows).hasSize(97);
                assertThat(flows.stream().mapToLong(FlowRecord::packets).sum()).isEqualTo(28651);
                assertThat(flows.stream().mapToLong(FlowRecord::bytes).sum()).isEqualTo(27215914);
                assertThat(flows).allMatch(f -> f.sourceKind() == FlowSourceKind.NFDUMP_CSV
                        && f.exporter().equals(Optional.of(IpAddress.parse("127.0.0.1"))));
                assertThat(r.skipped()).isZero();
            }
        }
    }

    @Test
    void parsesOneRowFully() throws IOException {
        String text = HEADER + "\n" + row("2026-11-25 12:05:44", "2026-11-25 12:05:50", "6.580", "198.18.1.11",
                "198.18.1.12", "51413", "34418", "TCP", "...AP.SF", "2856", "3297384", "1") + "\n"
                + row("2026-11-25 12:06:27", "2026-11-25 12:06:27", "0.000", "2001:db8::1", "2001:db8::2", "0", "3.3",
                "ICMP6", "........", "1", "86", "0") + "\nSummary\nflows,bytes\n2,3\n";
        List<FlowRecord> flows = FlowFilesTest.all(reader(text, null));

        assertThat(flows).hasSize(2);
        FlowRecord f = flows.get(0);
        long start = Instant.parse("2026-11-25T12:05:44Z").toEpochMilli();
        assertThat(f.startMs()).isEqualTo(start);
        assertThat(f.endMs()).isEqualTo(start + 6580);
        assertThat(f.srcPort()).isEqualTo(51413);
        assertThat(f.ipProtocol()).isEqualTo(6);
        assertThat(f.tcpFlags()).isEqualTo(0x1b);
        assertThat(f.packets()).isEqualTo(2856);
        assertThat(f.bytes()).isEqualTo(3297384);
        assertThat(f.inputInterface()).isEqualTo(3);
        assertThat(f.outputInterface()).isEqualTo(4);
        assertThat(f.direction()).isEqualTo(FlowDirection.EGRESS);
        assertThat(f.exporter()).contains(IpAddress.parse("10.9.9.9"));
        assertThat(f.observationDomain()).isEqualTo(258);
        assertThat(flows.get(1).dstPort()).isEqualTo(3 * 256 + 3);
        assertThat(flows.get(1).ipProtocol()).isEqualTo(58);
        assertThat(flows.get(1).direction()).isEqualTo(FlowDirection.UNKNOWN);
    }

    @Test
    void endBeforeStartIsClampedAndInconsistentDurationIgnored() throws IOException {
        // nfdump 1.7.1's own IPFIX mis-decoding: te before ts and a wrapped duration
        String text = HEADER + "\n" + row("2026-11-25 12:05:51", "2026-11-25 12:05:44", "18446744073709544.000",
                "10.0.0.1", "10.0.0.2", "1", "2", "UDP", "........", "1", "100", "0") + "\n";
        FlowRecord f = FlowFilesTest.all(reader(text, null)).get(0);
        assertThat(f.endMs()).isEqualTo(f.startMs());
        // in the same second: the wrapped duration (2^64 ms less 802) is no duration at all, not 384 ms
        String same = HEADER + "\n" + row("2026-11-25 12:06:08", "2026-11-25 12:06:08", "18446744073709552.000",
                "10.0.0.1", "10.0.0.2", "1", "2", "UDP", "........", "1", "100", "0") + "\n";
        FlowRecord g = FlowFilesTest.all(reader(same, null)).get(0);
        assertThat(g.endMs()).isEqualTo(g.startMs());
    }

    @Test
    void badLinesFailFastOrAreSkippedByPolicy() throws IOException {
        String good = row("2026-11-25 12:05:44", "2026-11-25 12:05:50", "6.580", "10.0.0.1", "10.0.0.2", "1", "2",
                "TCP", "......S.", "1", "60", "0");
        String badAddress = good.replace("10.0.0.1", "10.0.0.x");
        String text = HEADER + "\n" + good + "\n" + badAddress + "\nnot,enough,columns\n\n" + good + "\n";

        NfdumpCsvReader strict = reader(text, null);
        assertThat(strict.next()).isPresent();
        assertThatThrownBy(strict::next).isInstanceOf(FlowFileException.class)
                .hasMessage("test.csv:3: bad source address '10.0.0.x'")
                .satisfies(e -> assertThat(((FlowFileException) e).line()).isEqualTo(3));

        List<FlowFileException> bad = new ArrayList<>();
        NfdumpCsvReader lenient = reader(text, bad);
        assertThat(FlowFilesTest.all(lenient)).hasSize(2);
        assertThat(lenient.skipped()).isEqualTo(2);
        assertThat(bad).extracting(FlowFileException::line).containsExactly(3L, 4L);
        assertThat(bad.get(1).reason()).contains("expected 48 columns, found 3");
    }

    @Test
    void aFileThatIsNotNfdumpCsvIsRejected() {
        assertThatThrownBy(() -> reader("#separator \\x09\n", new ArrayList<>()))
                .isInstanceOf(FlowFileException.class).hasMessageContaining("test.csv:1: not an nfdump CSV header");
        assertThatThrownBy(() -> reader("", null)).isInstanceOf(FlowFileException.class)
                .hasMessageContaining("empty file");
    }

    @Test
    void flagStringsOfBothNfdumpGenerations() {
        assertThat(NfdumpCsvReader.flags("...AP.SF")).isEqualTo(0x1b);
        assertThat(NfdumpCsvReader.flags(".AP.SF")).isEqualTo(0x1b);
        assertThat(NfdumpCsvReader.flags("CE......")).isEqualTo(0xc0);
        assertThat(NfdumpCsvReader.flags("........")).isZero();
    }

    @Test
    void implausibleCountersNotUtf8AndOverlongLinesAreBadLinesAndReadingGoesOn() throws IOException {
        String good = row("2026-11-25 12:05:44", "2026-11-25 12:05:50", "6.580", "10.0.0.1", "10.0.0.2", "1", "2",
                "TCP", "......S.", "1", "60", "0");
        String huge = good.replace(",1,60,", ",1," + (1L << 62) + ",");
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        text.writeBytes((HEADER + "\n" + good + "\n" + huge + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        text.writeBytes(new byte[] {'1', (byte) 0xff, (byte) 0xfe, ',', '\n'});
        text.writeBytes(new byte[io.peerwatch.core.TextLines.DEFAULT_MAX_LINE_BYTES + 10]);
        text.writeBytes(("\n" + good + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<FlowFileException> bad = new ArrayList<>();
        NfdumpCsvReader r = NfdumpCsvReader.of(new java.io.ByteArrayInputStream(text.toByteArray()), "test.csv",
                ZoneId.of("UTC"), bad::add);
        assertThat(FlowFilesTest.all(r)).hasSize(2);
        assertThat(bad).extracting(FlowFileException::line).containsExactly(3L, 4L, 5L);
        assertThat(bad.get(0).reason()).contains("implausibly large");
        assertThat(bad.get(1).reason()).contains("not valid UTF-8");
        assertThat(bad.get(2).reason()).contains("line longer than");
    }
}
