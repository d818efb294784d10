package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
            out.put(MetadataKey.NOTE, "long high-entropy labels (" + longestLabel(p) + " bytes, "
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

    /** The name without its leading data labels (the first label, then any long or encoded ones). */
    static String baseDomain(String name) {
        String[] labels = name.split("\\.", -1);
        if (labels.length <= 2) {
            return name;
        }
        int first = 1;
        while (first < labels.length - 2 && isData(labels[first])) {
            first++;
        }
        return String.join(".", Arrays.copyOfRange(labels, first, labels.length));
    }

    private static boolean isData(String label) {
        return label.length() >= DATA_LABEL
                || !label.chars().allMatch(c -> c < 0x80 && (c == '-' || c == '_' || Character.isLetterOrDigit(c)));
    }
}
