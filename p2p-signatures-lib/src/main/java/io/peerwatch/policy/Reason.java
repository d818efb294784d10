package io.peerwatch.policy;

/**
 * Why a rule exists (or why something was left out): a port-table entry, a blacklist line, an
 * alert, or an allow-list line.
 *
 * @param kind where the reason comes from
 * @param text what names it: {@code "BitTorrent 6881-6889/tcp"}, {@code "hosts.txt:12"},
 *     {@code "<alert id> P2P_CLIENT"}, {@code "exempt.txt:3"}
 */
public record Reason(Kind kind, String text) implements Comparable<Reason> {

    /** Where a reason comes from, in the order reasons are listed. */
    public enum Kind {
        /** An entry of the P2P port table. */
        PORT_TABLE("port table"),
        /** A blacklist line (list file name and line number). */
        BLACKLIST("blacklist"),
        /** An alert (its id and type). */
        ALERT("alert"),
        /** An allow-list line (file name and line number). */
        EXEMPT("exempt");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The label written before the text. */
        public String label() {
            return label;
        }
    }

    public Reason {
        if (kind == null || text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a reason needs a kind and a text");
        }
    }

    /** A list line: the list's file name (not its folder) and the line number. */
    public static Reason listLine(Kind kind, String source, long line) {
        int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        return new Reason(kind, source.substring(slash + 1) + ":" + line);
    }

    @Override
    public int compareTo(Reason o) {
        int c = kind.compareTo(o.kind);
        return c != 0 ? c : text.compareTo(o.text);
    }

    /** For example {@code "blacklist hosts.txt:12"}. */
    @Override
    public String toString() {
        return kind.label() + " " + text;
    }
}
