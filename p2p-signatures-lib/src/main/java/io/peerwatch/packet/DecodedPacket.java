package io.peerwatch.packet;

import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The headers of one frame as {@link PacketDecoder} found them: a reused, mutable view filled
 * by each {@link PacketDecoder#decode} call, so decoding allocates nothing per packet.
 *
 * <p>Addresses are held as two longs each (IPv6: high and low 64 bits; IPv4: 0 and the
 * unsigned 32-bit value), so they can be hashed and compared without objects;
 * {@link #srcAddress()} and {@link #dstAddress()} build an {@link IpAddress} on demand.
 * Offsets index {@link #buffer()}, the frame's buffer.
 *
 * <p>Transport fields ({@link #srcPort()}, {@link #tcpFlags()}, ICMP fields) are meaningful
 * only when {@link #hasTransport()}: false for non-first IPv4/IPv6 fragments, for IP protocols
 * other than TCP, UDP, ICMP and ICMPv6, and after a failed decode.
 */
public final class DecodedPacket implements IpPacket {
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int ICMPV6_ECHO_REQUEST = 128;
    private static final int ICMPV6_ECHO_REPLY = 129;
    private static final int NO_VLAN = -1;

    ByteBuffer buffer;
    int linkType;
    int vlanId = NO_VLAN;
    int ipVersion;
    int ipProtocol;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int ipOffset;
    int ipLength;
    boolean ipLengthExceedsFrame;
    boolean fragment;
    boolean laterFragment;
    // Fragment fields, set when fragment is true (for FragmentReassembler).
    /** IPv4 identification (16 bits) or IPv6 fragment identification (32 bits). */
    long fragmentId;
    /** Offset of this fragment's data in the datagram, in bytes. */
    int fragmentOffset;
    /** More fragments follow (the MF / M flag). */
    boolean moreFragments;
    /** Buffer index of the fragmentable data: after the IPv4 header, or after the IPv6 fragment header. */
    int fragmentDataOffset;
    /** Buffer index where the fragment's data ends (its declared end, or the captured end if earlier). */
    int fragmentDataEnd;
    /** Protocol of the fragmentable part: the IPv4 protocol, or the IPv6 fragment header's next header. */
    int fragmentNextHeader;
    /** The capture cut the fragment short of its declared length (snap length): its data is incomplete. */
    boolean fragmentTruncated;
    boolean hasTransport;
    int srcPort;
    int dstPort;
    int tcpFlags;
    int icmpType;
    int icmpCode;
    int icmpId;
    /** Set with the ICMP fields: {@link #isIcmpEcho()} is asked for every packet, so it is a field read. */
    boolean icmpEcho;
    int payloadOffset;
    int payloadLength;
    DecodeFailure failure;

    /** An empty view for {@link PacketDecoder#decode} to fill. */
    public DecodedPacket() {
    }

    void clear() {
        vlanId = NO_VLAN;
        ipVersion = 0;
        ipProtocol = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        ipOffset = ipLength = 0;
        ipLengthExceedsFrame = false;
        fragment = laterFragment = hasTransport = false;
        moreFragments = fragmentTruncated = false;
        srcPort = dstPort = tcpFlags = 0;
        icmpType = icmpCode = icmpId = 0;
        icmpEcho = false;
        payloadOffset = payloadLength = 0;
        failure = null;
    }

    /** True after a successful {@link PacketDecoder#decode}; false before any and after a failed one. */
    public boolean isDecoded() {
        return failure == null && ipVersion != 0;
    }

    /** The frame's buffer (the one passed to the decoder). */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Link type the frame was decoded as. */
    public int linkType() {
        return linkType;
    }

    /** True when the frame carried at least one 802.1Q/802.1ad tag. */
    public boolean hasVlan() {
        return vlanId != NO_VLAN;
    }

    /** VLAN id (12 bits) of the outermost tag; meaningful when {@link #hasVlan()}. */
    public int vlanId() {
        return vlanId;
    }

    /** 4 or 6. */
    public int ipVersion() {
        return ipVersion;
    }

    /** IANA protocol of the transport header (after IPv6 extension headers). */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** Source address, high 64 bits (0 for IPv4). */
    public long srcHi() {
        return srcHi;
    }

    /** Source address, low 64 bits (IPv4: the unsigned 32-bit value). */
    public long srcLo() {
        return srcLo;
    }

    /** Destination address, high 64 bits (0 for IPv4). */
    public long dstHi() {
        return dstHi;
    }

    /** Destination address, low 64 bits (IPv4: the unsigned 32-bit value). */
    public long dstLo() {
        return dstLo;
    }

    /** Source address as an object (allocates). */
    public IpAddress srcAddress() {
        return address(ipVersion, srcHi, srcLo);
    }

    /** Destination address as an object (allocates). */
    public IpAddress dstAddress() {
        return address(ipVersion, dstHi, dstLo);
    }

    /** Index of the IP header in {@link #buffer()}. */
    public int ipOffset() {
        return ipOffset;
    }

    /**
     * Bytes of the IP packet on the wire, header included (IPv4 total length, IPv6 40 +
     * payload length), even when the capture holds fewer; never more than the frame's length on
     * the wire (see {@link #ipLengthExceedsFrame()}).
     */
    public int ipLength() {
        return ipLength;
    }

    /**
     * True when the IP header declared more bytes than the frame carried on the wire (a forged or
     * corrupt length field); {@link #ipLength()} then counts what the frame carried.
     */
    public boolean ipLengthExceedsFrame() {
        return ipLengthExceedsFrame;
    }

    /** True for any IPv4 or IPv6 fragment (first or later). */
    public boolean isFragment() {
        return fragment;
    }

    /**
     * True for a fragment that carries no transport header, so no ports: every fragment but the
     * first, and a first fragment cut inside its transport header (a tiny-fragment split, RFC 1858).
     */
    public boolean isLaterFragment() {
        return laterFragment;
    }

    /** True when the transport header was read (ports, flags or ICMP fields are valid). */
    public boolean hasTransport() {
        return hasTransport;
    }

    /** TCP/UDP source port (0 otherwise). */
    public int srcPort() {
        return srcPort;
    }

    /** TCP/UDP destination port (0 otherwise). */
    public int dstPort() {
        return dstPort;
    }

    /** TCP flags ({@link TcpFlags}); 0 for other protocols. */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** True for ICMP or ICMPv6 with a transport header. */
    public boolean isIcmp() {
        return hasTransport && (ipProtocol == IpProtocol.ICMP || ipProtocol == IpProtocol.ICMPV6);
    }

    /** ICMP type (ICMP packets only). */
    public int icmpType() {
        return icmpType;
    }

    /** ICMP code (ICMP packets only). */
    public int icmpCode() {
        return icmpCode;
    }

    /** True for an ICMP/ICMPv6 echo request or reply. */
    public boolean isIcmpEcho() {
        return icmpEcho;
    }

    /** Whether an ICMP message of this protocol and type is an echo request or reply. */
    static boolean isEcho(int ipProtocol, int icmpType) {
        return ipProtocol == IpProtocol.ICMP
                ? icmpType == ICMP_ECHO_REQUEST || icmpType == ICMP_ECHO_REPLY
                : icmpType == ICMPV6_ECHO_REQUEST || icmpType == ICMPV6_ECHO_REPLY;
    }

    /** True for an ICMP/ICMPv6 echo request. */
    public boolean isIcmpEchoRequest() {
        return isIcmp() && icmpType == (ipProtocol == IpProtocol.ICMP ? ICMP_ECHO_REQUEST : ICMPV6_ECHO_REQUEST);
    }

    /** Echo identifier (echo request/reply only). */
    public int icmpEchoId() {
        return icmpId;
    }

    /**
     * Index in {@link #buffer()} of the transport payload: after the TCP/UDP header, after the
     * 8-byte ICMP header, or after the IP headers for other protocols.
     */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Captured payload bytes (trailing link padding excluded; may be cut by the snap length). */
    public int payloadLength() {
        return payloadLength;
    }

    /**
     * Transport payload bytes the IP header declares: at least the captured
     * {@link #payloadLength()}, more when the snap length cut the packet.
     */
    @Override
    public int wirePayloadLength() {
        return Math.max(payloadLength, ipOffset + ipLength - payloadOffset);
    }

    /** The captured {@link #payloadLength()}. */
    @Override
    public int availablePayloadLength() {
        return payloadLength;
    }

    @Override
    public void copyPayload(byte[] dst) {
        buffer.get(payloadOffset, dst, 0, payloadLength);
    }

    /** Why the last decode failed; empty after a successful decode. */
    public Optional<DecodeFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Builds an address from the two-long form used here. */
    public static IpAddress address(int ipVersion, long hi, long lo) {
        if (ipVersion == 4) {
            return IpAddress.ofV4((int) lo);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return IpAddress.of(b);
    }

    @Override
    public String toString() {
        if (failure != null) {
            return "undecodable: " + failure;
        }
        return IpProtocol.name(ipProtocol) + " " + srcAddress() + ":" + srcPort + " -> " + dstAddress() + ":" + dstPort
                + " payload " + payloadLength + (laterFragment ? " (later fragment)" : "");
    }
}
