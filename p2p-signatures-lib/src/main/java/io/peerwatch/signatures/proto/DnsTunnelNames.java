package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.SignatureConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The DNS-tunnel signature's per-query judgement for a query name given as text (a resolver
 * log, a SQL column), not as a packet: the same reasons {@code DnsTunnelSignature} finds in one
 * query on the wire, with the same thresholds ({@link SignatureConfig}).
 *
 * <pre>{@code
 * List<String> why = DnsTunnelNames.reasons("aGVsbG8gd29ybGQ=.t.example.net", DnsTunnelNames.QTYPE_A,
 *         SignatureConfig.defaults());                       // [encoded]
 * }</pre>
 *
 * <p>A single name is weak evidence: the signature itself alerts on a flow only after repeated
 * suspicious queries to one base domain, or a strong reason. Stateless; thread-safe.
 */
public final class DnsTunnelNames {

    /** Query type A (RFC 1035 §3.2.2), what a name alone is judged as. */
    public static final int QTYPE_A = 1;
    /** Reason: record type NULL or private use (strong). */
    public static final String TYPE = "record-type";
    /** Reason: bytes no host name has but base64/base128 encoders produce (strong). */
    public static final String ENCODED = "encoded";
    /** Reason: a long label of high entropy (strong). */
    public static final String ENTROPY = "entropy";
    /** Reason: a long name. */
    public static final String LONG_NAME = "long-name";
    /** Reason: a TXT query with a long name. */
    public static final String LONG_TXT = "long-txt";

    private static final int QCLASS_IN = 1;
    private static final int QUESTION_TAIL = 4;

    private DnsTunnelNames() {
    }

    /**
     * Why one query for {@code name} looks like tunnel traffic, strongest first.
     *
     * @param name the query name, dotted; a trailing dot is ignored
     * @param qtype the query type (RFC 1035 and later numbers, e.g. {@link #QTYPE_A}, 16 for TXT)
     * @return the reasons ({@link #TYPE}, {@link #ENCODED}, {@link #ENTROPY}, {@link #LONG_NAME},
     *     {@link #LONG_TXT}); empty for an ordinary name, an mDNS name, or one that is not a valid
     *     DNS name (a label over 63 bytes, a name over 255)
     */
    public static List<String> reasons(String name, int qtype, SignatureConfig config) {
        ByteBuffer query = query(name, qtype);
        if (query == null) {
            return List.of();
        }
        int bits = DnsTunnelQuery.reasons(query, query.limit() - QUESTION_TAIL, config);
        List<String> out = new ArrayList<>(Integer.bitCount(bits));
        add(out, bits, DnsTunnelQuery.R_TYPE, TYPE);
        add(out, bits, DnsTunnelQuery.R_ENCODED, ENCODED);
        add(out, bits, DnsTunnelQuery.R_ENTROPY, ENTROPY);
        add(out, bits, DnsTunnelQuery.R_LONG_NAME, LONG_NAME);
        add(out, bits, DnsTunnelQuery.R_LONG_TXT, LONG_TXT);
        return List.copyOf(out);
    }

    private static void add(List<String> out, int bits, int bit, String reason) {
        if ((bits & bit) != 0) {
            out.add(reason);
        }
    }

    /** A one-question DNS query message (RFC 1035 §4.1) for the name, or null when it cannot be one. */
    private static ByteBuffer query(String name, int qtype) {
        if (name == null || qtype < 0 || qtype > 0xffff) {
            return null;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        byte[] text = n.getBytes(StandardCharsets.UTF_8);
        if (text.length == 0 || text.length + 1 > DnsWire.MAX_NAME) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(DnsWire.HEADER + text.length + 2 + QUESTION_TAIL);
        b.putShort(4, (short) 1); // qdcount
        int off = DnsWire.HEADER;
        int start = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == '.') {
                int len = i - start;
                if (len == 0 || len > DnsWire.MAX_LABEL) {
                    return null;
                }
                b.put(off, (byte) len);
                b.put(off + 1, text, start, len);
                off += 1 + len;
                start = i + 1;
            }
        }
        b.put(off++, (byte) 0);
        b.putShort(off, (short) qtype);
        b.putShort(off + 2, (short) QCLASS_IN);
        return b;
    }
}
