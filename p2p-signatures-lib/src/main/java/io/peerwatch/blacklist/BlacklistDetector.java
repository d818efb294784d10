package io.peerwatch.blacklist;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.proxy.ProxyRecord;
import java.util.List;
import java.util.Optional;

/**
 * {@link AlertType#BLACKLISTED_HOST}: a proxy request to a host covered by the current list of
 * a {@link BlacklistHolder}; the matched list entry and list are the evidence. Thread-safe.
 */
public final class BlacklistDetector {

    /** Severity: a known-bad destination (adware, malware, tracker, P2P index). */
    public static final Severity SEVERITY = Severity.MEDIUM;
    /** Confidence: a list match is a fact; the list's judgement is the list owner's. */
    public static final double CONFIDENCE = 1.0;

    private final BlacklistHolder lists;
    private final NoticePolicy policy;

    public BlacklistDetector(BlacklistHolder lists) {
        this(lists, NoticePolicy.defaults());
    }

    public BlacklistDetector(BlacklistHolder lists, NoticePolicy policy) {
        if (lists == null || policy == null) {
            throw new IllegalArgumentException("lists and policy must not be null");
        }
        this.lists = lists;
        this.policy = policy;
    }

    /** An alert when the entry's host (or host and path) is listed. */
    public Optional<Alert> inspect(ProxyRecord e) {
        if (e.host().isEmpty()) {
            return Optional.empty();
        }
        return lists.match(e.host().get(), e.path()).map(m -> Alert.builder(AlertType.BLACKLISTED_HOST, e.client(),
                        e.startMs(), e.timestampMs() + 1)
                .user(e.user().orElse(null))
                .eventTime(e.timestampMs())
                .protocol(e.isConnect() ? "HTTP CONNECT" : "HTTP")
                .severity(SEVERITY)
                .confidence(CONFIDENCE)
                .evidence(List.of(new Evidence("blacklist", "host " + m.host() + " matches entry " + m.entry()
                        + " (list " + m.source() + ")", 1)))
                .bytes(e.totalBytes())
                .distinctPeers(1)
                .identifier(e.subject() + " " + m.entry())
                .context(e.alertContext())
                .suppressFor(policy.suppressFor(AlertType.BLACKLISTED_HOST).toMillis())
                .build());
    }
}
