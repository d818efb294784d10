package io.peerwatch.zeek;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser (RFC 8259) for one line of a JSON-lines log: objects, arrays,
 * strings, numbers, true/false/null; no comments, no trailing commas, no duplicate keys, no
 * leading zeros, no unescaped control characters; nesting limited to a depth. Objects become
 * {@link LinkedHashMap}, arrays {@link List}, numbers {@link Num} (their text, parsed on demand),
 * null {@link #NULL}.
 */
final class Json {
    /** The JSON {@code null} value. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number, kept as its text. */
    record Num(String text) {
        boolean isIntegral() {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }
    }

    /** Malformed JSON at a character index. */
    static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;
        /** What is wrong, without the position. */
        final String problem;
        final int index;

        JsonException(String problem, int index) {
            super(problem + " at column " + (index + 1));
            this.problem = problem;
            this.index = index;
        }
    }

    private final String s;
    private final int maxDepth;
    private int i;

    private Json(String s, int maxDepth) {
        this.s = s;
        this.maxDepth = maxDepth;
    }

    /** Parses a text that must hold exactly one JSON object (surrounding whitespace allowed). */
    static Map<String, Object> parseObject(String text, int maxDepth) throws JsonException {
        Json p = new Json(text, maxDepth);
        p.skipWs();
        if (p.i >= text.length() || text.charAt(p.i) != '{') {
            throw new JsonException("expected a JSON object", p.i);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) p.value(1);
        p.skipWs();
        if (p.i != text.length()) {
            throw new JsonException("unexpected text after the object", p.i);
        }
        return m;
    }

    private Object value(int depth) throws JsonException {
        if (i >= s.length()) {
            throw new JsonException("unexpected end of input", i);
        }
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new JsonException("unexpected character '" + printable(c) + "'", i);
        }
    }

    private Map<String, Object> object(int depth) throws JsonException {
        enter(depth);
        i++; // {
        Map<String, Object> m = new LinkedHashMap<>();
        skipWs();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            skipWs();
            if (peek() != '"') {
                throw new JsonException("expected a string key", i);
            }
            int keyAt = i;
            String key = string();
            skipWs();
            expect(':');
            skipWs();
            Object v = value(depth + 1);
            if (m.putIfAbsent(key, v) != null) {
                throw new JsonException("duplicate key \"" + key + "\"", keyAt);
            }
            skipWs();
            char c = peek();
            i++;
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw new JsonException("expected ',' or '}'", i - 1);
            }
        }
    }

    private List<Object> array(int depth) throws JsonException {
        enter(depth);
        i++; // [
        List<Object> list = new ArrayList<>();
        skipWs();
        if (peek() == ']') {
            i++;
            return list;
        }
        while (true) {
            skipWs();
            list.add(value(depth + 1));
            skipWs();
            char c = peek();
            i++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw new JsonException("expected ',' or ']'", i - 1);
            }
        }
    }

    private void enter(int depth) throws JsonException {
        if (depth > maxDepth) {
            throw new JsonException("nesting deeper than " + maxDepth, i);
        }
    }

    private String string() throws JsonException {
        i++; // opening quote
        StringBuilder sb = null;
        int runStart = i;
        while (true) {
            if (i >= s.length()) {
                throw new JsonException("unterminated string", i);
            }
            char c = s.charAt(i);
            if (c == '"') {
                String tail = s.substring(runStart, i);
                i++;
                return sb == null ? tail : sb.append(tail).toString();
            }
            if (c < 0x20) {
                throw new JsonException("control character in string", i);
            }
            if (c != '\\') {
                i++;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(s, runStart, i);
            i++;
            if (i >= s.length()) {
                throw new JsonException("unterminated escape", i);
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(hex4());
                default -> throw new JsonException("bad escape '\\" + printable(e) + "'", i - 2);
            }
            runStart = i;
        }
    }

    private char hex4() throws JsonException {
        if (i + 4 > s.length()) {
            throw new JsonException("short \\u escape", i);
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i + k), 16);
            if (d < 0) {
                throw new JsonException("bad \\u escape", i + k);
            }
            v = (v << 4) | d;
        }
        i += 4;
        return (char) v;
    }

    private Num number() throws JsonException {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw new JsonException("bad number", i);
        }
        if (peek() == '.') {
            i++;
            if (!isDigit(peek())) {
                throw new JsonException("digit expected after '.'", i);
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            if (!isDigit(peek())) {
                throw new JsonException("digit expected in exponent", i);
            }
            digits();
        }
        return new Num(s.substring(start, i));
    }

    private void digits() {
        while (isDigit(peek())) {
            i++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws JsonException {
        if (!s.startsWith(word, i)) {
            throw new JsonException("unexpected literal", i);
        }
        i += word.length();
        return value;
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            throw new JsonException("expected '" + c + "'", i);
        }
        i++;
    }

    /** The current character, or NUL at the end (never valid where it is checked). */
    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private void skipWs() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
