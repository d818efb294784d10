/**
 * Packets: {@link io.peerwatch.sensor.pcap.LiveCapture} (pcap4j over libpcap, the only place
 * PeerWatch touches native capture), {@link io.peerwatch.sensor.pcap.PacketSensor} (packets into
 * Kafka as {@code PacketEvent}s) and {@link io.peerwatch.sensor.pcap.LiveClassify}
 * ({@code peerwatch classify --interface}). Frames are decoded by the library's
 * {@link io.peerwatch.packet.PacketDecoder}, as capture files are.
 */
package io.peerwatch.sensor.pcap;
