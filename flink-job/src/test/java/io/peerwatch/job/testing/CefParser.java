package io.peerwatch.job.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CEF line the way a SIEM does, independently of the writer: the seven header fields
 * up to the seventh unescaped pipe (escapes {@code \|} and {@code \\}), then extension pairs,
 * each key a run of letters and digits before an unescaped '=' at the start or after a space
 * (value escapes {@code \=}, {@code \\}, {@code \n}, {@code \r}).
 */
public final class CefParser {

    /** A parsed line: the header fields ({@code CEF:0}, vendor, product, version, signature id, name, severity) and the extension. */
    public record Cef(List<String> header, Map<String, String> extension) {
    }

    private CefParser() {
    }

    public static Cef parse(String line) {
        List<String> header = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (header.size() < 7) {
            if (i >= line.length()) {
                throw new IllegalArgumentException("fewer than 7 header fields: " + line);
            }
            char c = line.charAt(i++);
            if (c == '\\' && i < line.length()) {
                char n = line.charAt(i++);
                if (n != '\\' && n != '|') {
                    throw new IllegalArgumentException("bad header escape \\" + n);
                }
                field.append(n);
            } else if (c == '|') {
                header.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException("line break in the header");
            } else {
                field.append(c);
            }
        }
        return new Cef(header, extension(line.substring(i)));
    }

    private static Map<String, String> extension(String raw) {
        // positions of unescaped '=' that end a key
        List<int[]> keys = new ArrayList<>(); // {keyStart, equalsIndex}
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (c == '=') {
                int k = i;
                while (k > 0 && Character.isLetterOrDigit(raw.charAt(k - 1))) {
                    k--;
                }
                if (k < i && (k == 0 || raw.charAt(k - 1) == ' ')) {
                    keys.add(new int[] {k, i});
                } else {
                    throw new IllegalArgumentException("unescaped '=' inside a value at " + i + ": " + raw);
                }
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int j = 0; j < keys.size(); j++) {
            int[] k = keys.get(j);
            int end = j + 1 < keys.size() ? keys.get(j + 1)[0] - 1 : raw.length();
            String key = raw.substring(k[0], k[1]);
            if (out.put(key, unescape(raw.substring(k[1] + 1, end))) != null) {
                throw new IllegalArgumentException("key twice: " + key);
            }
        }
        return out;
    }

    private static String unescape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException("raw line break in a value");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char n = v.charAt(++i);
            sb.append(switch (n) {
                case '\\' -> '\\';
                case '=' -> '=';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> throw new IllegalArgumentException("bad value escape \\" + n);
            });
        }
        return sb.toString();
    }
}
