package io.peerwatch.signatures.proto;

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
 * SOCKS 4 and 4A (Ying-Da Lee, "SOCKS: A protocol for TCP proxy across firewalls" and "SOCKS
 * 4A: A Simple Extension to SOCKS 4 Protocol", openssh.com/txt/socks4.protocol and
 * socks4a.protocol). Request: {@code VN=4 CD=1|2 DSTPORT(2) DSTIP(4) USERID NUL}; SOCKS 4A
 * puts {@code 0.0.0.x} (x non-zero) in DSTIP and appends {@code hostname NUL}. Reply: 8 bytes
 * {@code VN=0 CD=90..93 DSTPORT DSTIP}.
 *
 * <p>The request must fill the client's first payload exactly with printable user id and
 * host name. A 4A request naming a host matches by itself (its shape is specific); a plain
 * SOCKS 4 request also needs the server's exact 8-byte reply, because 9 bytes starting with
 * {@code 04 01} are not evidence enough.
 *
 * <p>Evidence: {@link MetadataKey#SERVER_HOST} = the requested destination, {@link
 * MetadataKey#NICK} = a non-empty user id, {@link MetadataKey#HTTP_HOST} of tunnelled HTTP.
 */
final class Socks4Signature implements Signature {

    static final Socks4Signature INSTANCE = new Socks4Signature();

    private static final int VERSION = 4;
    private static final int CMD_CONNECT = 1;
    private static final int CMD_BIND = 2;
    private static final int HEADER = 8;
    private static final int REPLY_VERSION = 0;
    private static final int REPLY_GRANTED = 90;
    private static final int REPLY_LAST = 93;
    private static final int MAX_FIELD = 255;
    private static final int SOCKS4A_MAX_IP = 0xFF;
    private static final int STATE = 0;
    private static final int PORT = 1;
    private static final int ADDRESS = 2;
    private static final int AWAIT_REPLY = 1;

    private Socks4Signature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.SOCKS4;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (s.get(id(), STATE) == AWAIT_REPLY) {
            if (dir == Direction.CLIENT_TO_SERVER) {
                return Verdict.NEED_MORE;
            }
            int code = Bytes.u8(p, 1);
            return p.limit() == HEADER && p.get(0) == REPLY_VERSION && code >= REPLY_GRANTED && code <= REPLY_LAST
                    ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (dir != Direction.CLIENT_TO_SERVER || s.payloadPackets() > 0) {
            return Verdict.NO_MATCH;
        }
        int host = hostOffset(p);
        if (host == -1) {
            return Verdict.NO_MATCH;
        }
        if (host > 0) {
            return Verdict.MATCH;
        }
        s.set(id(), STATE, AWAIT_REPLY);
        s.set(id(), PORT, Bytes.u16be(p, 2));
        s.set(id(), ADDRESS, (int) Bytes.u32be(p, 4));
        return Verdict.NEED_MORE;
    }

    /**
     * Validates a request filling the payload: -1 if it is not one, 0 for SOCKS 4, else the
     * offset of the SOCKS 4A host name.
     */
    private static int hostOffset(ByteBuffer p) {
        int cmd = Bytes.u8(p, 1);
        if (Bytes.u8(p, 0) != VERSION || (cmd != CMD_CONNECT && cmd != CMD_BIND) || p.limit() <= HEADER) {
            return -1;
        }
        int userEnd = Bytes.indexOf(p, (byte) 0, HEADER, Math.min(p.limit(), HEADER + MAX_FIELD + 1));
        if (userEnd < 0 || !Bytes.isText(p, HEADER, userEnd)) {
            return -1;
        }
        long ip = Bytes.u32be(p, 4);
        boolean socks4a = ip > 0 && ip <= SOCKS4A_MAX_IP;
        if (!socks4a) {
            return userEnd == p.limit() - 1 ? 0 : -1;
        }
        int host = userEnd + 1;
        int hostEnd = p.limit() - 1;
        boolean ok = hostEnd > host && hostEnd - host <= MAX_FIELD && p.get(hostEnd) == 0
                && HttpText.isVisible(p, host, hostEnd);
        return ok ? host : -1;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        if (dir == Direction.CLIENT_TO_SERVER && s.payloadPackets(dir) == 0) {
            int host = hostOffset(p);
            if (host > 0) {
                out.put(MetadataKey.SERVER_HOST, Bytes.text(p, host, p.limit() - 1) + ":" + Bytes.u16be(p, 2));
            }
            int userEnd = Bytes.indexOf(p, (byte) 0, HEADER, p.limit());
            out.put(MetadataKey.NICK, Bytes.text(p, HEADER, userEnd));
        } else if (dir == Direction.SERVER_TO_CLIENT && s.get(id(), STATE) == AWAIT_REPLY && out.isEmpty()) {
            int ip = s.get(id(), ADDRESS);
            out.put(MetadataKey.SERVER_HOST, SocksText.ipv4(ip) + ":" + s.get(id(), PORT));
        } else if (dir == Direction.CLIENT_TO_SERVER) {
            HttpText.putRequestHost(p, out);
        }
    }
}
