/**
 * Detectors over proxy log entries: {@link io.peerwatch.detect.proxy.TunnelDetector}
 * (NONSTANDARD_CONNECT per CONNECT line; HTTP_TUNNEL shapes per (subject, destination)
 * {@link io.peerwatch.detect.proxy.TunnelWindow}) and
 * {@link io.peerwatch.detect.proxy.LargeMediaDetector} (LARGE_MEDIA_DOWNLOAD per line).
 */
package io.peerwatch.detect.proxy;
