package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * Gnutella over TCP, decided on the first payload packet of the flow.
 *
 * <p>Matches: the handshake {@code GNUTELLA CONNECT/0.6} (or {@code /0.4}) and the responses
 * {@code GNUTELLA/0.6 <code>} / {@code GNUTELLA OK} (Gnutella 0.6 RFC draft section 2.1,
 * http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html; 0.4: Clip2 "Gnutella Protocol
 * Specification v0.4" section 2); a push reply {@code GIV <index>:<32 hex servent GUID>/<name>}
 * (0.6 draft section 4.2); HTTP downloads {@code GET /get/<index>/<name>},
 * {@code GET /uri-res/N2R?urn:sha1:...} (HUGE 0.94, draft-gdf-huge) and gtk-gnutella's
 * {@code /gnutella/} THEX and push-proxy paths; HTTP heads carrying Gnutella headers
 * ({@code X-Gnutella-*}, {@code X-Queue}, {@code X-Alt}, {@code X-NAlt}, {@code X-Features},
 * {@code X-Try-Ultrapeers}, {@code X-Content-URN}); and GWebCache requests, whose query names a
 * {@code client=} vendor code and one of {@code hostfile=1}, {@code urlfile=1}, {@code get=1},
 * {@code ping=1}, {@code statfile=1}, {@code update=1} (GWebCache specification 1 and 2, GDF).
 * A handshake that negotiates Gnutella2 is claimed first by {@link Gnutella2Signature}.
 *
 * <p>Evidence: CLIENT from {@code User-Agent}/{@code Server} and the GWebCache client code,
 * NICK from {@code X-Nick}, FILE_NAME from {@code /get/} paths, GIV lines and
 * {@code Content-Disposition}, SERVER_HOST of a GWebCache, and SEARCH / FILE_NAME from query
 * and query-hit descriptors after the handshake, inflating {@code Content-Encoding: deflate}
 * streams through a bounded {@link GnutellaStream}.
 */
final class GnutellaSignature implements Signature {

    static final GnutellaSignature INSTANCE = new GnutellaSignature();

    private static final byte[] CONNECT = Bytes.ascii("GNUTELLA CONNECT/");
    private static final byte[] RESPONSE = Bytes.ascii("GNUTELLA/0.");
    private static final byte[] OK_04 = Bytes.ascii("GNUTELLA OK");
    private static final byte[] GIV = Bytes.ascii("GIV ");
    private static final byte[] URI_RES = Bytes.ascii("/uri-res/");
    private static final byte[] GET_PATH = Bytes.ascii("/get/");
    private static final byte[] GNUTELLA_PATH = Bytes.ascii("/gnutella/");
    private static final byte[] GWC_CLIENT = Bytes.ascii("client=");
    private static final byte[][] GWC_COMMANDS = {Bytes.ascii("hostfile=1"), Bytes.ascii("urlfile=1"),
        Bytes.ascii("get=1"), Bytes.ascii("ping=1"), Bytes.ascii("statfile=1"), Bytes.ascii("update=1")};
    private static final byte[][] HEADERS = {Bytes.ascii("x-gnutella-"), Bytes.ascii("x-queue:"),
        Bytes.ascii("x-alt:"), Bytes.ascii("x-nalt:"), Bytes.ascii("x-features:"),
        Bytes.ascii("x-try-ultrapeers:"), Bytes.ascii("x-content-urn:")};
    private static final int GUID_HEX = 32;
    private static final int MAX_INDEX_DIGITS = 10;

    private GnutellaSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.GNUTELLA;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        int c0 = Bytes.u8(payload, 0);
        if (c0 == 'G') {
            if (Bytes.startsWith(payload, CONNECT) || Bytes.startsWith(payload, RESPONSE)
                    || Bytes.startsWith(payload, OK_04)) {
                return Verdict.MATCH;
            }
            if (Bytes.startsWith(payload, GIV)) {
                return isGiv(payload) ? Verdict.MATCH : Verdict.NO_MATCH;
            }
        } else if (c0 != 'H') {
            return Verdict.NO_MATCH;
        }
        int t = HttpHead.requestTarget(payload);
        if (t < 0 && !HttpHead.isResponse(payload)) {
            return Verdict.NO_MATCH;
        }
        if (t >= 0 && (Bytes.at(payload, t, URI_RES) || Bytes.at(payload, t, GNUTELLA_PATH)
                || isGetPath(payload, t) || isGWebCache(payload, t))) {
            return Verdict.MATCH;
        }
        return HttpHead.hasHeader(payload, HttpHead.blockEnd(payload), (byte) 'x', HEADERS)
                ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    private static boolean isGiv(ByteBuffer b) {
        int i = digits(b, GIV.length);
        if (i < 0 || Bytes.u8(b, i) != ':') {
            return false;
        }
        for (int k = i + 1; k <= i + GUID_HEX; k++) {
            if (Character.digit(Bytes.u8(b, k), 16) < 0) {
                return false;
            }
        }
        return Bytes.u8(b, i + 1 + GUID_HEX) == '/';
    }

    private static boolean isGetPath(ByteBuffer b, int t) {
        if (!Bytes.at(b, t, GET_PATH)) {
            return false;
        }
        int i = digits(b, t + GET_PATH.length);
        return i > 0 && Bytes.u8(b, i) == '/';
    }

    /** Index after 1..10 ASCII digits at {@code from}, or -1. */
    private static int digits(ByteBuffer b, int from) {
        int i = from;
        while (i - from < MAX_INDEX_DIGITS && Bytes.u8(b, i) >= '0' && Bytes.u8(b, i) <= '9') {
            i++;
        }
        return i > from ? i : -1;
    }

    private static boolean isGWebCache(ByteBuffer b, int t) {
        int eol = HttpHead.lineEnd(b, t);
        int q = Bytes.indexOf(b, (byte) '?', t, eol < 0 ? HttpHead.MAX_HEAD : eol);
        if (q < 0) {
            return false;
        }
        if (!hasParam(b, q, eol, GWC_CLIENT)) {
            return false;
        }
        for (byte[] cmd : GWC_COMMANDS) {
            if (hasParam(b, q, eol, cmd)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code name} starts a query parameter (preceded by '?' or '&') in {@code [q, eol)}. */
    static boolean hasParam(ByteBuffer b, int q, int eol, byte[] name) {
        int end = eol < 0 ? Math.min(b.limit(), HttpHead.MAX_HEAD) : eol;
        for (int i = Bytes.indexOf(b, name, q, end); i >= 0; i = Bytes.indexOf(b, name, i + 1, end)) {
            int prev = Bytes.u8(b, i - 1);
            if (prev == '?' || prev == '&') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        int d = dir.ordinal();
        if (GnutellaEvidence.isHandshake(payload)) {
            GnutellaEvidence.handshake(payload, d, scratch, true, out);
        } else if (Bytes.startsWith(payload, GIV)) {
            GnutellaEvidence.giv(payload, out);
        } else if (HttpHead.requestTarget(payload) >= 0 || HttpHead.isResponse(payload)) {
            GnutellaEvidence.http(payload, out);
        } else if (scratch.attachment() instanceof GnutellaStream stream && stream.active(d)) {
            stream.feed(d, payload, 0, out);
        }
    }
}
