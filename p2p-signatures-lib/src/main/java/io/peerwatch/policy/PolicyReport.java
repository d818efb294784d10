package io.peerwatch.policy;

import java.util.List;

/**
 * What a {@link Policy} left out, and why: entries the allow-list exempted, entries that could
 * not be exported (invalid names, internal destinations, bad list lines), and how many alerts
 * were used. Item texts come from lists and alerts: print them through {@link #printable}.
 *
 * @param exempted entries left out because the allow-list covers them (the first
 *     {@link #MAX_ITEMS})
 * @param exemptedCount all such entries
 * @param skipped entries that cannot be exported, with the reason (the first {@link #MAX_ITEMS})
 * @param skippedCount all such entries
 * @param blacklistLines lines read from the blacklists
 * @param alerts how the alerts were used
 */
public record PolicyReport(List<Item> exempted, long exemptedCount, List<Item> skipped, long skippedCount,
        long blacklistLines, AlertCounts alerts) {

    /** Items kept per list (all are counted). */
    public static final int MAX_ITEMS = 100;

    /**
     * One entry left out.
     *
     * @param item what was left out, e.g. {@code "ads.partner.example"} or {@code "10.1.2.3"}
     * @param why why, e.g. {@code "exempt exempt.txt:3 (partner.example)"}
     * @param source where the entry came from, e.g. {@code "blacklist hosts.txt:12"}
     */
    public record Item(String item, String why, String source) {
        /** One line, safe for a terminal: {@code "source: item: why"}. */
        @Override
        public String toString() {
            return printable(source + ": " + item + ": " + why);
        }
    }

    /**
     * Alerts offered and used.
     *
     * @param read alerts offered
     * @param used alerts at or above the minimum severity and inside the time range
     * @param older alerts before the start of the time range
     * @param belowSeverity alerts below the minimum severity
     */
    public record AlertCounts(long read, long used, long older, long belowSeverity) {
    }

    public PolicyReport {
        exempted = List.copyOf(exempted);
        skipped = List.copyOf(skipped);
    }

    /**
     * The text with control characters, backslashes and non-ASCII characters escaped
     * ({@code \\uXXXX}), so that names from lists and alerts cannot move a terminal's cursor or
     * forge output lines; clipped to 200 characters.
     */
    public static String printable(String s) {
        return printable(s, MAX_PRINTED);
    }

    /** Characters {@link #printable(String)} keeps of an item. */
    public static final int MAX_PRINTED = 200;

    /** {@link #printable(String)} clipped to {@code max} characters (an error naming long paths needs more). */
    public static String printable(String s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8);
        int i = 0;
        for (; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '\\') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return i < s.length() ? sb + "..." : sb.toString();
    }
}
