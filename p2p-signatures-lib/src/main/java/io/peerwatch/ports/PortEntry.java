package io.peerwatch.ports;

/**
 * One row of the port table: an application's port range on one transport.
 *
 * @param application name such as {@code "BitTorrent"} (no spaces)
 * @param transport TCP or UDP
 * @param lowPort first port, 1..65535
 * @param highPort last port, {@code lowPort..65535}
 */
public record PortEntry(String application, Transport transport, int lowPort, int highPort) {

    public PortEntry {
        if (application == null || application.isBlank() || application.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("application name must be non-blank without spaces: '" + application + "'");
        }
        if (transport == null) {
            throw new IllegalArgumentException("transport must not be null");
        }
        if (lowPort < 1 || highPort > 0xffff || lowPort > highPort) {
            throw new IllegalArgumentException("bad port range " + lowPort + "-" + highPort);
        }
    }

    /** True when {@code port} is inside the range. */
    public boolean covers(int port) {
        return port >= lowPort && port <= highPort;
    }

    /** For example {@code "6881-6889/tcp BitTorrent"}. */
    @Override
    public String toString() {
        String ports = lowPort == highPort ? Integer.toString(lowPort) : lowPort + "-" + highPort;
        return ports + "/" + transport.label() + " " + application;
    }
}
