package io.peerwatch.signatures.proto;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.packet.EchoPayload;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * Tunnels inside ICMP echo request/reply payloads (RFC 792 type 8/0, RFC 4443 type 128/129).
 * Decisive shapes: the ptunnel magic {@code D5 20 08 80} (ptunnel {@code kPing_tunnel_magic})
 * or ptunnel-ng's default {@code DE AD C0 DE} at the start of the payload; or a whole IPv4/IPv6
 * packet as the payload (IP-over-ICMP tools such as icmptunnel), recognised by its version
 * nibble and a length field equal to the payload length.
 *
 * <p>Otherwise behaviour: ping programs fill the payload with a fixed pattern after an
 * optional timestamp of up to {@link #TIMESTAMP} bytes (iputils/BSD/macOS: byte {@code i}
 * holds {@code i}; Windows: "abcdefghijklmnopqrstuvw" repeated, period 23; {@code ping -p}
 * and zero fills: short periods). A payload of at least {@link SignatureConfig#icmpMinPayload()} bytes
 * that follows neither pattern and differs from the previous such payload counts as tunnel
 * data; {@link SignatureConfig#icmpIrregularEchoes()} of them match. {@link SignatureConfig#icmpRegularEchoes()}
 * patterned echoes with none irregular clear the flow; shorter payloads (a tunnel's control and
 * authentication messages come first and are short) count neither way. Other ICMP types are
 * skipped. This is a fast per-flow hint: the per-host-pair judgement over a window
 * ({@code io.peerwatch.detect.IcmpTunnelDetector}) does not depend on magic values or message order.
 *
 * <p>Evidence: a {@link MetadataKey#NOTE} naming the shape that matched.
 */
final class IcmpTunnelSignature implements Signature {

    static final IcmpTunnelSignature INSTANCE = new IcmpTunnelSignature(SignatureConfig.defaults());
    /** Leading bytes a ping program may use for a timestamp before its fill pattern. */
    static final int TIMESTAMP = EchoPayload.TIMESTAMP;
    /** Longest fill-pattern period recognised (Windows uses 23). */
    static final int MAX_PERIOD = EchoPayload.MAX_PERIOD;

    private static final long PTUNNEL_MAGIC = 0xD5200880L;
    private static final long PTUNNEL_NG_MAGIC = 0xDEADC0DEL;
    private static final int ECHO_REPLY = 0;
    private static final int ECHO_REQUEST = 8;
    private static final int ECHO6_REQUEST = 128;
    private static final int ECHO6_REPLY = 129;
    private static final int IPV4 = 4;
    private static final int IPV6 = 6;
    private static final int IPV4_MIN_IHL = 5;
    private static final int IPV6_HEADER = 40;
    private static final int IRREGULAR = 0;
    private static final int REGULAR = 1;
    private static final int LAST_HASH = 2;

    /** Echo payloads shorter than this are never counted as tunnel data. */
    final int minPayload;
    /** Varied, unpatterned echo payloads that make a flow a tunnel. */
    final int irregularEchoes;
    /** Patterned echoes that clear a flow when no unpatterned one was seen. */
    final int regularEchoes;

    IcmpTunnelSignature(SignatureConfig config) {
        this.minPayload = config.icmpMinPayload();
        this.irregularEchoes = config.icmpIrregularEchoes();
        this.regularEchoes = config.icmpRegularEchoes();
    }

    @Override
    public SignatureId id() {
        return SignatureId.ICMP_TUNNEL;
    }

    @Override
    public Selection selection() {
        return Selection.ICMP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (!isEcho(s)) {
            return Verdict.NEED_MORE;
        }
        if (hasMagic(p) || isIpPacket(p)) {
            return Verdict.MATCH;
        }
        if (p.limit() < minPayload) {
            return Verdict.NEED_MORE; // short control, key-exchange or authentication messages say nothing either way
        }
        if (isPatterned(p)) {
            int regular = s.get(id(), REGULAR) + 1;
            s.set(id(), REGULAR, regular);
            return regular >= regularEchoes && s.get(id(), IRREGULAR) == 0 ? Verdict.NO_MATCH : Verdict.NEED_MORE;
        }
        int hash = hash(p);
        if (s.get(id(), IRREGULAR) > 0 && hash == s.get(id(), LAST_HASH)) {
            return Verdict.NEED_MORE; // an echo reply mirroring its request is not new data
        }
        int irregular = s.get(id(), IRREGULAR) + 1;
        s.set(id(), IRREGULAR, irregular);
        s.set(id(), LAST_HASH, hash);
        return irregular >= irregularEchoes ? Verdict.MATCH : Verdict.NEED_MORE;
    }

    private static boolean isEcho(FlowScratch s) {
        int t = s.icmpType();
        return s.ipProtocol() == IpProtocol.ICMPV6 ? t == ECHO6_REQUEST || t == ECHO6_REPLY
                : t == ECHO_REQUEST || t == ECHO_REPLY;
    }

    private static boolean hasMagic(ByteBuffer p) {
        long m = Bytes.u32be(p, 0);
        return m == PTUNNEL_MAGIC || m == PTUNNEL_NG_MAGIC;
    }

    /** True when the payload is one whole IPv4 or IPv6 packet. */
    static boolean isIpPacket(ByteBuffer p) {
        int v = Bytes.u8(p, 0);
        if (v >>> 4 == IPV4) {
            return (v & 0xF) >= IPV4_MIN_IHL && Bytes.u16be(p, 2) == p.limit();
        }
        return v >>> 4 == IPV6 && p.limit() >= IPV6_HEADER && Bytes.u16be(p, 4) + IPV6_HEADER == p.limit();
    }

    /** True when the bytes after the timestamp follow a ping fill pattern ({@link EchoPayload#isPatterned}). */
    static boolean isPatterned(ByteBuffer p) {
        return EchoPayload.isPatterned(p);
    }

    private static int hash(ByteBuffer p) {
        int h = p.limit();
        for (int i = 0; i < p.limit(); i++) {
            h = h * 31 + p.get(i);
        }
        return h;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        if (!out.isEmpty() || !isEcho(s)) {
            return;
        }
        String note = hasMagic(p) ? "ptunnel magic " + Bytes.hex(p, 0, 4)
                : isIpPacket(p) ? "IP packet inside ICMP echo" : "varied echo payloads without a ping fill pattern";
        out.put(MetadataKey.NOTE, note);
        s.endMetadata(); // the first echo's note is all it reports
    }
}
