package io.peerwatch.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared parts of the line-oriented formats: the header that names the format, comments made
 * safe for the format, one rule per line, and reading the rules of an earlier export back.
 */
abstract class LineFormat {

    /** Longest comment written (nftables allows 128 bytes; iptables 256). */
    static final int MAX_COMMENT = 120;

    /** The format's comment marker ({@code #} or {@code ;}). */
    abstract String commentMarker();

    /** Writes the policy. */
    abstract Rendering render(PolicyFormat format, Policy p, PolicyFormat.Options options);

    /**
     * The rule in a line of an earlier export, or null when the line is not a rule.
     *
     * @param line the line, trimmed
     * @param previousComment the text of the comment line just before it, or null
     */
    abstract RenderedRule readRule(String line, String previousComment);

    /** The first line of every export. */
    final String header(PolicyFormat format) {
        return commentMarker() + " PeerWatch policy export, format " + format.id();
    }

    /** The rules of an earlier export in this format, by key. */
    final Map<String, String> readRules(PolicyFormat format, String text) {
        String[] lines = text.split("\r?\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals(header(format))) {
            throw new IllegalArgumentException("not a PeerWatch " + format.id() + " export (its first line is not '"
                    + header(format) + "')");
        }
        Map<String, String> out = new LinkedHashMap<>();
        String comment = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith(commentMarker())) {
                comment = line.substring(commentMarker().length()).strip();
                continue;
            }
            RenderedRule r = line.isEmpty() ? null : readRule(line, comment);
            if (r != null) {
                out.putIfAbsent(r.key(), r.reason());
            }
            comment = null;
        }
        return out;
    }

    /**
     * A reason as comment text: characters outside {@code [A-Za-z0-9 ._:/,()=+@-]} become
     * {@code _} (no quote, backslash, semicolon or line break can end the comment early), clipped
     * to {@link #MAX_COMMENT}.
     */
    static String safeComment(String s) {
        String t = safeChars(s);
        return t.length() > MAX_COMMENT ? t.substring(0, MAX_COMMENT - 3) + "..." : t;
    }

    private static String safeChars(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || " ._:/,()=+@-".indexOf(c) >= 0;
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }

    /** White space runs as one space, trimmed; the same instance when it has none to fold (the usual case). */
    static String collapse(String s) {
        boolean plain = !s.isEmpty() && s.charAt(0) != ' ' && s.charAt(s.length() - 1) != ' ';
        for (int i = 0; plain && i < s.length(); i++) {
            char c = s.charAt(i);
            plain = c > ' ' && c < 0x7f || c == ' ' && s.charAt(i + 1) != ' ';
        }
        return plain ? s : s.strip().replaceAll("\\s+", " ");
    }

    /** Collects the text and the rules of one export. */
    final class Out {
        private final StringBuilder text = new StringBuilder();
        private final List<RenderedRule> rules = new ArrayList<>();
        private final Set<String> keys = new HashSet<>();
        private final List<String> notes = new ArrayList<>();
        private final PolicyFormat format;

        Out(PolicyFormat format, String... instructions) {
            this.format = format;
            text.append(header(format)).append('\n');
            for (String s : instructions) {
                text.append(commentMarker()).append(' ').append(safeChars(s)).append('\n');
            }
        }

        /** A comment line (the text is made safe). */
        Out comment(String indent, String s) {
            text.append(indent).append(commentMarker()).append(' ').append(safeComment(s)).append('\n');
            return this;
        }

        /** A line that is not a rule. */
        Out line(String s) {
            text.append(s).append('\n');
            return this;
        }

        /**
         * A rule: written once per key (a second rule with the same key is dropped).
         *
         * @param key the rule without comment
         * @param line the full line, built from the key and {@link #safeComment}
         * @param reason the reason (as given, for the rule list)
         */
        boolean rule(String key, String line, String reason) {
            String k = collapse(key); // one instance in the set and the rule: a million-rule export keeps it once
            if (!keys.add(k)) {
                return false;
            }
            rules.add(new RenderedRule(k, safeComment(reason)));
            text.append(line).append('\n');
            return true;
        }

        /** A rule on its own line, after a comment line naming its reason (formats without trailing comments). */
        boolean ruleAfterComment(String indent, String key, String reason) {
            String k = collapse(key);
            if (!keys.add(k)) {
                return false;
            }
            String comment = safeComment(reason);
            rules.add(new RenderedRule(k, comment));
            text.append(indent).append(commentMarker()).append(' ').append(comment).append('\n');
            text.append(indent).append(key).append('\n');
            return true;
        }

        /** Notes what the format leaves out, when {@code count > 0}. */
        Out note(long count, String what) {
            if (count > 0) {
                notes.add(count + " " + what);
            }
            return this;
        }

        Rendering done() {
            return new Rendering(format, text.toString(), rules, notes);
        }
    }
}
