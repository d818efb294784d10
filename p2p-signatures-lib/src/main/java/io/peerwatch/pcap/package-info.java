/**
 * Capture file input: memory-mapped pcap and pcapng readers behind one entry point,
 * {@link io.peerwatch.pcap.PacketFiles#open(java.nio.file.Path)}, handing out a reused
 * {@link io.peerwatch.pcap.PacketView} per packet. Format errors are
 * {@link io.peerwatch.pcap.PacketFileException}s naming file, byte offset and reason.
 */
package io.peerwatch.pcap;
