package io.peerwatch.ports;

import io.peerwatch.core.IpProtocol;
import java.util.Optional;

/** The transports a port table entry can name. */
public enum Transport {
    TCP(IpProtocol.TCP),
    UDP(IpProtocol.UDP);

    private final int ipProtocol;

    Transport(int ipProtocol) {
        this.ipProtocol = ipProtocol;
    }

    /** The IANA protocol number. */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** The transport for an IP protocol number, empty for anything but TCP and UDP. */
    public static Optional<Transport> ofIpProtocol(int protocol) {
        return switch (protocol) {
            case IpProtocol.TCP -> Optional.of(TCP);
            case IpProtocol.UDP -> Optional.of(UDP);
            default -> Optional.empty();
        };
    }

    /** "tcp" or "udp". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
