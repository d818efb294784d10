/**
 * The embeddable API of the PeerWatch library: one entry point per use, each built from a
 * {@link io.peerwatch.config.LibraryConfig} (defaults: {@link io.peerwatch.config.LibraryConfig#defaults()}),
 * each returning immutable verdicts that carry their evidence.
 *
 * <ul>
 *   <li>{@link io.peerwatch.api.PacketClassifier}: classify captures (pcap, pcapng) or one payload;</li>
 *   <li>{@link io.peerwatch.api.FlowJudge}: judge flow records (port table, P2P behaviour, internal scans);</li>
 *   <li>{@link io.peerwatch.api.ProxyLogJudge}: parse and judge proxy logs (Squid, common, combined, Zeek http.log);</li>
 *   <li>{@link io.peerwatch.api.Blacklists}: domain and URL blacklists;</li>
 *   <li>{@link io.peerwatch.api.VolumeJudge}: volume and money cost per host, user and site.</li>
 * </ul>
 *
 * <p>Inputs that are records of their own ({@link io.peerwatch.core.FlowRecord},
 * {@link io.peerwatch.core.IpAddress}) live in {@code io.peerwatch.core}; settings live in
 * {@code io.peerwatch.config}. No other package of the library is part of the API.
 */
package io.peerwatch.api;
