/**
 * Allocation-free header decoding: {@link io.peerwatch.packet.PacketDecoder} fills a reused
 * {@link io.peerwatch.packet.DecodedPacket} from a frame of any supported link type; malformed
 * frames are counted per {@link io.peerwatch.packet.DecodeFailure}, never thrown.
 */
package io.peerwatch.packet;
