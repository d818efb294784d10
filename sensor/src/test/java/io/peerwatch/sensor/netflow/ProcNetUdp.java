package io.peerwatch.sensor.netflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The kernel's view of a UDP socket of another process (Linux {@code /proc/net/udp} and
 * {@code udp6}): whether it is bound, and how many bytes wait in its receive queue. A test that
 * sends datagrams to a tool knows the tool has read them all when the queue is empty: on loopback
 * a datagram is in the receiver's queue (or counted as dropped) when {@code sendto} returns.
 */
final class ProcNetUdp {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final int LOCAL_ADDRESS = 1;
    private static final int QUEUES = 4;

    private ProcNetUdp() {
    }

    /** Bytes queued for reading at the socket bound to {@code port}; empty when no socket is bound there. */
    static OptionalLong receiveQueue(int port) {
        String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
        long sum = 0;
        boolean found = false;
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + table, e);
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length > QUEUES && f[LOCAL_ADDRESS].endsWith(suffix)) {
                    String rx = f[QUEUES].substring(f[QUEUES].indexOf(':') + 1);
                    sum += Long.parseLong(rx, 16);
                    found = true;
                }
            }
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }
}
