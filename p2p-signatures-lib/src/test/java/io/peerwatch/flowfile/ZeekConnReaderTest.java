package io.peerwatch.flowfile;

import static io.peerwatch.testing.ZeekLogs.CONN_TSV_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.detect.ConnOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZeekConnReaderTest {

    static String line(String orig, int origPort, String resp, int respPort, String proto, String duration,
            String state, String history, long origPkts, long origIpBytes, long respPkts, long respIpBytes) {
        return "1591367999.305988\tC1\t" + orig + "\t" + origPort + "\t" + resp + "\t" + respPort + "\t" + proto
                + "\t-\t" + duration + "\t0\t0\t" + state + "\tT\tT\t0\t" + history + "\t" + origPkts + "\t"
                + origIpBytes + "\t" + respPkts + "\t" + respIpBytes + "\t-";
    }

    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void oneRecordPerDirectionWithFlagsFromHistory() throws IOException {
        Path p = write("conn.log", CONN_TSV_HEADER + line("192.168.4.76", 46378, "31.3.245.133", 80, "tcp", "0.254786", "SF",
                "ShADadFf", 6, 397, 4, 511) + "\n");
        try (ZeekConnReader r = ZeekConnReader.open(p)) {
            List<FlowRecord> f = FlowFilesTest.all(r);
            assertThat(r.format()).isEqualTo(FlowFileFormat.ZEEK_CONN_TSV);
            assertThat(f).hasSize(2);
            FlowRecord out = f.get(0);
            assertThat(out.src()).isEqualTo(IpAddress.parse("192.168.4.76"));
            assertThat(out.dstPort()).isEqualTo(80);
            assertThat(out.packets()).isEqualTo(6);
            assertThat(out.bytes()).isEqualTo(397);
            assertThat(out.tcpFlags()).isEqualTo(0x02 | 0x10 | 0x08 | 0x01);
            assertThat(out.startMs()).isEqualTo(1591367999305L);
            assertThat(out.durationMs()).isEqualTo(254);
            assertThat(out.sourceKind()).isEqualTo(FlowSourceKind.ZEEK_CONN);
            FlowRecord back = f.get(1);
            assertThat(back.src()).isEqualTo(IpAddress.parse("31.3.245.133"));
            assertThat(back.srcPort()).isEqualTo(80);
            assertThat(back.packets()).isEqualTo(4);
            assertThat(back.bytes()).isEqualTo(511);
            assertThat(back.tcpFlags()).isEqualTo(0x02 | 0x10 | 0x08 | 0x01);
        }
    }

    @Test
    void failedAttemptsKeepTheirEvidence() throws IOException {
        String text = CONN_TSV_HEADER
                + line("10.0.0.5", 50000, "10.0.0.9", 445, "tcp", "-", "S0", "S", 2, 120, 0, 0) + "\n"
                + line("10.0.0.5", 50001, "10.0.0.10", 445, "tcp", "0.001", "REJ", "Sr", 1, 60, 1, 40) + "\n";
        try (ZeekConnReader r = ZeekConnReader.open(write("conn.log", text))) {
            ZeekConn s0 = r.nextConn().orElseThrow();
            ZeekConn rej = r.nextConn().orElseThrow();
            assertThat(s0.outcome()).isEqualTo(ConnOutcome.UNANSWERED);
            assertThat(rej.outcome()).isEqualTo(ConnOutcome.REJECTED);
            assertThat(s0.connState()).contains("S0");
            assertThat(s0.toFlows()).singleElement().satisfies(f -> {
                assertThat(f.tcpFlags()).isEqualTo(0x02);
                assertThat(f.durationMs()).isZero();
            });
            assertThat(rej.toFlows()).extracting(FlowRecord::tcpFlags).containsExactly(0x02, 0x04);
        }
    }

    @Test
    void icmpTypeAndCodeGoToTheDestinationPort() throws IOException {
        String text = CONN_TSV_HEADER + line("10.0.0.5", 8, "10.0.0.9", 0, "icmp", "1.0", "OTH", "-", 3, 252, 3, 252) + "\n"
                + line("fe80::1", 128, "fe80::2", 0, "icmp", "1.0", "OTH", "-", 1, 100, 0, 0) + "\n";
        try (ZeekConnReader r = ZeekConnReader.open(write("conn.log", text))) {
            List<FlowRecord> f = FlowFilesTest.all(r);
            assertThat(f).extracting(FlowRecord::ipProtocol).containsExactly(1, 1, 58);
            assertThat(f).extracting(FlowRecord::dstPort).containsExactly(8 << 8, 0, 128 << 8);
            assertThat(f).extracting(FlowRecord::srcPort).containsOnly(0);
        }
    }

    @Test
    void readsJsonConnLog() throws IOException {
        String json = "{\"ts\":1591367999.305988,\"uid\":\"CMdzit1AMNsmfAIiQc\",\"id.orig_h\":\"192.168.4.76\","
                + "\"id.orig_p\":36844,\"id.resp_h\":\"192.168.4.1\",\"id.resp_p\":53,\"proto\":\"udp\",\"service\":"
                + "\"dns\",\"duration\":0.066851,\"orig_bytes\":62,\"resp_bytes\":141,\"conn_state\":\"SF\","
                + "\"local_orig\":true,\"local_resp\":true,\"missed_bytes\":0,\"history\":\"Dd\",\"orig_pkts\":2,"
                + "\"orig_ip_bytes\":118,\"resp_pkts\":2,\"resp_ip_bytes\":197}\n";
        try (ZeekConnReader r = ZeekConnReader.open(write("conn.json", json))) {
            ZeekConn c = r.nextConn().orElseThrow();
            assertThat(r.format()).isEqualTo(FlowFileFormat.ZEEK_CONN_JSON);
            assertThat(c.uid()).isEqualTo("CMdzit1AMNsmfAIiQc");
            assertThat(c.service()).contains("dns");
            assertThat(c.origBytes()).isEqualTo(118);
            assertThat(c.respBytes()).isEqualTo(197);
            assertThat(c.outcome()).isEqualTo(ConnOutcome.ESTABLISHED);
            assertThat(c.toFlows()).extracting(FlowRecord::tcpFlags).containsOnly(0);
            assertThat(r.nextConn()).isEmpty();
        }
    }

    @Test
    void badLinesNameFileAndLineAndCanBeSkipped() throws IOException {
        String good = line("10.0.0.5", 1, "10.0.0.9", 2, "udp", "1.0", "SF", "Dd", 1, 50, 1, 50);
        String text = CONN_TSV_HEADER + good + "\n" + good.replace("\tudp\t", "\tsctp\t") + "\n"
                + good.replace("10.0.0.9", "fe80::9") + "\nshort\tline\n" + good + "\n";
        Path p = write("conn.log", text);
        try (ZeekConnReader strict = ZeekConnReader.open(p)) {
            assertThat(strict.nextConn()).isPresent();
            assertThatThrownBy(strict::nextConn).isInstanceOf(FlowFileException.class)
                    .hasMessage("conn.log:10: field 'proto': unknown transport 'sctp'");
        }
        List<FlowFileException> bad = new ArrayList<>();
        try (ZeekConnReader lenient = ZeekConnReader.open(p, bad::add)) {
            assertThat(FlowFilesTest.all(lenient)).hasSize(4);
            assertThat(lenient.skipped()).isEqualTo(3);
            assertThat(bad).extracting(FlowFileException::line).containsExactly(10L, 11L, 12L);
            assertThat(bad.get(1).reason()).contains("address families differ");
            assertThat(bad.get(2).reason()).contains("expected 21 fields, found 2");
        }
    }

    @Test
    void otherZeekLogsAreRefused() throws IOException {
        Path p = write("http.log", "#separator \\x09\n#path\thttp\n#fields\tts\turi\n#types\ttime\tstring\n1.0\t/\n");
        try (ZeekConnReader r = ZeekConnReader.open(p, e -> { })) {
            assertThatThrownBy(r::nextConn).isInstanceOf(FlowFileException.class)
                    .hasMessage("http.log:5: not a conn log (#path http)");
        }
        assertThatThrownBy(() -> ZeekConnReader.open(write("x.txt", "hello\n")))
                .isInstanceOf(FlowFileException.class).hasMessageContaining("x.txt:1: not a Zeek log");
    }

    @Test
    void implausibleCountersAndInvalidUtf8AreBadLinesAndReadingGoesOn() throws IOException {
        String good = line("10.0.0.5", 50000, "10.0.0.9", 445, "tcp", "-", "S0", "S", 2, 120, 0, 0);
        String huge = line("10.0.0.5", 50001, "10.0.0.9", 445, "tcp", "-", "SF", "S", 2, 1L << 62, 2, 1L << 62);
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        text.writeBytes((CONN_TSV_HEADER + good + "\n" + huge + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        text.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28, '\t', '\n'});
        text.writeBytes((good + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path p = dir.resolve("conn.log");
        Files.write(p, text.toByteArray());
        List<FlowFileException> bad = new ArrayList<>();
        try (ZeekConnReader r = ZeekConnReader.open(p, bad::add)) {
            assertThat(FlowFilesTest.all(r)).hasSize(2);
        }
        assertThat(bad).hasSize(2);
        assertThat(bad.get(0).reason()).contains("implausibly large");
        assertThat(bad.get(1).reason()).contains("not valid UTF-8");
    }
}
