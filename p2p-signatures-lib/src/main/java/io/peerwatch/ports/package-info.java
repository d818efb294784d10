/**
 * The P2P port table (the paper's firewall list plus BitTorrent): which TCP/UDP ports belong to
 * which application ({@link io.peerwatch.ports.PortTable}, built in or loaded from a site file;
 * {@link io.peerwatch.ports.PortEntry}, {@link io.peerwatch.ports.Transport}). Used by the port
 * activity detector, the proxy CONNECT rule and port-based hints.
 */
package io.peerwatch.ports;
