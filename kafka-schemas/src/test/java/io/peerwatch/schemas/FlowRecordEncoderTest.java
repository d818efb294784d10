package io.peerwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.IpAddress;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.schemas.codec.AvroCodec;
import io.peerwatch.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlowRecordEncoderTest {

    private static final AvroCodec<FlowRecord> CODEC = AvroCodec.of(FlowRecord.class);
    private final FlowRecordEncoder encoder = new FlowRecordEncoder();

    private void assertSameBytesAsAvro(io.peerwatch.core.FlowRecord f) {
        byte[] fast = encoder.encode(f);
        assertThat(fast).as("%s", f).isEqualTo(CODEC.encode(AvroMapper.toAvro(f)));
        assertThat(CODEC.decode(fast)).isEqualTo(AvroMapper.toAvro(f));
        assertThat(TopicCodec.flows().encode(f)).isEqualTo(fast);
        assertThat(TopicCodec.flows().decode(fast)).isEqualTo(f);
    }

    @Test
    void labExportFlowsEncodeToTheSameBytesAsAvro() throws Exception {
        List<io.peerwatch.core.FlowRecord> flows = new ArrayList<>();
        for (String f : List.of("export-netflow-v5-s1.pcap", "export-netflow-v9-s1.pcap", "export-netflow-v10-s1.pcap")) {
            try (FlowFileReader r = FlowFiles.open(Corpus.lab("netflow/" + f))) {
                for (Optional<io.peerwatch.core.FlowRecord> next = r.next(); next.isPresent(); next = r.next()) {
                    flows.add(next.get());
                }
            }
        }
        assertThat(flows).hasSizeGreaterThan(200);
        flows.forEach(this::assertSameBytesAsAvro);
    }

    @Test
    void extremesEveryEnumSymbolIpv6AndNoExporter() {
        for (FlowDirection dir : FlowDirection.values()) {
            for (FlowSourceKind kind : FlowSourceKind.values()) {
                assertSameBytesAsAvro(io.peerwatch.core.FlowRecord.builder()
                        .observationDomain(0xFFFF_FFFFL)
                        .time(0, Long.MAX_VALUE)
                        .src(IpAddress.parse("2001:db8::1"), 65535)
                        .dst(IpAddress.parse("ff02::1:ff00:1"), 0)
                        .ipProtocol(255).tcpFlags(0xFF)
                        .counters(io.peerwatch.core.Counters.MAX_PLAUSIBLE, 0)
                        .interfaces(Integer.MAX_VALUE, -1)
                        .direction(dir).samplingRate(Integer.MAX_VALUE).sourceKind(kind)
                        .build());
            }
        }
        assertSameBytesAsAvro(io.peerwatch.core.FlowRecord.builder().exporter(IpAddress.parse("10.0.0.1")).time(63, 64)
                .src(IpAddress.parse("10.1.2.3"), 64).dst(IpAddress.parse("10.3.2.1"), 8191).counters(64, 8192).build());
    }
}
