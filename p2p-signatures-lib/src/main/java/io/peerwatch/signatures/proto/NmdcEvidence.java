package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;

/**
 * Evidence from NMDC messages ({@code describe} only, allocates), following the NMDC protocol
 * documentation (https://nmdc.sourceforge.io/NMDC.html):
 * <ul>
 *   <li>{@code $MyNick n}, {@code $ValidateNick n}, {@code $MyINFO $ALL n <desc><tag>$...} sent by
 *       the client: NICK; the tag {@code <++ V:0.868,M:A,...>} names the CLIENT;</li>
 *   <li>{@code $Search <ip:port|Hub:nick> <F|T>?<F|T>?<size>?<type>?<pattern>}: SEARCH, with
 *       '$' standing for spaces; type 9 searches by TTH ({@code TTH:<root>});</li>
 *   <li>{@code $SR <nick> <path>0x05<size> <free>/<total>0x05<hub> (<ip>)}: FILE_NAME;</li>
 *   <li>{@code $HubName <name>}: SERVER_HOST; {@code $ADCGET file <name> ...} and
 *       {@code $Get <name>$<offset>}: FILE_NAME.</li>
 * </ul>
 * Values are unescaped ({@code &#36;} is '$', {@code &#124;} is '|').
 */
final class NmdcEvidence {

    private static final int FIELD_SEPARATOR = 0x05;
    private static final int SEARCH_FIELDS = 5;
    private static final String TTH_TYPE = "9";

    private NmdcEvidence() {
    }

    static void describe(ByteBuffer b, Direction dir, Metadata out) {
        int start = 0;
        int n = b.limit();
        while (start < n) {
            int bar = Bytes.indexOf(b, (byte) '|', start, n);
            if (bar < 0) {
                return;
            }
            if (Bytes.u8(b, start) == '$') {
                message(Bytes.utf8(b, start, bar), dir, out);
            }
            start = bar + 1;
        }
    }

    private static void message(String m, Direction dir, Metadata out) {
        int sp = m.indexOf(' ');
        String cmd = sp < 0 ? m : m.substring(0, sp);
        String args = sp < 0 ? "" : m.substring(sp + 1);
        switch (cmd) {
            case "$MyNick", "$ValidateNick" -> out.put(MetadataKey.NICK, unescape(args));
            case "$HubName" -> out.put(MetadataKey.SERVER_HOST, unescape(args));
            case "$MyINFO" -> myInfo(args, dir, out);
            case "$Search" -> search(args, out);
            case "$SR" -> {
                int name = args.indexOf(' ');
                int sep = args.indexOf((char) FIELD_SEPARATOR);
                if (name > 0 && sep > name) {
                    out.put(MetadataKey.FILE_NAME, unescape(args.substring(name + 1, sep)));
                }
            }
            case "$ADCGET" -> {
                String[] f = args.split(" ");
                if (f.length > 1 && f[0].equals("file") && !f[1].startsWith("TTH/")) {
                    out.put(MetadataKey.FILE_NAME, unescape(f[1].replace("\\s", " ")));
                }
            }
            case "$Get" -> {
                int dollar = args.lastIndexOf('$');
                out.put(MetadataKey.FILE_NAME, unescape(dollar > 0 ? args.substring(0, dollar) : args));
            }
            default -> {
            }
        }
    }

    private static void myInfo(String args, Direction dir, Metadata out) {
        if (!args.startsWith("$ALL ")) {
            return;
        }
        String rest = args.substring("$ALL ".length());
        int sp = rest.indexOf(' ');
        if (sp <= 0) {
            return;
        }
        if (dir == Direction.CLIENT_TO_SERVER) {
            out.put(MetadataKey.NICK, unescape(rest.substring(0, sp)));
        }
        int open = rest.lastIndexOf('<');
        int close = rest.indexOf('>', open + 1);
        if (open > sp && close > open) {
            String tag = rest.substring(open + 1, close);
            int v = tag.indexOf("V:");
            String name = tag.indexOf(' ') > 0 ? tag.substring(0, tag.indexOf(' ')) : tag;
            if (v >= 0) {
                int comma = tag.indexOf(',', v);
                out.put(MetadataKey.CLIENT, name + " " + tag.substring(v + 2, comma < 0 ? tag.length() : comma));
            }
        }
    }

    private static void search(String args, Metadata out) {
        int sp = args.indexOf(' ');
        String[] f = args.substring(sp + 1).split("\\?", SEARCH_FIELDS);
        if (sp < 0 || f.length < SEARCH_FIELDS) {
            return;
        }
        String pattern = unescape(f[4].replace('$', ' ')).trim();
        out.put(MetadataKey.SEARCH, TTH_TYPE.equals(f[3]) && !pattern.startsWith("TTH:") ? "TTH:" + pattern : pattern);
    }

    static String unescape(String s) {
        return s.replace("&#36;", "$").replace("&#124;", "|").replace("&amp;", "&");
    }
}
