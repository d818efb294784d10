package io.peerwatch.flowfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.netflow.ExporterStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowFilesTest {
    @TempDir
    Path dir;

    static List<FlowRecord> all(FlowFileReader r) throws IOException {
        List<FlowRecord> out = new ArrayList<>();
        for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
            out.add(f.get());
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "export-netflow-v5-s1.pcap, EXPORT_PCAP, NETFLOW_V5",
        "export-netflow-v9-s1.pcap, EXPORT_PCAP, NETFLOW_V9",
        "export-netflow-v10-s1.pcap, EXPORT_PCAP, IPFIX",
        "flows-netflow-v9-s1.csv, NFDUMP_CSV, NFDUMP_CSV"})
    void opensEachLabFileByContent(String name, FlowFileFormat format, FlowSourceKind kind) throws IOException {
        try (FlowFileReader r = FlowFiles.open(NfdumpCsvReaderTest.lab(name))) {
            List<FlowRecord> flows = all(r);
            assertThat(r.format()).isEqualTo(format);
            assertThat(r.source()).isEqualTo(name);
            assertThat(flows).hasSize(97).allMatch(f -> f.sourceKind() == kind);
            assertThat(flows.stream().mapToLong(FlowRecord::packets).sum()).isEqualTo(28651);
            assertThat(r.skipped()).isZero();
        }
    }

    @Test
    void collectorPortFilterAndStats() throws IOException {
        try (ExportPcapReader r = ExportPcapReader.open(NfdumpCsvReaderTest.lab("export-netflow-v9-s1.pcap"),
                OptionalInt.of(10095), DecoderConfig.defaults(), null)) {
            assertThat(all(r)).hasSize(97);
            assertThat(r.datagrams()).isEqualTo(10);
            assertThat(r.ignoredPackets()).isZero();
            assertThat(r.exporterStats()).singleElement().extracting(ExporterStats::flows).isEqualTo(97L);
        }
        try (ExportPcapReader r = ExportPcapReader.open(NfdumpCsvReaderTest.lab("export-netflow-v9-s1.pcap"),
                OptionalInt.of(2055), DecoderConfig.defaults(), null)) {
            assertThat(all(r)).isEmpty();
            assertThat(r.ignoredPackets()).isEqualTo(10);
        }
    }

    @Test
    void aTruncatedCaptureGivesItsFlowsThenAClearError() throws IOException {
        byte[] full = Files.readAllBytes(NfdumpCsvReaderTest.lab("export-netflow-v9-s1.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(full, full.length - 100));

        List<FlowFileException> bad = new ArrayList<>();
        try (FlowFileReader r = FlowFiles.open(cut, bad::add)) {
            assertThat(all(r)).hasSizeBetween(80, 96);
        }
        assertThat(bad).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("cut.pcap");
            assertThat(e.line()).isEqualTo(10);
            assertThat(e.getMessage()).contains("cut.pcap");
        });

        try (FlowFileReader strict = FlowFiles.open(cut)) {
            assertThatThrownBy(() -> all(strict)).isInstanceOf(FlowFileException.class).hasMessageStartingWith("cut.pcap:10: ");
        }
    }

    /** A classic pcap (Ethernet, IPv4, UDP from 127.0.0.1:9999 to port 2055) of the given payloads. */
    static byte[] pcap(byte[]... payloads) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + payloads.length * (16 + 42) + 
                Arrays.stream(payloads).mapToInt(x -> x.length).sum()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int t = 1_700_000_000;
        for (byte[] p : payloads) {
            int len = 42 + p.length;
            b.putInt(t++).putInt(0).putInt(len).putInt(len);
            b.order(java.nio.ByteOrder.BIG_ENDIAN);
            b.put(new byte[12]).putShort((short) 0x0800);
            b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + p.length)).putInt(0).put((byte) 64).put((byte) 17)
                    .putShort((short) 0).putInt(0x7f000001).putInt(0x7f000001);
            b.putShort((short) 9999).putShort((short) 2055).putShort((short) (8 + p.length)).putShort((short) 0);
            b.put(p);
            b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        return b.array();
    }

    @Test
    void dataWithoutTemplateIsReportedAtTheEndOfTheCapture() throws IOException {
        byte[] v9 = java.nio.ByteBuffer.allocate(20 + 8).putShort((short) 9).putShort((short) 1).putInt(0).putInt(0)
                .putInt(0).putInt(0).putShort((short) 300).putShort((short) 8).putInt(0).array();
        byte[] notExport = "hello, DNS?".getBytes();
        Path file = dir.resolve("orphans.pcap");
        Files.write(file, pcap(notExport, v9));

        List<FlowFileException> bad = new ArrayList<>();
        try (ExportPcapReader r = ExportPcapReader.open(file, OptionalInt.empty(), DecoderConfig.defaults(), bad::add)) {
            assertThat(all(r)).isEmpty();
            assertThat(r.ignoredPackets()).isEqualTo(1);
            assertThat(r.datagrams()).isEqualTo(1);
        }
        assertThat(bad).singleElement().satisfies(e -> {
            assertThat(e.line()).isZero();
            assertThat(e.getMessage()).startsWith("orphans.pcap: datagram from 127.0.0.1 (NetFlow v9, source id 0): "
                    + "MISSING_TEMPLATE at byte offset 20: ").contains("input ended before template 300 arrived");
        });
    }

    @Test
    void unknownFormatsAreRefusedNamingTheFile() throws IOException {
        Path other = dir.resolve("bad.csv");
        Files.writeString(other, "hello\n");
        assertThatThrownBy(() -> FlowFiles.open(other)).isInstanceOf(FlowFileException.class)
                .hasMessageContaining("bad.csv: unknown flow file format");
    }

    @Test
    void detectsZeekFormats() throws IOException {
        Path tsv = dir.resolve("conn.log");
        Files.writeString(tsv, "#separator \\x09\n#path\tconn\n#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t"
                + "proto\n#types\ttime\taddr\tport\taddr\tport\tenum\n1.0\t10.0.0.1\t1\t10.0.0.2\t2\tudp\n");
        Path json = dir.resolve("conn.json");
        Files.writeString(json, "{\"ts\":1.0,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.2\","
                + "\"id.resp_p\":2,\"proto\":\"tcp\"}\n");
        try (FlowFileReader r = FlowFiles.open(tsv)) {
            assertThat(r.format()).isEqualTo(FlowFileFormat.ZEEK_CONN_TSV);
            assertThat(all(r)).singleElement().extracting(FlowRecord::sourceKind).isEqualTo(FlowSourceKind.ZEEK_CONN);
        }
        try (FlowFileReader r = FlowFiles.open(json)) {
            assertThat(r.format()).isEqualTo(FlowFileFormat.ZEEK_CONN_JSON);
            assertThat(all(r)).hasSize(1);
        }
    }
}
