package io.peerwatch.detect;

import io.peerwatch.core.IpAddress;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.EchoPayload;
import io.peerwatch.packet.IpPacket;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One ICMP or ICMPv6 echo request or reply (RFC 792 types 8/0, RFC 4443 types 128/129) reduced to
 * what the ICMP-tunnel judgement needs: the pair, the direction, the payload size, whether the
 * payload follows a ping fill pattern ({@link EchoPayload}), how many distinct byte values it holds
 * and a hash (an ordinary echo reply mirrors its request's payload). Made per packet by the job's
 * packet pipeline and by {@code classify} ({@link #of}).
 *
 * @param timeMs capture time, epoch milliseconds
 * @param src sender
 * @param dst receiver
 * @param request true for an echo request, false for a reply
 * @param payloadBytes payload bytes on the wire (after the 8-byte echo header)
 * @param patterned true when the captured payload follows a ping fill pattern
 * @param distinct distinct byte values in the captured payload
 * @param sampled payload bytes captured (what {@code patterned}, {@code distinct} and {@code hash} saw)
 * @param hash hash of the captured payload
 */
public record EchoObservation(long timeMs, IpAddress src, IpAddress dst, boolean request, int payloadBytes,
        boolean patterned, int distinct, int sampled, int hash) {

    public EchoObservation {
        if (src == null || dst == null) {
            throw new IllegalArgumentException("echo observation addresses must not be null");
        }
        if (payloadBytes < 0 || sampled < 0 || distinct < 0 || distinct > 256) {
            throw new IllegalArgumentException("echo observation field out of range: " + payloadBytes + "/" + sampled
                    + "/" + distinct);
        }
    }

    /**
     * The echo observation of a packet, if it is an echo request or reply.
     *
     * @param payload the echo payload from index 0 to its limit (what was captured of it)
     */
    public static Optional<EchoObservation> of(IpPacket p, ByteBuffer payload, long timeMs) {
        if (!p.isIcmpEcho()) {
            return Optional.empty();
        }
        return Optional.of(new EchoObservation(timeMs, DecodedPacket.address(p.ipVersion(), p.srcHi(), p.srcLo()),
                DecodedPacket.address(p.ipVersion(), p.dstHi(), p.dstLo()), p.isIcmpEchoRequest(), p.wirePayloadLength(),
                EchoPayload.isPatterned(payload), EchoPayload.distinct(payload, 0), payload.limit(), EchoPayload.hash(payload)));
    }

    /** The side that sends the requests (the receiver of a reply). */
    public IpAddress requester() {
        return request ? src : dst;
    }

    /** The side that answers. */
    public IpAddress responder() {
        return request ? dst : src;
    }
}
