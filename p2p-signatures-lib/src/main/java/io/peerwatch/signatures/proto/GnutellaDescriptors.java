package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;

/**
 * The Gnutella descriptor (message) layout shared by the TCP stream after the handshake and by
 * UDP datagrams (Gnutella 0.6 RFC draft, section 2.2, http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html):
 *
 * <pre>
 *  0..15  descriptor (message) GUID
 *  16     payload type: 0x00 ping, 0x01 pong, 0x02 bye, 0x30 QRP route table update,
 *         0x31 vendor message, 0x32 standard vendor message, 0x40 push, 0x80 query,
 *         0x81 query hit; 0x44 marks LimeWire's Mojito DHT messages, which reuse this header
 *  17     TTL         18  hops          19..22  payload length, little-endian
 * </pre>
 *
 * Query payload: 2-byte minimum speed, NUL-terminated search criteria, then extensions. Query
 * hit payload: hit count, port (2), IPv4 (4), speed (4), then per hit file index (4), file size
 * (4), NUL-terminated file name and NUL-terminated extension block (section 2.2.6).
 */
final class GnutellaDescriptors {

    static final int HEADER = 23;
    static final int TYPE = 16;
    static final int TTL = 17;
    static final int HOPS = 18;
    static final int LENGTH = 19;
    static final int PING = 0x00;
    static final int PONG = 0x01;
    static final int BYE = 0x02;
    static final int QRP = 0x30;
    static final int VENDOR = 0x31;
    static final int STANDARD_VENDOR = 0x32;
    static final int MOJITO_DHT = 0x44;
    static final int PUSH = 0x40;
    static final int QUERY = 0x80;
    static final int QUERY_HIT = 0x81;
    /** The draft's recommended maximum TTL is 7; servents accept up to about 15 hops in total. */
    static final int MAX_TTL_PLUS_HOPS = 16;
    /** Descriptors above 64 KiB are dropped by servents; larger lengths mean a desynchronised stream. */
    static final int MAX_PAYLOAD = 65536;

    private static final int QUERY_CRITERIA = 2;
    private static final int HIT_RESULTS = 11;
    private static final int HIT_NAME = 8;
    private static final int PUSH_PAYLOAD = 26;
    private static final int PONG_PAYLOAD = 14;

    private GnutellaDescriptors() {
    }

    /** True for the payload types a servent sends. */
    static boolean knownType(int t) {
        return switch (t) {
            case PING, PONG, BYE, QRP, VENDOR, STANDARD_VENDOR, MOJITO_DHT, PUSH, QUERY, QUERY_HIT -> true;
            default -> false;
        };
    }

    /**
     * True when {@code [0, limit)} is exactly one plausible descriptor: known type, payload length
     * equal to the rest of the datagram, TTL and hops in range and a payload long enough for its
     * type. Mojito DHT messages carry a version where TTL and hops are, so those bytes are free.
     */
    static boolean isDatagram(ByteBuffer b) {
        int n = b.limit();
        if (n < HEADER) {
            return false;
        }
        int type = b.get(TYPE) & 0xff;
        if (!knownType(type) || Bytes.u32le(b, LENGTH) != n - HEADER) {
            return false;
        }
        int payload = n - HEADER;
        if (type == MOJITO_DHT) {
            return payload > 0;
        }
        int ttl = b.get(TTL) & 0xff;
        int hops = b.get(HOPS) & 0xff;
        if (ttl < 1 || ttl + hops > MAX_TTL_PLUS_HOPS) {
            return false;
        }
        return switch (type) {
            case PONG -> payload >= PONG_PAYLOAD;
            case PUSH -> payload >= PUSH_PAYLOAD;
            case QUERY -> payload >= QUERY_CRITERIA + 1;
            case QUERY_HIT -> payload >= HIT_RESULTS;
            case BYE -> payload >= 2;
            default -> true;
        };
    }

    /** Adds the search string of a query or the file names of a query hit at {@code off}. */
    static void describe(ByteBuffer b, int off, int end, Metadata out) {
        int type = Bytes.u8(b, off + TYPE);
        int p = off + HEADER;
        if (type == QUERY) {
            int from = p + QUERY_CRITERIA;
            int nul = Bytes.indexOf(b, (byte) 0, from, end);
            String criteria = Bytes.utf8(b, from, nul < 0 ? end : nul).trim();
            if (!criteria.isEmpty() && !criteria.equals("\\")) {
                out.put(MetadataKey.SEARCH, criteria);
            }
        } else if (type == QUERY_HIT) {
            int hits = Bytes.u8(b, p);
            int q = p + HIT_RESULTS;
            for (int i = 0; i < hits && q + HIT_NAME < end; i++) {
                int nameFrom = q + HIT_NAME;
                int nul = Bytes.indexOf(b, (byte) 0, nameFrom, end);
                if (nul < 0) {
                    break;
                }
                out.put(MetadataKey.FILE_NAME, Bytes.utf8(b, nameFrom, nul));
                int extEnd = Bytes.indexOf(b, (byte) 0, nul + 1, end);
                if (extEnd < 0) {
                    break;
                }
                q = extEnd + 1;
            }
        }
    }
}
