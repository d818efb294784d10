/**
 * One package-private class per protocol signature ({@code <Protocol>Signature}: BitTorrent peer
 * wire, tracker, DHT, uTP and MSE; Gnutella and G2; eDonkey and Kad; Direct Connect NMDC/ADC;
 * FastTrack, WinMX, OpenNap, Ares, Soulseek, Filetopia; tunnels over DNS, ICMP, HTTP, TLS; and
 * the benign protocols they must not be confused with), each citing the byte layout it relies
 * on, plus their shared parsing helpers. {@code BuiltinSignatures} lists them in priority order;
 * nothing else here is public but {@code DnsTunnelNames} (the DNS-tunnel judgement of a query
 * name given as text).
 */
package io.peerwatch.signatures.proto;
