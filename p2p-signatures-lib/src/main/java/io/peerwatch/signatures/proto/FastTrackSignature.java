package io.peerwatch.signatures.proto;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * FastTrack (KaZaA, Grokster, iMesh): the parts that are not encrypted.
 *
 * <p>TCP: peer-to-peer transfers are HTTP (giFT-FastTrack project documentation and sources,
 * {@code fst_http_server.c}/{@code fst_upload.c}, 2003-2004): requests {@code GET /.hash=<hex
 * UUHash>} and {@code GET /.files}, the firewalled push reply {@code GIVE <id>}, and heads carrying
 * {@code X-Kazaa-Username}, {@code X-Kazaa-Network}, {@code X-Kazaa-IP},
 * {@code X-Kazaa-SupernodeIP}, {@code X-KazaaTag} or the {@code PeerEnabler} user agent (the
 * header set the ipp2p KaZaA rule also keys on).
 *
 * <p>UDP: supernode discovery ({@code fst_udp_discover.c}): ping {@code 0x27 <enc type, 4 bytes
 * big-endian> 0x80 <network name>\0} and pong {@code 0x28 <enc type 4> <2 bytes> <4 bytes>
 * <network name>\0} (0x29 a second pong form); the network name ("KaZaA") must end the datagram.
 *
 * <p>Not matched: the supernode session itself. Its 12-byte opening ({@code <random 4><seed
 * 4><mangled enc type 4>}, giFT-FastTrack {@code fst_session.c}) is verifiable only by running the
 * proprietary key-mangling cipher, which is not reimplemented here.
 *
 * <p>Evidence: NICK from {@code X-Kazaa-Username}, CLIENT from User-Agent/Server, NOTE with the
 * network name.
 */
final class FastTrackSignature implements Signature {

    static final FastTrackSignature INSTANCE = new FastTrackSignature();

    private static final byte[] HASH_PATH = Bytes.ascii("/.hash=");
    private static final byte[] FILES_PATH = Bytes.ascii("/.files");
    private static final byte[] GIVE = Bytes.ascii("GIVE ");
    private static final byte[][] KAZAA_HEADERS = {Bytes.ascii("x-kazaa")};
    private static final byte[][] PEER_ENABLER = {Bytes.ascii("user-agent: peerenabler/")};
    private static final byte[] USER_NAME = Bytes.ascii("x-kazaa-username:");
    private static final byte[] NETWORK = Bytes.ascii("x-kazaa-network:");
    private static final byte[] USER_AGENT = Bytes.ascii("user-agent:");
    private static final byte[] SERVER = Bytes.ascii("server:");
    private static final int UDP_PING = 0x27;
    private static final int UDP_PONG = 0x28;
    private static final int UDP_PONG2 = 0x29;
    private static final int PING_NAME = 6;
    private static final int PONG_NAME = 11;
    private static final int MIN_NAME = 3;

    private FastTrackSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.FASTTRACK;
    }

    @Override
    public Selection selection() {
        return Selection.TCP_OR_UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        if (scratch.ipProtocol() == IpProtocol.UDP) {
            return networkNameAt(payload) > 0 ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        int c0 = Bytes.u8(payload, 0);
        if (c0 != 'G' && c0 != 'H') {
            return Verdict.NO_MATCH;
        }
        if (Bytes.startsWith(payload, GIVE)) {
            int i = GIVE.length;
            while (Bytes.u8(payload, i) >= '0' && Bytes.u8(payload, i) <= '9') {
                i++;
            }
            return i > GIVE.length && (Bytes.u8(payload, i) == '\r' || Bytes.u8(payload, i) == '\n')
                    ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        int t = HttpHead.requestTarget(payload);
        if (t < 0 && !HttpHead.isResponse(payload)) {
            return Verdict.NO_MATCH;
        }
        if (t >= 0 && (Bytes.at(payload, t, HASH_PATH) || Bytes.at(payload, t, FILES_PATH))) {
            return Verdict.MATCH;
        }
        int end = HttpHead.blockEnd(payload);
        return HttpHead.hasHeader(payload, end, (byte) 'x', KAZAA_HEADERS)
                || HttpHead.hasHeader(payload, end, (byte) 'u', PEER_ENABLER) ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    /** Offset of the NUL-terminated network name that ends a discovery datagram, or -1. */
    private static int networkNameAt(ByteBuffer b) {
        int type = Bytes.u8(b, 0);
        int at = type == UDP_PING ? PING_NAME : type == UDP_PONG || type == UDP_PONG2 ? PONG_NAME : -1;
        if (at < 0 || b.limit() < at + MIN_NAME + 1 || b.get(b.limit() - 1) != 0
                || Bytes.u16be(b, 1) != 0 || type == UDP_PING && Bytes.u8(b, 5) != 0x80) {
            return -1;
        }
        for (int i = at; i < b.limit() - 1; i++) {
            int c = b.get(i) & 0xff;
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return -1;
            }
        }
        return at;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        if (scratch.ipProtocol() == IpProtocol.UDP) {
            int at = networkNameAt(payload);
            if (at > 0) {
                out.put(MetadataKey.NOTE, "network " + Bytes.text(payload, at, payload.limit() - 1));
            }
            return;
        }
        int end = HttpHead.blockEnd(payload);
        out.put(MetadataKey.NICK, HttpHead.value(payload, end, USER_NAME));
        out.put(MetadataKey.CLIENT, HttpHead.value(payload, end, USER_AGENT));
        out.put(MetadataKey.CLIENT, HttpHead.value(payload, end, SERVER));
        String network = HttpHead.value(payload, end, NETWORK);
        if (network != null) {
            out.put(MetadataKey.NOTE, "network " + network);
        }
    }
}
