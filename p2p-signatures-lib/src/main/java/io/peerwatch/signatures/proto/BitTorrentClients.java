package io.peerwatch.signatures.proto;

import java.util.Map;

/**
 * Names the client software behind a BitTorrent peer id or DHT version tag, following
 * <a href="https://www.bittorrent.org/beps/bep_0020.html">BEP 20 (Peer ID Conventions)</a>:
 * Azureus style {@code -TR4050-}, Mainline style {@code M7-2-0--}, Shadow/BitTornado style
 * {@code T03A0-----}, plus aria2's {@code A2-1-36-0-}. Only a small table of common clients is
 * kept; unknown Azureus-style codes are reported by their two letters. For {@code describe}
 * only (allocates).
 */
final class BitTorrentClients {

    /** Azureus-style two-letter codes (BEP 20) of clients commonly seen today. */
    private static final Map<String, String> AZUREUS = Map.ofEntries(
            Map.entry("AG", "Ares"), Map.entry("A~", "Ares"), Map.entry("AR", "Arctic"),
            Map.entry("AZ", "Vuze"), Map.entry("BI", "BiglyBT"), Map.entry("BC", "BitComet"),
            Map.entry("BT", "BitTorrent"), Map.entry("BW", "BitTorrent Web"), Map.entry("DE", "Deluge"),
            Map.entry("FD", "Free Download Manager"), Map.entry("FW", "FrostWire"), Map.entry("KT", "KTorrent"),
            Map.entry("LT", "libtorrent"), Map.entry("lt", "rTorrent/libTorrent"), Map.entry("MG", "MediaGet"),
            Map.entry("PI", "PicoTorrent"), Map.entry("qB", "qBittorrent"), Map.entry("SD", "Xunlei"),
            Map.entry("TR", "Transmission"), Map.entry("UM", "µTorrent Mac"), Map.entry("UT", "µTorrent"),
            Map.entry("UW", "µTorrent Web"), Map.entry("WW", "WebTorrent"), Map.entry("XL", "Xunlei"));

    /** Shadow-style leading characters (BEP 20). */
    private static final Map<Character, String> SHADOW = Map.of(
            'A', "ABC", 'O', "Osprey", 'Q', "BTQueue", 'R', "Tribler", 'S', "Shadow", 'T', "BitTornado",
            'U', "UPnP NAT Bit Torrent");

    /** Digits of the Shadow-style version and of libtorrent-style version characters. */
    private static final String BASE64 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-";

    private BitTorrentClients() {
    }

    /** Client named by a (possibly partial) peer id; empty when the style is not recognised. */
    static String fromPeerId(byte[] id) {
        if (id.length >= 8 && id[0] == '-' && id[7] == '-') {
            return azureus(id);
        }
        if (id.length >= 4 && id[0] == 'A' && id[1] == '2' && id[2] == '-') {
            String v = dashedVersion(id, 3);
            return v.isEmpty() ? "aria2" : "aria2 " + v;
        }
        if (id.length >= 3 && id[0] == 'M' && isDigit(id[1])) {
            String v = dashedVersion(id, 1);
            return v.isEmpty() ? "" : "Mainline " + v;
        }
        return shadow(id);
    }

    /** Client named by a DHT {@code v} value: two BEP 20 letters and two version bytes (BEP 5). */
    static String fromDhtVersion(byte[] v) {
        if (v.length < 2) {
            return "";
        }
        String code = new String(v, 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1);
        String name = AZUREUS.getOrDefault(code, printable(code) ? code : "");
        if (name.isEmpty() || v.length < 4) {
            return name;
        }
        return name + " " + (v[2] & 0xff) + "." + (v[3] & 0xff);
    }

    private static String azureus(byte[] id) {
        String code = new String(id, 1, 2, java.nio.charset.StandardCharsets.ISO_8859_1);
        String name = AZUREUS.get(code);
        if (name == null) {
            if (!printable(code)) {
                return "";
            }
            name = code;
        }
        int[] d = new int[4];
        for (int i = 0; i < 4; i++) {
            d[i] = BASE64.indexOf(id[3 + i]);
            if (d[i] < 0 || d[i] > BASE64.indexOf('z')) {
                return name;
            }
        }
        if (code.equals("TR") && d[0] < 4) {
            // Transmission before 4.0 wrote major, minor tens, minor units: -TR2940- = 2.94.
            return name + " " + d[0] + "." + d[1] + d[2];
        }
        String v = d[0] + "." + d[1] + "." + d[2];
        return name + " " + (code.equals("AZ") || code.equals("BI") ? v + "." + d[3] : v);
    }

    private static String shadow(byte[] id) {
        if (id.length < 6) {
            return "";
        }
        String name = SHADOW.get((char) id[0]);
        if (name == null) {
            return "";
        }
        StringBuilder v = new StringBuilder();
        int i = 1;
        for (; i < 6 && id[i] != '-'; i++) {
            int d = BASE64.indexOf(id[i]);
            if (d < 0) {
                return "";
            }
            v.append(v.length() == 0 ? "" : ".").append(d);
        }
        for (; i < 6; i++) {
            if (id[i] != '-') {
                return "";
            }
        }
        // BEP 20: at least three version digits, the rest of the six-byte header padded with '-'.
        return v.length() >= 5 ? name + " " + v : "";
    }

    /** "1.36.0" from up to three ASCII digit groups, each ended by '-', starting at {@code from}. */
    private static String dashedVersion(byte[] id, int from) {
        StringBuilder v = new StringBuilder();
        int i = from;
        for (int group = 0; group < 3 && i < id.length && isDigit(id[i]); group++) {
            int start = i;
            while (i < id.length && isDigit(id[i])) {
                i++;
            }
            if (i >= id.length || id[i] != '-') {
                break;
            }
            v.append(v.length() == 0 ? "" : ".").append(new String(id, start, i - start,
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            i++;
        }
        return v.toString();
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean printable(String code) {
        for (int i = 0; i < code.length(); i++) {
            if (!isPrintable(code.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintable(int c) {
        return c >= 0x21 && c <= 0x7e;
    }
}
