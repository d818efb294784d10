package io.peerwatch.job;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds flow-record sets for job tests: a corporate mix with a few P2P hosts. */
final class FlowFixtures {

    private FlowFixtures() {
    }

    static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    static FlowRecord flow(byte[] src, int sport, byte[] dst, int dport, int proto, long endMs) {
        return FlowRecord.builder()
                .time(endMs - 1_000, endMs)
                .src(IpAddress.of(src), sport).dst(IpAddress.of(dst), dport).ipProtocol(proto)
                .tcpFlags(proto == IpProtocol.TCP ? 0x1b : 0)
                .counters(10, 4_000)
                .build();
    }

    /**
     * {@code total} flows whose end times fall in {@code [windowStart, windowStart + 50 s)}:
     * each P2P host gets {@code p2pFlowsPerHost} flows to external peers on table ports (both
     * directions of a record); the rest is web, DNS and mail from 300 hosts with ephemeral
     * source ports, plus traps that must not count: a client whose ephemeral port is 1337
     * talking to 443, and a host with fewer table-port flows than the threshold.
     */
    static List<FlowRecord> corporateMix(long windowStart, int total, List<byte[]> p2pHosts, int p2pFlowsPerHost,
            int belowThresholdFlows, long seed) {
        Random rnd = new Random(seed);
        List<FlowRecord> out = new ArrayList<>();
        int[] p2pPorts = {6881, 6882, 6889, 6346, 4662, 411};
        for (byte[] host : p2pHosts) {
            for (int i = 0; i < p2pFlowsPerHost; i++) {
                byte[] peer = v4(198, 18, rnd.nextInt(256), 1 + rnd.nextInt(254));
                int port = p2pPorts[i % p2pPorts.length];
                long t = windowStart + 1_000 + rnd.nextInt(48_000);
                // alternate: host → peer:port, and peer:port → host (reply record)
                out.add(i % 2 == 0
                        ? flow(host, 49152 + rnd.nextInt(16000), peer, port, IpProtocol.TCP, t)
                        : flow(peer, port, host, 49152 + rnd.nextInt(16000), IpProtocol.TCP, t));
            }
        }
        byte[] near = v4(10, 9, 9, 9);
        for (int i = 0; i < belowThresholdFlows; i++) {
            out.add(flow(near, 50000 + i, v4(198, 18, 1, 1), 6881, IpProtocol.TCP, windowStart + 2_000 + i));
        }
        byte[] trap = v4(10, 9, 9, 10);
        for (int i = 0; i < 10; i++) {
            out.add(flow(trap, 1337, v4(203, 0, 113, 10 + i), 443, IpProtocol.TCP, windowStart + 3_000 + i));
        }
        int[][] services = {{443, IpProtocol.TCP}, {80, IpProtocol.TCP}, {53, IpProtocol.UDP}, {25, IpProtocol.TCP},
                {993, IpProtocol.TCP}, {123, IpProtocol.UDP}};
        while (out.size() < total) {
            byte[] client = v4(10, 20, rnd.nextInt(2), 1 + rnd.nextInt(150));
            int[] svc = services[rnd.nextInt(services.length)];
            byte[] server = v4(203, 0, 113, 1 + rnd.nextInt(254));
            long t = windowStart + rnd.nextInt(50_000);
            out.add(flow(client, 49152 + rnd.nextInt(16000), server, svc[0], svc[1], t));
        }
        return out;
    }
}
