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
 * Napster / OpenNap client-server protocol (napster.txt, "napster messages", drscholl, OpenNap
 * project, http://opennap.sourceforge.net/napster.txt, sections 2-3): each message is
 * {@code <length 2><type 2><data>}, both little-endian, the length counting the ASCII data only.
 *
 * <p>The client's first message decides. Login (type 2) {@code <nick> <password> <port>
 * "<client-info>" <link-type> [build]} and new-user login (6, with an e-mail address at the end)
 * match when the length field equals the rest of the message and the data has exactly that form
 * (nick and password without spaces, numeric port, quoted client, link type 0..10). Also matched:
 * a search (200) starting {@code FILENAME CONTAINS "} or {@code MAX_RESULTS }, and a share
 * notification (100) {@code "<file>" <32-hex md5> ...}. One packet.
 *
 * <p>Evidence: NICK and CLIENT from the login, SEARCH from {@code FILENAME CONTAINS "..."},
 * FILE_NAME from shares (100), search results (201) and download requests (203).
 */
final class OpenNapSignature implements Signature {

    static final OpenNapSignature INSTANCE = new OpenNapSignature();

    private static final int HEADER = 4;
    private static final int LOGIN = 2;
    private static final int NEW_USER_LOGIN = 6;
    private static final int SHARE = 100;
    private static final int SEARCH = 200;
    private static final int SEARCH_RESULT = 201;
    private static final int DOWNLOAD = 203;
    private static final int MAX_LINK_TYPE = 10;
    private static final int MD5_HEX = 32;
    private static final byte[] FILENAME_CONTAINS = Bytes.ascii("FILENAME CONTAINS \"");
    private static final byte[] MAX_RESULTS = Bytes.ascii("MAX_RESULTS ");

    private OpenNapSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.OPENNAP;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        int len = Bytes.u16le(payload, 0);
        int type = Bytes.u16le(payload, 2);
        if (dir != Direction.CLIENT_TO_SERVER || type < 0 || len < 1 || HEADER + len > payload.limit()
                || !Bytes.isText(payload, HEADER, HEADER + len)) {
            return Verdict.NO_MATCH;
        }
        int end = HEADER + len;
        boolean ok = switch (type) {
            case LOGIN, NEW_USER_LOGIN -> isLogin(payload, HEADER, end);
            case SEARCH -> Bytes.at(payload, HEADER, FILENAME_CONTAINS) || Bytes.at(payload, HEADER, MAX_RESULTS);
            case SHARE -> isShare(payload, HEADER, end);
            default -> false;
        };
        return ok ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    /** {@code <nick> <password> <port> "<client-info>" <link-type> [more]} in {@code [p, end)}. */
    private static boolean isLogin(ByteBuffer b, int p, int end) {
        int nick = token(b, p, end);
        int pass = nick < 0 ? -1 : token(b, nick + 1, end);
        int port = pass < 0 ? -1 : number(b, pass + 1, end);
        if (port < 0 || Bytes.u8(b, port) != ' ' || Bytes.u8(b, port + 1) != '"') {
            return false;
        }
        int close = Bytes.indexOf(b, (byte) '"', port + 2, end);
        if (close < 0 || Bytes.u8(b, close + 1) != ' ') {
            return false;
        }
        int link = number(b, close + 2, end);
        int value = 0;
        for (int i = close + 2; i < link; i++) {
            value = value * 10 + b.get(i) - '0';
        }
        return link > 0 && value <= MAX_LINK_TYPE && (link == end || b.get(link) == ' ');
    }

    /** Index of the space ending a non-empty token without quotes at {@code p}, or -1. */
    private static int token(ByteBuffer b, int p, int end) {
        int sp = Bytes.indexOf(b, (byte) ' ', p, end);
        return sp > p && Bytes.indexOf(b, (byte) '"', p, sp) < 0 ? sp : -1;
    }

    /** Index after 1..5 digits at {@code p}, or -1. */
    private static int number(ByteBuffer b, int p, int end) {
        int i = p;
        while (i < end && i - p < 5 && b.get(i) >= '0' && b.get(i) <= '9') {
            i++;
        }
        return i > p ? i : -1;
    }

    private static boolean isShare(ByteBuffer b, int p, int end) {
        int close = Bytes.u8(b, p) == '"' ? Bytes.indexOf(b, (byte) '"', p + 1, end) : -1;
        if (close < 0 || Bytes.u8(b, close + 1) != ' ') {
            return false;
        }
        for (int i = close + 2; i < close + 2 + MD5_HEX; i++) {
            if (Character.digit(Bytes.u8(b, i), 16) < 0) {
                return false;
            }
        }
        return Bytes.u8(b, close + 2 + MD5_HEX) == ' ';
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        int off = 0;
        while (off + HEADER <= payload.limit()) {
            int len = Bytes.u16le(payload, off);
            int type = Bytes.u16le(payload, off + 2);
            int end = Math.min(payload.limit(), off + HEADER + len);
            String data = Bytes.utf8(payload, off + HEADER, end);
            switch (type) {
                case LOGIN, NEW_USER_LOGIN -> {
                    String[] f = data.split(" ");
                    out.put(MetadataKey.NICK, f[0]);
                    int q = data.indexOf('"');
                    int q2 = data.indexOf('"', q + 1);
                    if (q >= 0 && q2 > q) {
                        out.put(MetadataKey.CLIENT, data.substring(q + 1, q2));
                    }
                }
                case SEARCH -> quoted(data, "FILENAME CONTAINS \"", MetadataKey.SEARCH, out);
                case SHARE, SEARCH_RESULT, DOWNLOAD -> quoted(data, "\"", MetadataKey.FILE_NAME, out);
                default -> {
                }
            }
            off += HEADER + len;
        }
    }

    /** Puts the text between each {@code prefix} and the next quote; several searches join with spaces. */
    private static void quoted(String data, String prefix, MetadataKey key, Metadata out) {
        StringBuilder all = new StringBuilder();
        for (int i = data.indexOf(prefix); i >= 0; i = data.indexOf(prefix, i + 1)) {
            int from = i + prefix.length();
            int to = data.indexOf('"', from);
            if (to < 0) {
                break;
            }
            all.append(all.length() == 0 ? "" : " ").append(data, from, to);
            i = to;
            if (key == MetadataKey.FILE_NAME) {
                break;
            }
        }
        out.put(key, all.toString());
    }
}
