package io.peerwatch.cli.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * NetFlow v9 export datagrams (RFC 3954) of the sample connections, captured on the way from the
 * exporter to a collector on UDP 2055, as a pcap. Like softflowd, the exporter reports each
 * connection as two unidirectional flows and sends a flow once it ended, in the first whole second
 * after its end; a template flowset (id 256) leads the first datagram and every
 * {@link #TEMPLATE_REFRESH}th. Header (§5.1): version 9, record count, sysUptime (ms), UNIX seconds,
 * sequence number, source id. Fields (§8): IN_BYTES 1, IN_PKTS 2, PROTOCOL 4, SRC_TOS 5, TCP_FLAGS 6,
 * L4_SRC_PORT 7, IPV4_SRC_ADDR 8, L4_DST_PORT 11, IPV4_DST_ADDR 12, LAST_SWITCHED 21,
 * FIRST_SWITCHED 22 (both sysUptime at the first and last packet).
 */
final class NetflowV9Export {

    static final int COLLECTOR_PORT = 2055;
    /** Datagrams between template refreshes. */
    static final int TEMPLATE_REFRESH = 20;
    /** Data records per datagram at most (keeps a datagram under a 1500-byte MTU). */
    static final int MAX_RECORDS = 30;
    private static final int TEMPLATE_ID = 256;
    private static final int[][] FIELDS = {{1, 4}, {2, 4}, {4, 1}, {5, 1}, {6, 1}, {7, 2}, {8, 4}, {11, 2}, {12, 4},
        {21, 4}, {22, 4}};
    private static final int RECORD = 31;
    /** The exporter booted an hour before the scenario. */
    private static final long UPTIME_AT_START_MS = 3_600_000;

    private record Flow(long startMs, long endMs, Ip src, int srcPort, Ip dst, int dstPort, int proto, int flags,
            long pkts, long bytes) {
    }

    private NetflowV9Export() {
    }

    static void write(Path file, List<Conn> conns, long scenarioStartMs, Ip exporter, Ip collector) throws IOException {
        long boot = scenarioStartMs - UPTIME_AT_START_MS;
        TreeMap<Long, List<Flow>> bySecond = new TreeMap<>();
        for (Conn c : conns) {
            List<Flow> fs = new ArrayList<>(2);
            fs.add(new Flow(c.startMs(), c.endMs(), c.orig(), c.origPort(), c.resp(), c.respPort(), c.proto(), c.origFlags(),
                    c.origPkts(), c.origIpBytes()));
            if (c.respPkts() > 0) {
                fs.add(new Flow(c.startMs(), c.endMs(), c.resp(), c.respPort(), c.orig(), c.origPort(), c.proto(),
                        c.respFlags(), c.respPkts(), c.respIpBytes()));
            }
            for (Flow f : fs) {
                bySecond.computeIfAbsent(f.endMs() / 1000 + 1, k -> new ArrayList<>()).add(f);
            }
        }
        PcapWriter pcap = new PcapWriter();
        long sequence = 0;
        int datagrams = 0;
        for (var e : bySecond.entrySet()) {
            List<Flow> flows = e.getValue();
            flows.sort(Comparator.comparingLong(Flow::endMs));
            for (int from = 0; from < flows.size(); from += MAX_RECORDS) {
                List<Flow> part = flows.subList(from, Math.min(flows.size(), from + MAX_RECORDS));
                long sentMs = e.getKey() * 1000;
                boolean template = datagrams % TEMPLATE_REFRESH == 0;
                byte[] payload = datagram(part, template, sentMs, boot, sequence);
                pcap.add(sentMs * 1000 + from, Frames.udp((exporter.firstIpId() + datagrams) & 0xffff, exporter, 50_123, collector, COLLECTOR_PORT, payload));
                sequence++;
                datagrams++;
            }
        }
        pcap.write(file);
    }

    private static byte[] datagram(List<Flow> flows, boolean template, long sentMs, long boot, long sequence) {
        Wire w = new Wire().u16(9).u16(flows.size() + (template ? 1 : 0)).u32(sentMs - boot).u32(sentMs / 1000)
                .u32(sequence).u32(0);
        if (template) {
            w.u16(0).u16(8 + 4 * FIELDS.length).u16(TEMPLATE_ID).u16(FIELDS.length);
            for (int[] f : FIELDS) {
                w.u16(f[0]).u16(f[1]);
            }
        }
        int length = 4 + RECORD * flows.size();
        int padding = (4 - length % 4) % 4;
        w.u16(TEMPLATE_ID).u16(length + padding);
        for (Flow f : flows) {
            w.u32(f.bytes()).u32(f.pkts()).u8(f.proto()).u8(0).u8(f.flags()).u16(f.srcPort()).bytes(f.src().bytes())
                    .u16(f.dstPort()).bytes(f.dst().bytes()).u32(f.endMs() - boot).u32(f.startMs() - boot);
        }
        for (int i = 0; i < padding; i++) {
            w.u8(0);
        }
        return w.toBytes();
    }
}
