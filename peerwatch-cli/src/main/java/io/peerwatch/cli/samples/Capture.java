package io.peerwatch.cli.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A packet capture being made: TCP connections with a three-way handshake, acknowledged data
 * and an orderly close (RFC 9293), UDP exchanges and ICMP echoes, each at a simulated time.
 * Times are microseconds since the epoch; a round trip takes {@link #RTT_MICROS}.
 */
final class Capture {

    /** Simulated round-trip time between a host and its peer. */
    static final long RTT_MICROS = 24_000;
    /** TCP payload bytes per segment (Ethernet MTU 1500 minus IPv4 and TCP headers). */
    static final int MSS = 1460;
    private static final int WINDOW = 64_240;

    private final PcapWriter pcap = new PcapWriter();
    private final Map<String, Integer> ipIds = new HashMap<>();

    /** Writes the capture. */
    void write(Path file) throws IOException {
        pcap.write(file);
    }

    /** Every frame so far, oldest first. */
    void forEach(PcapWriter.FrameSink sink) {
        pcap.forEach(sink);
    }

    /** Frames so far. */
    int frames() {
        return pcap.size();
    }

    /** The next IPv4 identification of a sender (RFC 791: one counter per sender here). */
    int ipId(Ip src) {
        return ipIds.merge(src.toString(), src.firstIpId(), (old, first) -> (old + 1) & 0xffff);
    }

    /** Opens a TCP connection at {@code t}: SYN, SYN-ACK, ACK. */
    Tcp connect(long t, Ip client, int clientPort, Ip server, int serverPort) {
        Tcp c = new Tcp(client, clientPort, server, serverPort, t);
        c.handshake();
        return c;
    }

    /** One UDP datagram. */
    void udp(long t, Ip src, int srcPort, Ip dst, int dstPort, byte[] payload) {
        pcap.add(t, Frames.udp(ipId(src), src, srcPort, dst, dstPort, payload));
    }

    /** An ICMP echo request and, half a round trip later at the peer, its reply. */
    void ping(long t, Ip src, Ip dst, int id, int seq, byte[] request, byte[] reply) {
        pcap.add(t, Frames.icmpEcho(ipId(src), src, dst, 8, id, seq, request));
        pcap.add(t + RTT_MICROS, Frames.icmpEcho(ipId(dst), dst, src, 0, id, seq, reply));
    }

    /** A TCP connection; each call moves its clock forward. */
    final class Tcp {
        private final Ip client;
        private final int clientPort;
        private final Ip server;
        private final int serverPort;
        private long clientSeq;
        private long serverSeq;
        private long t;

        private Tcp(Ip client, int clientPort, Ip server, int serverPort, long t) {
            this.client = client;
            this.clientPort = clientPort;
            this.server = server;
            this.serverPort = serverPort;
            this.t = t;
            // initial sequence numbers fixed by the endpoints, so the capture is reproducible
            this.clientSeq = (Arrays.hashCode(client.bytes()) * 31L + clientPort) & 0xffffffffL;
            this.serverSeq = (Arrays.hashCode(server.bytes()) * 37L + serverPort * 101L) & 0xffffffffL;
        }

        private void handshake() {
            pcap.add(t, Frames.tcp(ipId(client), client, clientPort, server, serverPort, clientSeq, 0, Frames.SYN, WINDOW, new byte[0]));
            clientSeq++;
            t += RTT_MICROS / 2;
            pcap.add(t, Frames.tcp(ipId(server), server, serverPort, client, clientPort, serverSeq, clientSeq, Frames.SYN | Frames.ACK,
                    WINDOW, new byte[0]));
            serverSeq++;
            t += RTT_MICROS / 2;
            pcap.add(t, Frames.tcp(ipId(client), client, clientPort, server, serverPort, clientSeq, serverSeq, Frames.ACK, WINDOW,
                    new byte[0]));
        }

        /** The client sends {@code data}; the server acknowledges it. */
        Tcp fromClient(byte[] data) {
            send(true, data);
            return this;
        }

        /** The server sends {@code data}; the client acknowledges it. */
        Tcp fromServer(byte[] data) {
            send(false, data);
            return this;
        }

        /** Lets {@code micros} pass without traffic. */
        Tcp pause(long micros) {
            t += micros;
            return this;
        }

        /** The current time of this connection. */
        long time() {
            return t;
        }

        private void send(boolean fromClient, byte[] data) {
            Ip src = fromClient ? client : server;
            Ip dst = fromClient ? server : client;
            int sp = fromClient ? clientPort : serverPort;
            int dp = fromClient ? serverPort : clientPort;
            for (int off = 0; off < data.length; off += MSS) {
                byte[] seg = Arrays.copyOfRange(data, off, Math.min(data.length, off + MSS));
                boolean last = off + MSS >= data.length;
                long seq = fromClient ? clientSeq : serverSeq;
                long ack = fromClient ? serverSeq : clientSeq;
                pcap.add(t, Frames.tcp(ipId(src), src, sp, dst, dp, seq, ack, Frames.ACK | (last ? Frames.PSH : 0), WINDOW, seg));
                if (fromClient) {
                    clientSeq = (clientSeq + seg.length) & 0xffffffffL;
                } else {
                    serverSeq = (serverSeq + seg.length) & 0xffffffffL;
                }
                t += 100; // back-to-back segments, 0.1 ms apart
            }
            t += RTT_MICROS / 2;
            long seq = fromClient ? serverSeq : clientSeq;
            long ack = fromClient ? clientSeq : serverSeq;
            pcap.add(t, Frames.tcp(ipId(dst), dst, dp, src, sp, seq, ack, Frames.ACK, WINDOW, new byte[0]));
            t += RTT_MICROS / 2;
        }

        /** The client closes: FIN, FIN-ACK, ACK. */
        void close() {
            pcap.add(t, Frames.tcp(ipId(client), client, clientPort, server, serverPort, clientSeq, serverSeq, Frames.FIN | Frames.ACK,
                    WINDOW, new byte[0]));
            clientSeq++;
            t += RTT_MICROS / 2;
            pcap.add(t, Frames.tcp(ipId(server), server, serverPort, client, clientPort, serverSeq, clientSeq, Frames.FIN | Frames.ACK,
                    WINDOW, new byte[0]));
            serverSeq++;
            t += RTT_MICROS / 2;
            pcap.add(t, Frames.tcp(ipId(client), client, clientPort, server, serverPort, clientSeq, serverSeq, Frames.ACK, WINDOW,
                    new byte[0]));
        }
    }
}
