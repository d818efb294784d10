package io.peerwatch.sensor.netflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads the kernel's per-socket drop counter of a UDP socket from {@code /proc/net/udp} and
 * {@code /proc/net/udp6} (Linux; the last column, "drops": datagrams discarded because the
 * receive buffer was full). Best effort: empty on other systems or when the socket is not found.
 */
final class KernelUdpDrops {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final int LOCAL_ADDRESS = 1;
    private static final int INODE = 9;

    private KernelUdpDrops() {
    }

    /** Drops of the socket bound to {@code port}; sums sockets sharing the port (SO_REUSEPORT). */
    static OptionalLong forPort(int port) {
        String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
        long sum = 0;
        boolean found = false;
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException | SecurityException e) {
                continue;
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length > INODE + 1 && f[LOCAL_ADDRESS].endsWith(suffix)) {
                    try {
                        sum += Long.parseLong(f[f.length - 1]);
                        found = true;
                    } catch (NumberFormatException ignored) {
                        // a format we do not know: report nothing rather than a wrong number
                    }
                }
            }
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }
}
