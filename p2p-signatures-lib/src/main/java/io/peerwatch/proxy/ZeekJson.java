package io.peerwatch.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for one Zeek log line (RFC 8259): a top-level object whose values are
 * strings, numbers, booleans, null or arrays of those. Strings come back as String, numbers
 * as Double, arrays as List. Nested objects are skipped. Errors are IllegalArgumentException with the column.
 */
final class ZeekJson {
    private final String s;
    private int i;

    private ZeekJson(String s) {
        this.s = s;
    }

    static Map<String, Object> parseObject(String text) {
        ZeekJson p = new ZeekJson(text);
        p.ws();
        Map<String, Object> m = p.object();
        p.ws();
        if (p.i != text.length()) {
            throw p.error("text after the JSON object");
        }
        return m;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad JSON at column " + (i + 1) + ": " + what);
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private Map<String, Object> object() {
        expect('{');
        Map<String, Object> m = new HashMap<>();
        ws();
        if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return m;
        }
        while (true) {
            ws();
            String key = string();
            ws();
            expect(':');
            ws();
            Object v = value();
            if (v != null) {
                m.put(key, v);
            }
            ws();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect('}');
            return m;
        }
    }

    private Object value() {
        if (i >= s.length()) {
            throw error("value expected");
        }
        char c = s.charAt(i);
        switch (c) {
            case '"':
                return string();
            case '{':
                object();
                return null;
            case '[':
                return array();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                literal("null", null);
                return null;
            default:
                return number();
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            throw error("unknown literal");
        }
        i += word.length();
        return v;
    }

    private List<Object> array() {
        expect('[');
        List<Object> out = new ArrayList<>();
        ws();
        if (i < s.length() && s.charAt(i) == ']') {
            i++;
            return out;
        }
        while (true) {
            ws();
            out.add(value());
            ws();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect(']');
            return out;
        }
    }

    private Object number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String t = s.substring(start, i);
        if (t.isEmpty()) {
            throw error("value expected");
        }
        try {
            double d = Double.parseDouble(t);
            if (Double.isInfinite(d)) {
                throw error("number out of range");
            }
            return d;
        } catch (NumberFormatException e) {
            throw error("bad number '" + LogformatParser.clip(t) + "'");
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }
}
