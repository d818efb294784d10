/**
 * Proxy log parsing: {@link io.peerwatch.proxy.ProxyLogFormat} names or detects a format (Squid
 * native, common, combined, a custom Squid {@code logformat}, Zeek {@code http.log} TSV/JSON) and
 * makes a {@link io.peerwatch.proxy.ProxyLogParser} per file; each line becomes a
 * {@link io.peerwatch.proxy.ProxyRecord} or a {@link io.peerwatch.proxy.ProxyLogException} naming
 * file, line and reason, after which parsing simply goes on.
 */
package io.peerwatch.proxy;
