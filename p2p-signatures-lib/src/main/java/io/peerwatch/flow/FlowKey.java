package io.peerwatch.flow;

import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;

/**
 * A bidirectional flow's 5-tuple, oriented: {@code client} initiated, {@code server} responded
 * (see {@link Orientation} for how the table decides).
 *
 * <p>Ports are TCP/UDP ports. For ICMP and ICMPv6 echo flows both ports hold the echo
 * identifier (as Linux conntrack keys them), so two pings between the same hosts are two flows;
 * other ICMP messages and other IP protocols have ports 0.
 *
 * @param ipProtocol IANA protocol number ({@link IpProtocol})
 * @param client initiator's address
 * @param clientPort initiator's port, 0..65535
 * @param server responder's address, same family as {@code client}
 * @param serverPort responder's port, 0..65535
 */
public record FlowKey(int ipProtocol, IpAddress client, int clientPort, IpAddress server, int serverPort) {

    public FlowKey {
        if (client == null || server == null) {
            throw new IllegalArgumentException("flow key addresses must not be null");
        }
        if (client.length() != server.length()) {
            throw new IllegalArgumentException("address families differ: " + client + " / " + server);
        }
        if (ipProtocol < 0 || ipProtocol > 0xff) {
            throw new IllegalArgumentException("IP protocol out of 0..255: " + ipProtocol);
        }
        if (clientPort < 0 || clientPort > 0xffff || serverPort < 0 || serverPort > 0xffff) {
            throw new IllegalArgumentException("port out of 0..65535: " + clientPort + " / " + serverPort);
        }
    }

    /**
     * ndpiReader-like text: {@code "tcp 10.0.0.2:51413 <-> 198.51.100.7:6881"}; IPv6 addresses
     * in brackets.
     */
    @Override
    public String toString() {
        return IpProtocol.name(ipProtocol) + " " + endpoint(client, clientPort) + " <-> " + endpoint(server, serverPort);
    }

    private static String endpoint(IpAddress a, int port) {
        return (a.isV4() ? a.toString() : "[" + a + "]") + ":" + port;
    }
}
