package io.peerwatch.cli;

import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Generates a corporate traffic mix as flow records, one simulated second at a time: most
 * hosts browse the web, resolve names and read mail; a few run P2P clients (BitTorrent,
 * Gnutella, eDonkey, Direct Connect) that open many peer connections on the paper's ports and
 * on random high ports. Addresses: hosts in 10.20.0.0/16, external servers and peers in the
 * documentation and benchmarking ranges (203.0.113.0/24, 198.18.0.0/15), never real hosts.
 *
 * <p>Deterministic for a given seed.
 */
public final class DemoTraffic {

    /** Average flows per benign host and simulated second. */
    public static final double BENIGN_FLOWS_PER_HOST_SECOND = 0.2;
    /** Average flows per P2P host and simulated second (peer churn of a busy client). */
    public static final double P2P_FLOWS_PER_HOST_SECOND = 1.5;

    private enum Client { BITTORRENT, GNUTELLA, EDONKEY, DIRECT_CONNECT }

    private record Host(IpAddress address, Client p2p) {
    }

    private final List<Host> hosts = new ArrayList<>();
    private final Random rnd;
    private final IpAddress resolver = IpAddress.parse("10.20.0.2");

    /**
     * @param hostCount number of internal hosts (at least 1)
     * @param p2pHosts how many of them run a P2P client (0..hostCount)
     */
    public DemoTraffic(int hostCount, int p2pHosts, long seed) {
        if (hostCount < 1 || p2pHosts < 0 || p2pHosts > hostCount) {
            throw new IllegalArgumentException("need 1+ hosts and 0..hosts P2P hosts, got " + hostCount + "/" + p2pHosts);
        }
        rnd = new Random(seed);
        Client[] kinds = Client.values();
        for (int i = 0; i < hostCount; i++) {
            IpAddress a = IpAddress.ofV4(0x0A140000 | (((i / 250) + 1) << 8) | (i % 250 + 1));
            hosts.add(new Host(a, null));
        }
        // spread the P2P clients evenly over the host list
        int stride = p2pHosts == 0 ? 1 : hostCount / p2pHosts;
        for (int k = 0; k < p2pHosts; k++) {
            int i = k * stride + stride / 2;
            hosts.set(i, new Host(hosts.get(i).address(), kinds[k % kinds.length]));
        }
    }

    /** The internal hosts that run a P2P client, with the client, for the demo banner. */
    public List<String> p2pHosts() {
        return hosts.stream().filter(h -> h.p2p() != null).map(h -> h.address() + " (" + h.p2p() + ")").toList();
    }

    /** Emits the flows that end during the simulated second starting at {@code secondStartMs}. */
    public void second(long secondStartMs, Consumer<FlowRecord> out) {
        for (Host h : hosts) {
            double rate = h.p2p() == null ? BENIGN_FLOWS_PER_HOST_SECOND : P2P_FLOWS_PER_HOST_SECOND;
            int n = poisson(rate);
            for (int i = 0; i < n; i++) {
                long end = secondStartMs + rnd.nextInt(1000);
                out.accept(h.p2p() == null ? benign(h, end) : p2p(h, end));
            }
        }
    }

    private FlowRecord benign(Host h, long end) {
        int r = rnd.nextInt(100);
        if (r < 15) {
            return flow(h.address(), ephemeral(), resolver, 53, IpProtocol.UDP, end, 2, 180);
        }
        IpAddress server = IpAddress.ofV4(0xCB007100 | (1 + rnd.nextInt(254))); // 203.0.113.x
        int port = r < 85 ? 443 : r < 95 ? 80 : 993;
        return flow(h.address(), ephemeral(), server, port, IpProtocol.TCP, end, 10 + rnd.nextInt(200),
                2_000 + rnd.nextInt(400_000));
    }

    private FlowRecord p2p(Host h, long end) {
        IpAddress peer = IpAddress.ofV4(0xC6120000 | rnd.nextInt(0x20000)); // 198.18.0.0/15
        boolean onTablePort = rnd.nextInt(100) < 60; // the rest: peers on random high ports
        int peerPort = onTablePort ? tablePort(h.p2p()) : 10_000 + rnd.nextInt(50_000);
        int proto = h.p2p() == Client.BITTORRENT && rnd.nextInt(4) == 0 ? IpProtocol.UDP : IpProtocol.TCP;
        long bytes = 20_000 + rnd.nextInt(2_000_000);
        // half the records are the peer's side of the conversation
        return rnd.nextBoolean()
                ? flow(h.address(), ephemeral(), peer, peerPort, proto, end, bytes / 1200 + 1, bytes)
                : flow(peer, peerPort, h.address(), ephemeral(), proto, end, bytes / 1200 + 1, bytes);
    }

    private int tablePort(Client c) {
        return switch (c) {
            case BITTORRENT -> 6881 + rnd.nextInt(9);
            case GNUTELLA -> 6346 + rnd.nextInt(2);
            case EDONKEY -> 4661 + rnd.nextInt(2);
            case DIRECT_CONNECT -> 411 + rnd.nextInt(2);
        };
    }

    private int ephemeral() {
        return 49152 + rnd.nextInt(16384);
    }

    private static FlowRecord flow(IpAddress src, int sport, IpAddress dst, int dport, int proto, long end,
            long packets, long bytes) {
        return FlowRecord.builder()
                .time(end - Math.min(end, 1_000 + (bytes / 50)), end)
                .src(src, sport).dst(dst, dport).ipProtocol(proto)
                .tcpFlags(proto == IpProtocol.TCP ? 0x1b : 0)
                .counters(packets, bytes)
                .sourceKind(FlowSourceKind.GENERATED)
                .build();
    }

    private int poisson(double lambda) {
        double l = Math.exp(-lambda);
        double p = 1.0;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
