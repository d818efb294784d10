package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;

/**
 * Evidence extraction for the text parts of Gnutella and Gnutella2 connections ({@code describe}
 * only, allocates): handshake headers, HTTP download and GWebCache heads, GIV lines. Header
 * names from the Gnutella 0.6 RFC draft (sections 2.1 and 4) and GWebCache specification 2.
 */
final class GnutellaEvidence {

    static final byte[] CONNECT = Bytes.ascii("GNUTELLA CONNECT/");
    static final byte[] RESPONSE = Bytes.ascii("GNUTELLA/0.");
    static final byte[] OK_04 = Bytes.ascii("GNUTELLA OK");
    static final byte[] GIV = Bytes.ascii("GIV ");
    private static final byte[] CONNECT_04 = Bytes.ascii("GNUTELLA CONNECT/0.4");
    private static final byte[] OK_200 = Bytes.ascii("GNUTELLA/0.6 200");
    private static final byte[] EMPTY_LINE_04 = Bytes.ascii("\n\n");
    private static final byte[] USER_AGENT = Bytes.ascii("user-agent:");
    private static final byte[] SERVER = Bytes.ascii("server:");
    private static final byte[] HOST = Bytes.ascii("host:");
    private static final byte[] X_NICK = Bytes.ascii("x-nick:");
    private static final byte[] ENCODING = Bytes.ascii("content-encoding:");
    private static final byte[] DISPOSITION = Bytes.ascii("content-disposition:");
    private static final String FILENAME = "filename=";

    private GnutellaEvidence() {
    }

    /** True when the payload starts with a Gnutella handshake line. */
    static boolean isHandshake(ByteBuffer p) {
        return Bytes.startsWith(p, CONNECT) || Bytes.startsWith(p, RESPONSE) || Bytes.startsWith(p, OK_04);
    }

    /**
     * Reads a handshake block: CLIENT from User-Agent; when the block is a "200" response (0.6) or
     * a 0.4 connect/OK, the descriptor stream of this direction starts after it, deflated when
     * the block says {@code Content-Encoding: deflate}. {@code readStream} is false for
     * Gnutella2, whose binary stream is not read.
     */
    static void handshake(ByteBuffer p, int d, FlowScratch scratch, boolean readStream, Metadata out) {
        boolean v04 = Bytes.startsWith(p, CONNECT_04) || Bytes.startsWith(p, OK_04);
        int end = v04 ? endOf04(p) : HttpHead.completeBlockEnd(p);
        out.put(MetadataKey.CLIENT, HttpHead.value(p, end < 0 ? HttpHead.blockEnd(p) : end, USER_AGENT));
        if (!readStream || end < 0 || !(v04 || Bytes.startsWith(p, OK_200))) {
            return;
        }
        GnutellaStream s = scratch.attachment() instanceof GnutellaStream g ? g : null;
        if (s == null) {
            s = new GnutellaStream();
            scratch.attach(s);
        }
        String encoding = HttpHead.value(p, end, ENCODING);
        s.start(d, encoding != null && HttpHead.lower(encoding).contains("deflate"));
        s.feed(d, p, end, out);
    }

    private static int endOf04(ByteBuffer p) {
        int i = Bytes.indexOf(p, EMPTY_LINE_04, 0, HttpHead.MAX_HEAD);
        return i < 0 ? -1 : i + EMPTY_LINE_04.length;
    }

    /** {@code GIV <index>:<guid>/<file name>}: the file name. */
    static void giv(ByteBuffer p, Metadata out) {
        int slash = Bytes.indexOf(p, (byte) '/', 0, Math.min(p.limit(), HttpHead.MAX_HEAD));
        int eol = HttpHead.lineEnd(p, 0);
        if (slash >= 0) {
            out.put(MetadataKey.FILE_NAME, Bytes.utf8(p, slash + 1, eol < 0 ? p.limit() : eol));
        }
    }

    /** An HTTP download or GWebCache head: client, nick, file name, cache host and URI. */
    static void http(ByteBuffer p, Metadata out) {
        int end = HttpHead.blockEnd(p);
        out.put(MetadataKey.CLIENT, HttpHead.value(p, end, USER_AGENT));
        out.put(MetadataKey.CLIENT, HttpHead.value(p, end, SERVER));
        String nick = HttpHead.value(p, end, X_NICK);
        out.put(MetadataKey.NICK, nick == null ? null : HttpHead.urlDecode(nick));
        String target = HttpHead.target(p);
        if (target != null && target.startsWith("/get/")) {
            int slash = target.indexOf('/', "/get/".length());
            out.put(MetadataKey.FILE_NAME, HttpHead.urlDecode(target.substring(slash + 1)));
        } else if (target != null && target.contains("client=")) {
            out.put(MetadataKey.HTTP_URI, target);
            out.put(MetadataKey.SERVER_HOST, HttpHead.value(p, end, HOST));
        }
        String disposition = HttpHead.value(p, end, DISPOSITION);
        int f = disposition == null ? -1 : disposition.indexOf(FILENAME);
        if (f >= 0) {
            out.put(MetadataKey.FILE_NAME,
                    HttpHead.urlDecode(disposition.substring(f + FILENAME.length()).replace("\"", "")));
        }
    }
}
