package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;
import java.util.Locale;

/** Human-readable evidence for {@link DnsTunnelSignature} matches; allocates (describe only). */
final class DnsTunnelNotes {

    /** Labels this long are treated as tunnel data, not part of the base domain. */
    static final int DATA_LABEL = 20;

    private DnsTunnelNotes() {
    }

    /** Adds one note per reason of the query whose name ends at {@code nameEnd}. */
    static void put(ByteBuffer p, int nameEnd, int reasons, Metadata out) {
        int qtype = Bytes.u16be(p, nameEnd);
        if ((reasons & DnsTunnelSignature.R_TYPE) != 0) {
            out.put(MetadataKey.NOTE, "record type " + (qtype == DnsWire.QTYPE_NULL ? "NULL" : "private " + qtype));
        }
        if ((reasons & DnsTunnelSignature.R_ENCODED) != 0) {
            out.put(MetadataKey.NOTE, "labels with binary-encoding bytes (= + / or non-ASCII)");
        }
        if ((reasons & DnsTunnelSignature.R_ENTROPY) != 0) {
            out.put(MetadataKey.NOTE, "long high-entropy labels (here " + longestLabel(p) + " bytes, "
                    + String.format(Locale.ROOT, "%.1f", maxEntropy(p)) + " bits/byte)");
        }
        if ((reasons & DnsTunnelSignature.R_LONG_NAME) != 0) {
            out.put(MetadataKey.NOTE, "query names of " + DnsTunnelSignature.DEFAULT_LONG_NAME + "+ bytes");
        }
        if ((reasons & DnsTunnelSignature.R_LONG_TXT) != 0) {
            out.put(MetadataKey.NOTE, "TXT queries with long names");
        }
    }

    private static int longestLabel(ByteBuffer p) {
        int best = 0;
        int off = DnsWire.HEADER;
        for (int len = Bytes.u8(p, off); len > 0 && len <= DnsWire.MAX_LABEL; len = Bytes.u8(p, off)) {
            best = Math.max(best, len);
            off += 1 + len;
        }
        return best;
    }

    private static double maxEntropy(ByteBuffer p) {
        double best = 0;
        int off = DnsWire.HEADER;
        for (int len = Bytes.u8(p, off); len > 0 && len <= DnsWire.MAX_LABEL; len = Bytes.u8(p, off)) {
            best = Math.max(best, ByteStats.entropy(p, off + 1, off + 1 + len));
            off += 1 + len;
        }
        return best;
    }

    /**
     * The query name without its leading data labels: the first label, then any label of
     * {@link #DATA_LABEL}+ bytes, with bytes outside letters, digits, '-' and '_', or in mixed
     * case (base64/base128 leftovers); at least
     * two labels stay. Works on the wire labels, since encoded labels may contain dots.
     */
    static String baseDomain(ByteBuffer p) {
        int labels = 0;
        for (int off = DnsWire.HEADER, len = Bytes.u8(p, off); len > 0 && len <= DnsWire.MAX_LABEL;
                off += 1 + len, len = Bytes.u8(p, off)) {
            labels++;
        }
        int off = DnsWire.HEADER + 1 + Bytes.u8(p, DnsWire.HEADER);
        for (int kept = labels - 1; kept > 2 && isData(p, off); kept--) {
            off += 1 + Bytes.u8(p, off);
        }
        return labels <= 2 ? DnsWire.name(p, DnsWire.HEADER) : DnsWire.name(p, off);
    }

    private static boolean isData(ByteBuffer p, int label) {
        int len = Bytes.u8(p, label);
        if (len >= DATA_LABEL) {
            return true;
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = label + 1; i <= label + len; i++) {
            int c = p.get(i) & 0xff;
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            boolean hostChar = c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!hostChar) {
                return true;
            }
        }
        return lower && upper;
    }
}
