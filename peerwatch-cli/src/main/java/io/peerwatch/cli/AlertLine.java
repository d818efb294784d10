package io.peerwatch.cli;

import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/** One readable line per alert, for terminals. Control characters in evidence are made visible. */
public final class AlertLine {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_EVIDENCE = 3;

    private AlertLine() {
    }

    /** For example {@code 2026-11-25 10:01:00Z  P2P_PORT_ACTIVITY  10.20.1.7  BitTorrent  MEDIUM conf 0.50  ...}. */
    public static String format(Alert a) {
        String evidence = a.evidence().stream().limit(MAX_EVIDENCE)
                .map(AlertLine::evidence).collect(Collectors.joining(", "));
        return String.format("%s  %-18s %-15s %-14s %-6s conf %.2f  peers %-4d %s  id %s",
                TIME.format(Instant.ofEpochMilli(a.windowEndMs())), a.type(), a.host(),
                a.protocol().map(AlertLine::clean).orElse("-"), a.severity(), a.confidence(),
                a.distinctPeers(), evidence, a.id()); // the whole id: the one ECS event.id, CEF externalId and Kafka key carry
    }

    private static String evidence(Evidence e) {
        String detail = clean(e.detail());
        // "31 distinct peers" already says its count
        boolean countInText = detail.startsWith(e.count() + " ");
        return detail + (e.count() > 1 && !countInText ? " x" + e.count() : "");
    }

    /** Replaces control characters so a hostile string cannot drive the terminal. */
    public static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }
}
