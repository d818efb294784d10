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
 * GNU httptunnel (hts/htc, httptunnel 3.x) and its Java port JHttpTunnel. The client keeps
 * two HTTP connections to the server, directly or through a proxy: upstream {@code POST
 * /index.html?crap=<number> HTTP/1.1} with a large {@code Content-Length} and downstream
 * {@code GET /index.html?crap=<number> HTTP/1.1} (absolute URI {@code http://host:port/...}
 * through a proxy), followed by httptunnel's own binary framing in the bodies (one-byte
 * opcodes TUNNEL_OPEN/DATA/PADDING/PAD1/CLOSE/DISCONNECT, data with a 2-byte length).
 * Sources: httptunnel 3.3 {@code http.c} / {@code tunnel.c}; JHttpTunnel
 * {@code OutBoundSocket.java} ({@code "/index.html?crap=1"}). Verified on the lab capture of
 * htc 3.3 through squid. The request line is written in one piece, so the client's first
 * payload decides.
 *
 * <p>Evidence: {@link MetadataKey#HTTP_HOST}, {@link MetadataKey#HTTP_URI}, a
 * {@link MetadataKey#NOTE} naming the direction the connection carries.
 */
final class HttpTunnelSignature implements Signature {

    static final HttpTunnelSignature INSTANCE = new HttpTunnelSignature();

    private static final byte[] POST = Bytes.ascii("POST ");
    private static final byte[] GET = Bytes.ascii("GET ");
    private static final byte[] HTTP_SCHEME = Bytes.ascii("http://");
    private static final byte[] MARKER = Bytes.ascii("/index.html?crap=");
    private static final byte[] HOST = Bytes.ascii("host:");
    private static final int MAX_AUTHORITY = 255;

    private HttpTunnelSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.HTTPTUNNEL;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (dir != Direction.CLIENT_TO_SERVER || s.payloadPackets(dir) > 0) {
            return Verdict.NO_MATCH;
        }
        return markerOffset(p) >= 0 ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    /** Offset of {@code /index.html?crap=<digit>} in the request target, or -1. */
    private static int markerOffset(ByteBuffer p) {
        int off;
        if (Bytes.startsWith(p, POST)) {
            off = POST.length;
        } else if (Bytes.startsWith(p, GET)) {
            off = GET.length;
        } else {
            return -1;
        }
        if (Bytes.at(p, off, HTTP_SCHEME)) {
            int slash = Bytes.indexOf(p, (byte) '/', off + HTTP_SCHEME.length, off + HTTP_SCHEME.length + MAX_AUTHORITY);
            if (slash < 0 || !HttpText.isVisible(p, off, slash)) {
                return -1;
            }
            off = slash;
        }
        int digit = Bytes.u8(p, off + MARKER.length);
        return Bytes.at(p, off, MARKER) && digit >= '0' && digit <= '9' ? off : -1;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        s.endMetadata(); // everything it reports is in the packet it matched on
        if (dir != Direction.CLIENT_TO_SERVER || markerOffset(p) < 0) {
            return;
        }
        String target = HttpText.requestTarget(p);
        out.put(MetadataKey.HTTP_URI, target);
        String host = HttpText.header(p, HOST);
        if (host.isEmpty() && target.startsWith("http://")) {
            host = target.substring("http://".length(), target.indexOf('/', "http://".length()));
        }
        out.put(MetadataKey.HTTP_HOST, host);
        out.put(MetadataKey.NOTE, Bytes.startsWith(p, POST) ? "httptunnel upstream (POST)" : "httptunnel downstream (GET)");
    }
}
