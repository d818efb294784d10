package io.peerwatch.detect;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import java.util.List;

/**
 * Which hosts' windows a unidirectional flow record belongs to, for the behaviour detectors
 * ({@link P2pBehaviourDetector}, {@link InternalScanDetector}) that look at a host's traffic in
 * both directions.
 *
 * <p>Rule (DESIGN.md conventions, extended to both ends of internal traffic): a record between an
 * internal and an external address belongs to the internal one; a record between two internal
 * addresses belongs to both, so each sees its half of the conversation (the scanner its probes,
 * the peer its traffic); when neither end is internal the initiator is the host, judged by ports:
 * the end using a port below {@value #SERVICE_PORT_LIMIT} while the other does not is the
 * service, the other the initiator; when that does not decide (both high, as in peer-to-peer
 * traffic, or both low) both ends count, so analysing any capture works without configuration.
 *
 * <p>In a keyed stream: {@code flatMap} each record to {@code (host, record)} for every host
 * returned, then key by host.
 */
public final class FlowHosts {
    /** Ports below this are well-known service ports (IANA system ports). */
    public static final int SERVICE_PORT_LIMIT = 1024;

    private FlowHosts() {
    }

    /** One or two hosts, source first when both. */
    public static List<IpAddress> hostsOf(FlowRecord f, InternalNetworks internal) {
        boolean srcIn = internal.isConfiguredInternal(f.src());
        boolean dstIn = internal.isConfiguredInternal(f.dst());
        if (srcIn != dstIn) {
            return List.of(srcIn ? f.src() : f.dst());
        }
        if (srcIn || f.src().equals(f.dst())) {
            return f.src().equals(f.dst()) ? List.of(f.src()) : List.of(f.src(), f.dst());
        }
        boolean srcService = isService(f.srcPort());
        boolean dstService = isService(f.dstPort());
        if (dstService && !srcService) {
            return List.of(f.src());
        }
        if (srcService && !dstService) {
            return List.of(f.dst());
        }
        return List.of(f.src(), f.dst());
    }

    static boolean isService(int port) {
        return port > 0 && port < SERVICE_PORT_LIMIT;
    }
}
