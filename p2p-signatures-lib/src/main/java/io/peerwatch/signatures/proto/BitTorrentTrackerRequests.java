package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evidence from an HTTP tracker request ({@code describe} only; allocates): the request URI, the
 * {@code info_hash} parameters (20 raw bytes, percent-encoded, reported as hex), the client named
 * by {@code peer_id}, and the Host and User-Agent headers. Parameters as in
 * <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>, "Trackers".
 */
final class BitTorrentTrackerRequests {

    private static final String GET = "GET ";
    private static final int HASH_LENGTH = 20;

    private BitTorrentTrackerRequests() {
    }

    /** Adds what the request text (header lines of one segment) tells. */
    static void describe(String text, Metadata out) {
        int lineEnd = text.indexOf('\n');
        String line = lineEnd < 0 ? text : text.substring(0, lineEnd);
        if (line.startsWith(GET)) {
            int version = line.lastIndexOf(" HTTP/");
            out.put(MetadataKey.HTTP_URI, line.substring(GET.length(), version > GET.length() ? version : line.length()).trim());
        }
        for (String value : queryValues(line, "info_hash=")) {
            byte[] hash = urlDecode(value);
            if (hash.length == HASH_LENGTH) {
                out.put(MetadataKey.INFO_HASH, Bytes.hex(ByteBuffer.wrap(hash), 0, hash.length));
            }
        }
        for (String value : queryValues(line, "peer_id=")) {
            out.put(MetadataKey.CLIENT, BitTorrentClients.fromPeerId(urlDecode(value)));
        }
        for (String header : text.split("\r?\n")) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? "" : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("host")) {
                out.put(MetadataKey.SERVER_HOST, header.substring(colon + 1).trim());
            } else if (name.equals("user-agent")) {
                out.put(MetadataKey.CLIENT, header.substring(colon + 1).trim());
            }
        }
    }

    private static List<String> queryValues(String line, String name) {
        List<String> values = new ArrayList<>();
        for (int i = line.indexOf(name); i >= 0; i = line.indexOf(name, i + 1)) {
            char before = i == 0 ? '&' : line.charAt(i - 1);
            if (before == '?' || before == '&') {
                int start = i + name.length();
                int end = start;
                while (end < line.length() && line.charAt(end) != '&' && line.charAt(end) != ' ') {
                    end++;
                }
                values.add(line.substring(start, end));
            }
        }
        return values;
    }

    /** Percent-decoding of a query value (RFC 3986 section 2.1); bad escapes are kept literally. */
    private static byte[] urlDecode(String v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            int hi = i + 2 < v.length() && c == '%' ? Character.digit(v.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(v.charAt(i + 2), 16);
            if (lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
