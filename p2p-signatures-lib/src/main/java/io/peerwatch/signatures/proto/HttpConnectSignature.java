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
 * A tunnel through an HTTP proxy opened with {@code CONNECT} (RFC 9110 §9.3.6; request line
 * {@code CONNECT authority-form HTTP/1.x}, RFC 9112 §3.2.3) that does not carry ordinary
 * HTTPS. The proxy answers {@code HTTP/1.x 200 ...} and from then on relays raw bytes.
 *
 * <p>A CONNECT to any port but 443 matches on the request. A CONNECT to port 443 is how every
 * browser reaches HTTPS through a proxy, so it matches only when the client's next payload is
 * not a TLS record (e.g. SSH or random bytes pushed by corkscrew/proxytunnel); otherwise the
 * flow is left to the HTTP recogniser. A flow seen from the proxy's {@code 200 Connection
 * established} reply without the request (capture started late) also matches.
 *
 * <p>Evidence: {@link MetadataKey#HTTP_HOST} and {@link MetadataKey#SERVER_HOST} = the target
 * {@code host:port}, {@link MetadataKey#CLIENT} = User-Agent, a {@link MetadataKey#NOTE} with
 * the port. For the port-443 case the match happens on the tunnelled bytes, after the request
 * has gone by, so only the note is available.
 */
final class HttpConnectSignature implements Signature {

    static final HttpConnectSignature INSTANCE = new HttpConnectSignature();

    /** The HTTPS port: a CONNECT there is ordinary proxied web traffic when TLS follows. */
    static final int HTTPS_PORT = 443;

    private static final byte[] CONNECT = Bytes.ascii("CONNECT ");
    private static final byte[] ESTABLISHED = Bytes.ascii("connection established");
    private static final byte[] USER_AGENT = Bytes.ascii("user-agent:");
    private static final int HTTP_OK = 200;
    private static final int MAX_PORT = 65535;
    private static final int MAX_PORT_DIGITS = 5;
    private static final int AWAIT_TLS = 1;
    private static final int STATE = 0;

    private HttpConnectSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.HTTP_CONNECT;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (dir == Direction.SERVER_TO_CLIENT) {
            if (s.get(id(), STATE) == AWAIT_TLS) {
                return Verdict.NEED_MORE;
            }
            // A capture that starts with the proxy's reply: accept only the explicit phrase.
            boolean late = s.payloadPackets() == 0 && HttpText.statusCode(p) == HTTP_OK
                    && Bytes.indexOfIgnoreCase(p, ESTABLISHED, 0, lineEndOrLimit(p)) > 0;
            return late ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (Bytes.startsWith(p, CONNECT)) {
            int port = targetPort(p);
            if (port < 0) {
                return Verdict.NO_MATCH;
            }
            if (port != HTTPS_PORT) {
                return Verdict.MATCH;
            }
            s.set(id(), STATE, AWAIT_TLS);
            return Verdict.NEED_MORE;
        }
        if (s.get(id(), STATE) == AWAIT_TLS) {
            return TlsHello.isRecord(p, TlsHello.CONTENT_HANDSHAKE) ? Verdict.NO_MATCH : Verdict.MATCH;
        }
        return Verdict.NO_MATCH;
    }

    private static int lineEndOrLimit(ByteBuffer p) {
        int end = HttpText.lineEnd(p, 0);
        return end < 0 ? p.limit() : end;
    }

    /** Port of {@code CONNECT host:port HTTP/1.x}, or -1 when the request line is malformed. */
    static int targetPort(ByteBuffer p) {
        int start = CONNECT.length;
        int end = Bytes.indexOf(p, (byte) ' ', start, Math.min(p.limit(), start + HttpText.MAX_HEAD));
        if (end < 0 || !HttpText.isVisible(p, start, end)) {
            return -1;
        }
        int eol = HttpText.lineEnd(p, end);
        if (eol >= 0 && !HttpText.endsWithHttpVersion(p, end, eol)) {
            return -1;
        }
        int port = 0;
        int digits = 0;
        int i = end - 1;
        for (int scale = 1; i > start && digits < MAX_PORT_DIGITS && isDigit(p.get(i)); i--, digits++, scale *= 10) {
            port += (p.get(i) - '0') * scale;
        }
        return digits > 0 && p.get(i) == ':' && port > 0 && port <= MAX_PORT ? port : -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        s.endMetadata(); // everything it reports is in the packet it matched on
        if (dir != Direction.CLIENT_TO_SERVER) {
            if (out.isEmpty() && s.payloadPackets(Direction.CLIENT_TO_SERVER) == 0) {
                out.put(MetadataKey.NOTE, "proxy reply 200 Connection established (request not captured)");
            }
            return;
        }
        if (Bytes.startsWith(p, CONNECT)) {
            String target = HttpText.requestTarget(p);
            out.put(MetadataKey.HTTP_HOST, target);
            out.put(MetadataKey.SERVER_HOST, target);
            out.put(MetadataKey.CLIENT, HttpText.header(p, USER_AGENT));
            out.put(MetadataKey.NOTE, "CONNECT to port " + targetPort(p));
        } else if (s.get(id(), STATE) == AWAIT_TLS && out.isEmpty()) {
            out.put(MetadataKey.NOTE, "CONNECT to port " + HTTPS_PORT + " carrying non-TLS data");
        }
    }
}
