package io.peerwatch.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncation at every byte offset and a bounded, seeded fuzz: errors are reported, never thrown. */
class MalformedDatagramTest {
    static final IpAddress EXPORTER = IpAddress.parse("127.0.0.1");

    static List<byte[]> samples() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String v : List.of("v5", "v9", "v10")) {
            for (ExportPcap.Datagram d : ExportPcap.read(LabExportTest.lab("export-netflow-" + v + "-s1.pcap"))) {
                out.add(d.payload().array());
            }
        }
        // hand-built IPFIX with variable-length, enterprise and options content
        byte[] opt = Wire.set(3, Wire.of().u16(400).u16(2).u16(1).u16(48).u16(2).u16(50).u16(4).toBytes());
        byte[] tmpl = Wire.set(2, Wire.of().u16(256).u16(5).u16(8).u16(4).u16(82).u16(0xffff)
                .u16(0x8001).u16(0xffff).u32(9).u16(12).u16(4).u16(48).u16(2).toBytes());
        byte[] data = Wire.set(256, Wire.of().addr("10.0.0.1").u8(3).bytes("abc".getBytes()).u8(255).u16(2).u16(0)
                .addr("10.0.0.2").u16(7).toBytes());
        out.add(Wire.ipfix(1, 0, 0, opt, Wire.set(400, Wire.of().u16(7).u32(8).toBytes()), tmpl, data).array());
        return out;
    }

    /** Collects what a decoder yields, with the decoder's own collector. */
    private static FlowDecoder.Result sink() {
        return new FlowDecoder.Result(new ArrayList<>(), new ArrayList<>());
    }

    @Test
    void truncationAtEveryOffsetGivesCleanErrors() throws IOException {
        List<byte[]> samples = samples();
        int checked = 0;
        for (byte[] full : samples) {
            int version = ((full[0] & 0xff) << 8) | (full[1] & 0xff);
            FlowDecoder.Result whole = sink();
            new FlowDecoder(DecoderConfig.defaults()).decode(ByteBuffer.wrap(full), EXPORTER, 0, whole.listener());
            for (int c = 0; c < full.length; c++) {
                final int cut = c;
                ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(full, cut));
                // once with empty state (data gets buffered), once with the templates already known
                for (boolean primed : new boolean[] {false, true}) {
                    FlowDecoder d = new FlowDecoder(DecoderConfig.defaults());
                    if (primed) {
                        d.decode(ByteBuffer.wrap(full), EXPORTER, 0, sink().listener());
                    }
                    FlowDecoder.Result s = sink();
                    d.decode(b, EXPORTER, 1, s.listener());
                    d.flush(s.listener());
                    assertThat(s.errors()).allSatisfy(e -> {
                        assertThat(e.offset()).isBetween(0, Math.max(cut, full.length));
                        assertThat(e.exporter()).isEqualTo(EXPORTER);
                        assertThat(e.message()).contains("datagram from 127.0.0.1", "byte offset " + e.offset());
                    });
                    assertThat(s.flows().size()).isLessThanOrEqualTo(whole.flows().size());
                    if (version != 9 || cut < FlowDecoder.V9_HEADER) {
                        // v5 counts and IPFIX lengths make every cut detectable; v9 only inside a set
                        assertThat(s.errors()).as("cut at %d of %d (v%d)", cut, full.length, version).isNotEmpty();
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void seededFuzzNeverThrowsAndKeepsStateBounded() throws IOException {
        List<byte[]> samples = samples();
        Random random = new Random(20261125L);
        DecoderConfig small = DecoderConfig.builder().maxTemplates(64).maxTemplatesPerDomain(16).maxDomains(8)
                .maxPendingSets(32).maxPendingBytes(16_384).build();
        FlowDecoder d = new FlowDecoder(small);
        FlowDecoder.Result s = sink();
        long time = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] b = samples.get(random.nextInt(samples.size())).clone();
            switch (random.nextInt(4)) {
                case 0 -> {
                    for (int k = random.nextInt(4) + 1; k > 0; k--) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length + 16));
                case 2 -> {
                    int from = Math.min(b.length - 1, 16 + random.nextInt(Math.max(1, b.length - 16)));
                    for (int k = from; k < b.length; k++) {
                        b[k] = (byte) random.nextInt(256);
                    }
                }
                default -> {
                    // keep intact
                }
            }
            IpAddress exporter = IpAddress.ofV4(0x7f000001 + random.nextInt(12));
            time += random.nextInt(2000);
            d.decode(ByteBuffer.wrap(b), exporter, time, s.listener());
            s.flows().clear();
        }
        d.flush(s.listener());
        assertThat(s.errors()).isNotEmpty();
        long templates = d.stats().stream().mapToLong(ExporterStats::templates).sum();
        assertThat(templates).isLessThanOrEqualTo(64);
        assertThat(d.stats().stream().mapToLong(ExporterStats::pendingSets).sum()).isZero();
        assertThat(d.stats().stream().mapToLong(ExporterStats::datagrams).sum()).isEqualTo(30_000);
    }
}
