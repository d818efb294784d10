package io.peerwatch.signatures;

/** Fields a protocol exposes and a signature can extract as evidence. */
public enum MetadataKey {
    /** BitTorrent info_hash, 40 lower-case hex characters. */
    INFO_HASH,
    /** Client software named by a peer id, user agent or handshake (e.g. "Transmission 4.0.5"). */
    CLIENT,
    /** A search string (Gnutella query, eDonkey/DC search, BitTorrent LSD/DHT is not a search). */
    SEARCH,
    /** A file name offered, requested or returned. */
    FILE_NAME,
    /** A tracker, hub or index server host name. */
    SERVER_HOST,
    /** HTTP Host header. */
    HTTP_HOST,
    /** HTTP request URI (path and query). */
    HTTP_URI,
    /** TLS server name indication. */
    TLS_SNI,
    /** TLS application-layer protocol negotiation values. */
    TLS_ALPN,
    /** A DNS query name. */
    DNS_QUERY,
    /** A user or nick name announced by the protocol. */
    NICK,
    /** Free-form note explaining a behavioural decision (entropy, sizes, ...). */
    NOTE
}
