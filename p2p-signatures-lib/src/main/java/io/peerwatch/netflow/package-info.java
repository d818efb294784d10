/**
 * NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) export datagram decoding:
 * {@link io.peerwatch.netflow.FlowDecoder} turns datagrams from any number of exporters into
 * {@link io.peerwatch.core.FlowRecord} records, with bounded template state
 * ({@link io.peerwatch.netflow.DecoderConfig}), typed errors naming exporter and byte offset
 * ({@link io.peerwatch.netflow.DecodeError}) and per-exporter counters
 * ({@link io.peerwatch.netflow.ExporterStats}).
 */
package io.peerwatch.netflow;
