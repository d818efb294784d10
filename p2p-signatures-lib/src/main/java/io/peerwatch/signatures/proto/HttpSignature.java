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
 * Plain HTTP/1.x (benign recogniser). Request line {@code method SP request-target SP
 * HTTP/1.x CRLF} (RFC 9112 §3) with a method of RFC 9110 §9, PATCH or common WebDAV; or a
 * status line {@code HTTP/1.x SP 3DIGIT} (RFC 9112 §4) when the capture starts with the
 * server. The flow's first payload decides. The request target must be visible ASCII, and
 * when the line end is inside the payload it must close with the HTTP version; a request
 * line cut by the segment end is accepted on method and target alone.
 *
 * <p>Listed after every P2P and tunnel signature, so HTTP-based P2P (trackers, Gnutella,
 * KaZaA) and tunnels win when they match.
 *
 * <p>Evidence: {@link MetadataKey#HTTP_HOST}, {@link MetadataKey#HTTP_URI}, {@link
 * MetadataKey#CLIENT} = User-Agent, for each request in the described packets.
 */
final class HttpSignature implements Signature {

    static final HttpSignature INSTANCE = new HttpSignature();

    private static final byte[] HOST = Bytes.ascii("host:");
    private static final byte[] USER_AGENT = Bytes.ascii("user-agent:");

    private HttpSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.HTTP;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (s.payloadPackets() > 0) {
            return Verdict.NO_MATCH;
        }
        return isRequest(p) || HttpText.isStatusLine(p) ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    /** True when the payload starts with an HTTP/1.x request line. */
    static boolean isRequest(ByteBuffer p) {
        int target = HttpText.methodLength(p);
        if (target < 0) {
            return false;
        }
        int eol = HttpText.lineEnd(p, target);
        int end = eol < 0 ? Math.min(p.limit(), target + HttpText.MAX_HEAD) : eol;
        int space = Bytes.indexOf(p, (byte) ' ', target, end);
        if (eol < 0) {
            return HttpText.isVisible(p, target, space < 0 ? end : space);
        }
        return space > target && HttpText.isVisible(p, target, space) && HttpText.endsWithHttpVersion(p, space, eol);
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        if (dir != Direction.CLIENT_TO_SERVER || !isRequest(p)) {
            return;
        }
        out.put(MetadataKey.HTTP_URI, HttpText.requestTarget(p));
        out.put(MetadataKey.HTTP_HOST, HttpText.header(p, HOST));
        out.put(MetadataKey.CLIENT, HttpText.header(p, USER_AGENT));
    }
}
