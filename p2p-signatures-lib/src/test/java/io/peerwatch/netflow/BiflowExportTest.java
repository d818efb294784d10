package io.peerwatch.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bidirectional flow records: one record carries both directions of a connection, the reverse
 * direction's counters as RFC 5103 reverse information elements (softflowd {@code -b}, enterprise
 * 29305) or as NSEL's initiator/responder counters (RFC 7011 registry 231/232, 298/299). Each
 * direction becomes a record of its own, as a unidirectional exporter sends them.
 */
class BiflowExportTest {

    private static final IpAddress A = IpAddress.parse("192.0.2.9");

    private static List<String> flows(String file) throws IOException {
        List<String> out = new ArrayList<>();
        for (FlowRecord x : ExportPcap.flows(file)) {
            out.add(x.src() + ":" + x.srcPort() + " > " + x.dst() + ":" + x.dstPort() + " proto " + x.ipProtocol()
                    + " " + x.packets() + " packets " + x.bytes() + " bytes");
        }
        out.sort(null);
        return out;
    }

    @Test
    void softflowdsBidirectionalIpfixGivesTheFlowsOfItsUnidirectionalIpfix() throws IOException {
        List<String> uni = flows("softflowd-ipfix-uniflow.pcap");
        assertThat(uni).hasSize(10);
        assertThat(flows("softflowd-ipfix-biflow.pcap")).isEqualTo(uni);
    }

    /** A template of addresses, ports and protocol, then the given fields (enterprise ones with their PEN). */
    private static byte[] template(int id, long[][] fields) {
        Wire w = Wire.of().u16(id).u16(5 + fields.length)
                .u16(8).u16(4).u16(12).u16(4).u16(7).u16(2).u16(11).u16(2).u16(4).u16(1);
        for (long[] f : fields) {
            w.u16(f[0]).u16(f[1]);
            if (f.length > 2) {
                w.u32(f[2]);
            }
        }
        return Wire.set(2, w.toBytes());
    }

    private static Wire head() {
        return Wire.of().addr("10.1.0.1").addr("198.51.100.7").u16(40000).u16(443).u8(6);
    }

    private static List<FlowRecord> decode(byte[] tmpl, byte[] record) {
        FlowDecoder.Result r = new FlowDecoder(DecoderConfig.defaults())
                .decode(Wire.ipfix(1_700_000_000L, 0, 1, tmpl, Wire.set(256, record)), A, 0);
        assertThat(r.errors()).isEmpty();
        return r.flows();
    }

    @Test
    void reverseElementsBecomeTheReverseRecord() {
        long rev = 0x8000;
        byte[] tmpl = template(256, new long[][] {{1, 8}, {2, 8}, {6, 1}, {61, 1},
            {rev | 1, 8, 29305}, {rev | 2, 4, 29305}, {rev | 6, 1, 29305}, {rev | 1, 8, 9}});
        byte[] rec = head().u64(1_200).u64(10).u8(0x1b).u8(0).u64(48_000).u32(40).u8(0x12).u64(777).toBytes();
        List<FlowRecord> f = decode(tmpl, rec);
        assertThat(f).hasSize(2);
        assertThat(f.get(0).src()).hasToString("10.1.0.1");
        assertThat(f.get(0).bytes()).isEqualTo(1_200);
        assertThat(f.get(0).packets()).isEqualTo(10);
        assertThat(f.get(0).direction()).isEqualTo(FlowDirection.INGRESS);
        FlowRecord back = f.get(1);
        assertThat(back.src()).hasToString("198.51.100.7");
        assertThat(back.srcPort()).isEqualTo(443);
        assertThat(back.dst()).hasToString("10.1.0.1");
        assertThat(back.dstPort()).isEqualTo(40000);
        assertThat(back.bytes()).as("the reverse octets, not another enterprise's element 1").isEqualTo(48_000);
        assertThat(back.packets()).isEqualTo(40);
        assertThat(back.tcpFlags()).isEqualTo(0x12);
        assertThat(back.direction()).isEqualTo(FlowDirection.EGRESS);
        assertThat(back.startMs()).isEqualTo(f.get(0).startMs());
    }

    @Test
    void initiatorAndResponderCountersAsNselSendsThem() {
        byte[] tmpl = template(256, new long[][] {{231, 4}, {232, 4}, {298, 4}, {299, 4}});
        List<FlowRecord> f = decode(tmpl, head().u32(900).u32(250_000).u32(9).u32(200).toBytes());
        assertThat(f).extracting(FlowRecord::bytes).containsExactly(900L, 250_000L);
        assertThat(f).extracting(FlowRecord::packets).containsExactly(9L, 200L);
        assertThat(f.get(1).src()).hasToString("198.51.100.7");
    }

    @Test
    void aRecordWithoutReverseCountsStaysOneRecord() {
        long rev = 0x8000;
        byte[] tmpl = template(256, new long[][] {{1, 8}, {2, 8}, {rev | 1, 8, 29305}, {rev | 2, 8, 29305}});
        assertThat(decode(tmpl, head().u64(60).u64(1).u64(0).u64(0).toBytes())).hasSize(1);
    }
}
