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
 * SOCKS 5 (RFC 1928) with username/password authentication (RFC 1929). Client greeting
 * {@code VER=5 NMETHODS METHODS[NMETHODS]} filling the first payload exactly (§3), methods
 * IANA-assigned ({@code 0x00..0x09}) or private ({@code 0x80..0xFE}); server choice {@code
 * 05 METHOD} (2 bytes), METHOD one offered or {@code 0xFF}; request {@code 05 CMD(1..3) 00
 * ATYP DST.ADDR DST.PORT} with ATYP 1 (4 bytes), 3 (length-prefixed name) or 4 (16 bytes)
 * (§4); RFC 1929 sub-negotiation {@code 01 ULEN UNAME PLEN PASSWD}.
 *
 * <p>A 3-byte greeting alone is weak evidence, so a match needs the greeting plus either the
 * server's 2-byte choice of an offered method or, when only the client side is visible, an
 * exactly sized request or authentication message as the client's next payload. A greeting
 * pipelined with its request in one payload counts as both.
 *
 * <p>Evidence: {@link MetadataKey#SERVER_HOST} = the requested destination, {@link
 * MetadataKey#NICK} = the RFC 1929 user name (never the password), {@link
 * MetadataKey#HTTP_HOST} of tunnelled HTTP.
 */
final class Socks5Signature implements Signature {

    static final Socks5Signature INSTANCE = new Socks5Signature();

    private static final int VERSION = 5;
    private static final int AUTH_VERSION = 1;
    private static final int NO_ACCEPTABLE = 0xFF;
    private static final int LAST_IANA_METHOD = 0x09;
    private static final int FIRST_PRIVATE_METHOD = 0x80;
    private static final int MAX_COMMAND = 3;
    private static final int STATE = 0;
    private static final int OFFERED = 1;
    private static final int GREETED = 1;
    private static final long PRIVATE_BIT = 1L << 31;

    private Socks5Signature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.SOCKS5;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (s.get(id(), STATE) != GREETED) {
            if (dir != Direction.CLIENT_TO_SERVER || s.payloadPackets() > 0) {
                return Verdict.NO_MATCH;
            }
            int end = greetingEnd(p);
            if (end < 0) {
                return Verdict.NO_MATCH;
            }
            if (end < p.limit()) {
                return requestLength(p, end) == p.limit() - end ? Verdict.MATCH : Verdict.NO_MATCH;
            }
            s.set(id(), STATE, GREETED);
            s.set(id(), OFFERED, offeredMask(p));
            return Verdict.NEED_MORE;
        }
        if (dir == Direction.SERVER_TO_CLIENT) {
            int chosen = Bytes.u8(p, 1);
            boolean ok = p.limit() == 2 && p.get(0) == VERSION
                    && (chosen == NO_ACCEPTABLE || (s.get(id(), OFFERED) & methodBit(chosen)) != 0);
            return ok ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        return requestLength(p, 0) == p.limit() || authLength(p) == p.limit() ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    /** End of a well-formed greeting at offset 0, or -1. */
    private static int greetingEnd(ByteBuffer p) {
        int n = Bytes.u8(p, 1);
        if (Bytes.u8(p, 0) != VERSION || n < 1 || 2 + n > p.limit()) {
            return -1;
        }
        for (int i = 2; i < 2 + n; i++) {
            int m = p.get(i) & 0xff;
            if ((m > LAST_IANA_METHOD && m < FIRST_PRIVATE_METHOD) || m == NO_ACCEPTABLE) {
                return -1;
            }
        }
        return 2 + n;
    }

    private static int offeredMask(ByteBuffer p) {
        long mask = 0;
        for (int i = 2; i < greetingEnd(p); i++) {
            mask |= methodBit(p.get(i) & 0xff);
        }
        return (int) mask;
    }

    /** One bit per IANA method, one shared bit for all private methods. */
    private static long methodBit(int method) {
        return method <= LAST_IANA_METHOD ? 1L << method : PRIVATE_BIT;
    }

    /** Length of a request (or reply: same layout) at {@code off}, or -1. */
    static int requestLength(ByteBuffer p, int off) {
        int cmd = Bytes.u8(p, off + 1);
        if (Bytes.u8(p, off) != VERSION || cmd < 1 || cmd > MAX_COMMAND || Bytes.u8(p, off + 2) != 0) {
            return -1;
        }
        return switch (Bytes.u8(p, off + 3)) {
            case SocksText.ATYP_IPV4 -> 4 + SocksText.IPV4 + 2;
            case SocksText.ATYP_IPV6 -> 4 + SocksText.IPV6 + 2;
            case SocksText.ATYP_DOMAIN -> Bytes.u8(p, off + 4) > 0 ? 4 + 1 + Bytes.u8(p, off + 4) + 2 : -1;
            default -> -1;
        };
    }

    /** Length of an RFC 1929 username/password message at offset 0, or -1. */
    private static int authLength(ByteBuffer p) {
        int ulen = Bytes.u8(p, 1);
        int plen = Bytes.u8(p, 2 + Math.max(ulen, 0));
        return Bytes.u8(p, 0) == AUTH_VERSION && ulen > 0 && plen >= 0 ? 3 + ulen + plen : -1;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        if (dir != Direction.CLIENT_TO_SERVER) {
            return;
        }
        int end = greetingEnd(p);
        int req = end > 0 && requestLength(p, end) == p.limit() - end ? end : 0;
        if (requestLength(p, req) == p.limit() - req) {
            out.put(MetadataKey.SERVER_HOST, SocksText.destination(p, req, requestLength(p, req)));
        } else if (authLength(p) == p.limit()) {
            out.put(MetadataKey.NICK, Bytes.text(p, 2, 2 + p.get(1)));
        } else {
            HttpText.putRequestHost(p, out);
        }
    }
}
