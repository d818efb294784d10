package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Evidence from eDonkey/eMule messages ({@code describe} only, allocates). Message layouts from
 * the eMule Protocol Specification (Kulbak &amp; Bickson 2005, sections 6.2 and 7) and eMule's
 * {@code opcodes.h}: hello {@code 0x10 <hash 16><id 4><port 2><tag count 4><tags>}, hello answer
 * and login without the leading 0x10, search request = search tree, search result and offer
 * files = {@code <count 4>(<hash 16><id 4><port 2><tag count 4><tags>)*}, file-name answer
 * {@code <hash 16><length 2><name>}, server identification {@code <hash 16><ip 4><port 2><tags>}.
 * Tag ids: 0x01 name (CT_NAME / FT_FILENAME / ST_SERVERNAME), 0x55 mod version, 0xFB eMule
 * version (compatible-client id in bits 24-31, major 17-23, minor 10-16, update 7-9).
 */
final class EdonkeyEvidence {

    private static final int OP_HELLO = 0x01;
    private static final int OP_OFFERFILES = 0x15;
    private static final int OP_SEARCHREQUEST = 0x16;
    private static final int OP_SEARCHRESULT = 0x33;
    private static final int OP_SERVERIDENT = 0x41;
    private static final int OP_HELLOANSWER = 0x4C;
    private static final int OP_REQFILENAMEANSWER = 0x59;
    private static final int HELLO_HASH_SIZE = 0x10;
    private static final int ID_NAME = 0x01;
    private static final int ID_MOD = 0x55;
    private static final int ID_EMULE_VERSION = 0xFB;
    private static final int ENTRY = 16 + 4 + 2;
    private static final int MAX_ENTRIES = 64;
    private static final String[] COMPAT = {"eMule", "cDonkey", "xMule", "aMule", "Shareaza", "eMule Plus",
        "Hydranode"};

    private EdonkeyEvidence() {
    }

    /** Describes every message that starts in this TCP segment. */
    static void describeTcp(ByteBuffer b, Metadata out) {
        int off = 0;
        while (off + EdonkeySignature.HEADER <= b.limit()) {
            long total = EdonkeySignature.header(b, off);
            if (total < 0) {
                return;
            }
            int end = (int) Math.min(b.limit(), off + total);
            if (Bytes.u8(b, off) == EdonkeySignature.EDONKEY) {
                message(b, Bytes.u8(b, off + 5), off + EdonkeySignature.HEADER, end, out);
            }
            off += (int) Math.min(total, Integer.MAX_VALUE);
        }
    }

    private static void message(ByteBuffer b, int op, int p, int end, Metadata out) {
        switch (op) {
            case OP_HELLO -> {
                int start = Bytes.u8(b, p) == HELLO_HASH_SIZE && end - p > 1 + ENTRY ? p + 1 : p;
                peerTags(b, start + ENTRY, end, out);
            }
            case OP_HELLOANSWER -> peerTags(b, p + ENTRY, end, out);
            case OP_SEARCHREQUEST -> search(b, p, end, out);
            case OP_SEARCHRESULT, OP_OFFERFILES -> fileEntries(b, p, end, out);
            case OP_REQFILENAMEANSWER -> {
                int s = p + 16;
                int n = Bytes.u16le(b, s);
                if (n > 0) {
                    out.put(MetadataKey.FILE_NAME, Bytes.utf8(b, s + 2, Math.min(end, s + 2 + n)));
                }
            }
            case OP_SERVERIDENT -> {
                List<String> names = stringTags(b, p + ENTRY, end, ID_NAME);
                names.forEach(n -> out.put(MetadataKey.SERVER_HOST, n));
            }
            default -> {
            }
        }
    }

    /** Tags of a hello or login: nick, eMule version and mod string. {@code p} is the tag count. */
    private static void peerTags(ByteBuffer b, int p, int end, Metadata out) {
        String client = null;
        String mod = null;
        for (Tags t = new Tags(b, p, end); t.next();) {
            String s = string(b, t.type, t.value, t.valueEnd);
            if (t.id == ID_NAME && s != null) {
                out.put(MetadataKey.NICK, s);
            } else if (t.id == ID_MOD && s != null) {
                mod = s;
            } else if (t.id == ID_EMULE_VERSION && t.type == EdonkeyFields.TAG_UINT32) {
                client = version(Bytes.u32le(b, t.value));
            }
        }
        if (client != null || mod != null) {
            out.put(MetadataKey.CLIENT, client == null ? mod : mod == null ? client : client + " (" + mod + ")");
        }
    }

    static String version(long v) {
        int compat = (int) (v >>> 24);
        int major = (int) (v >>> 17) & 0x7f;
        int minor = (int) (v >>> 10) & 0x7f;
        int update = (int) (v >>> 7) & 0x07;
        String name = compat < COMPAT.length ? COMPAT[compat] : "compatible client " + compat;
        return compat == 0 ? name + " " + major + "." + minor + (char) ('a' + update)
                : name + " " + major + "." + minor + "." + update;
    }

    private static String string(ByteBuffer b, int type, int v, int next) {
        if (type == EdonkeyFields.TAG_STRING) {
            return Bytes.utf8(b, v + 2, next);
        }
        return type >= EdonkeyFields.TAG_STR1 && type <= EdonkeyFields.TAG_STR16 ? Bytes.utf8(b, v, next) : null;
    }

    /** String values of the tags named {@code wanted} in a tag list whose count is at {@code p}. */
    static List<String> stringTags(ByteBuffer b, int p, int end, int wanted) {
        List<String> values = new ArrayList<>();
        for (Tags t = new Tags(b, p, end); t.next();) {
            String s = t.id == wanted ? string(b, t.type, t.value, t.valueEnd) : null;
            if (s != null) {
                values.add(s);
            }
        }
        return values;
    }

    /**
     * Cursor over a tag list whose 32-bit count is at {@code p}: at most {@link #MAX_ENTRIES} tags,
     * stopping at {@code end} or at the first tag that does not parse.
     */
    private static final class Tags {
        private final ByteBuffer b;
        private final int end;
        private final long count;
        private final int[] idOut = new int[1];
        private long index;
        private int at;
        /** The current tag: type byte, id, value start and the index after the value. */
        int type;
        int id;
        int value;
        int valueEnd;

        Tags(ByteBuffer b, int p, int end) {
            this.b = b;
            this.end = end;
            this.count = Math.min(Bytes.u32le(b, p), MAX_ENTRIES);
            this.at = p + 4;
        }

        /** Advances to the next tag; false at the end of the list or at a malformed tag. */
        boolean next() {
            if (index >= count || at < 0 || at >= end) {
                return false;
            }
            int t = EdonkeyFields.type(b, at);
            int v = EdonkeyFields.valueStart(b, at, idOut);
            int n = v < 0 ? -1 : EdonkeyFields.valueEnd(b, t, v);
            if (n < 0 || n > end) {
                index = count;
                return false;
            }
            type = t;
            id = idOut[0];
            value = v;
            valueEnd = n;
            at = n;
            index++;
            return true;
        }
    }

    /** {@code <count 4>(<hash 16><id 4><port 2><tags>)*}: FILE_NAME of each entry. */
    static void fileEntries(ByteBuffer b, int p, int end, Metadata out) {
        long count = Bytes.u32le(b, p);
        int q = p + 4;
        for (long i = 0; i < Math.min(count, MAX_ENTRIES) && q + ENTRY + 4 <= end; i++) {
            stringTags(b, q + ENTRY, end, ID_NAME).forEach(n -> out.put(MetadataKey.FILE_NAME, n));
            int next = EdonkeyFields.tagsEnd(b, q + ENTRY + 4, Bytes.u32le(b, q + ENTRY));
            if (next < 0) {
                return;
            }
            q = next;
        }
    }

    /** The string terms of a search tree, joined with spaces, as one SEARCH value. */
    static void search(ByteBuffer b, int p, int end, Metadata out) {
        StringBuilder terms = new StringBuilder();
        int q = p;
        while (q >= 0 && q < end) {
            int kind = Bytes.u8(b, q);
            if (kind == 0x00) {
                q += 2;
            } else if (kind == 0x01 || kind == 0x02) {
                int next = EdonkeyFields.string(b, q + 1);
                if (next < 0) {
                    break;
                }
                if (kind == 0x01) {
                    terms.append(terms.length() == 0 ? "" : " ").append(Bytes.utf8(b, q + 3, next));
                }
                q = kind == 0x01 ? next : EdonkeyFields.string(b, next);
            } else if (kind == 0x03 || kind == 0x08) {
                q = EdonkeyFields.string(b, q + 1 + (kind == 0x03 ? 4 : 8) + 1);
            } else {
                break;
            }
        }
        out.put(MetadataKey.SEARCH, terms.toString());
    }
}
