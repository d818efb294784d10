package io.peerwatch.job.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A syslog receiver on 127.0.0.1 for tests: accepts any number of TCP connections and reads
 * RFC 6587 octet-counted frames ({@code MSG-LEN SP SYSLOG-MSG}) from each, keeping every message
 * and every framing error.
 */
public final class SyslogListener implements AutoCloseable {

    private static final int MAX_LENGTH_DIGITS = 9;

    private final ServerSocket server;
    private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final List<Socket> connections = new ArrayList<>();

    /** Plain TCP. */
    public SyslogListener() throws IOException {
        this(javax.net.ServerSocketFactory.getDefault());
    }

    /** Sockets of this factory (TLS: an {@code SSLServerSocketFactory}). */
    public SyslogListener(javax.net.ServerSocketFactory factory) throws IOException {
        server = factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "syslog-listener");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Messages received so far, in arrival order per connection. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Framing errors seen so far. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                synchronized (connections) {
                    connections.add(s);
                }
                Thread t = new Thread(() -> read(s), "syslog-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void read(Socket s) {
        try (InputStream in = new BufferedInputStream(s.getInputStream())) {
            while (true) {
                int length = 0;
                int digits = 0;
                int c = in.read();
                if (c < 0) {
                    return;
                }
                while (c >= '0' && c <= '9' && digits < MAX_LENGTH_DIGITS) {
                    length = length * 10 + (c - '0');
                    digits++;
                    c = in.read();
                }
                if (c != ' ' || digits == 0) {
                    errors.add("bad frame header at byte " + c);
                    return;
                }
                byte[] msg = in.readNBytes(length);
                if (msg.length != length) {
                    errors.add("frame cut: " + msg.length + " of " + length + " bytes");
                    return;
                }
                messages.add(new String(msg, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            errors.add(e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (connections) {
            for (Socket s : connections) {
                s.close();
            }
        }
    }
}
