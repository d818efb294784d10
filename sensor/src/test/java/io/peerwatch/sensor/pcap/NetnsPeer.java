package io.peerwatch.sensor.pcap;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The far end of the capture tests, run inside the test's network namespace
 * ({@code ip netns exec NS java ... NetnsPeer ADDRESS PORT}): answers one BitTorrent peer-wire
 * handshake on TCP and echoes UDP datagrams (a DHT query gets a reply), then exits. Prints
 * {@code READY} once both sockets are bound. Also exits when its standard input closes: the test
 * closes it, or the test's JVM is gone, so the peer never outlives its test.
 */
public final class NetnsPeer {
    private NetnsPeer() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress addr = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        Thread watchdog = new Thread(() -> {
            try {
                System.in.readAllBytes(); // until the test closes our stdin or its JVM ends
            } catch (java.io.IOException ignored) {
                // the pipe is gone: exit as well
            }
            System.exit(3);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(new InetSocketAddress(addr, port))) {
            tcp.bind(new InetSocketAddress(addr, port));
            System.out.println("READY");
            System.out.flush();
            Thread udpEcho = new Thread(() -> {
                try {
                    byte[] buf = new byte[2048];
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    udp.receive(p);
                    byte[] reply = "d1:rd2:id20:abcdefghij0123456789e1:t2:aa1:y1:re".getBytes("US-ASCII");
                    udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (Exception ignored) {
                    // the test fails on its own side
                }
            });
            udpEcho.start();
            try (Socket s = tcp.accept()) {
                InputStream in = s.getInputStream();
                byte[] hs = in.readNBytes(68);
                OutputStream out = s.getOutputStream();
                // same protocol string and info_hash back, our own peer id
                byte[] reply = hs.clone();
                System.arraycopy("-PW0001-peerwatchnet".getBytes("US-ASCII"), 0, reply, 48, 20);
                out.write(reply);
                out.flush();
                in.readAllBytes(); // until the client closes
            }
            udpEcho.join(10_000);
        }
        System.exit(0);
    }
}
