package io.peerwatch.detect.proxy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.Severity;
import io.peerwatch.filetype.FileSizeMatch;
import io.peerwatch.filetype.FileSizeRules;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.proxy.ProxyRecord;
import java.util.List;
import java.util.Optional;

/**
 * {@link AlertType#LARGE_MEDIA_DOWNLOAD} from proxy logs: a download whose URL extension or
 * reply content type falls under a {@link FileSizeRules} rule and whose size (the logged bytes
 * to the client; Squid's count includes the reply headers) exceeds the rule's threshold.
 * CONNECT tunnels have no file name or type and are not inspected. Stateless, thread-safe.
 *
 * <pre>{@code
 * LargeMediaDetector d = new LargeMediaDetector(FileSizeRules.defaults());
 * d.inspect(entry).ifPresent(alerts::add);
 * }</pre>
 */
public final class LargeMediaDetector {

    /** Severity: a storage, bandwidth and copyright concern, not an intrusion. */
    public static final Severity SEVERITY = Severity.MEDIUM;
    /** Confidence: type and size are in the log; only the intent is unknown. */
    public static final double CONFIDENCE = 0.9;

    private final FileSizeRules rules;
    private final NoticePolicy policy;

    public LargeMediaDetector(FileSizeRules rules) {
        this(rules, NoticePolicy.defaults());
    }

    public LargeMediaDetector(FileSizeRules rules, NoticePolicy policy) {
        if (rules == null || policy == null) {
            throw new IllegalArgumentException("rules and policy must not be null");
        }
        this.rules = rules;
        this.policy = policy;
    }

    /** The rule match of one entry, if any. */
    public Optional<FileSizeMatch> match(ProxyRecord e) {
        if (e.isConnect()) {
            return Optional.empty();
        }
        return rules.match(e.path(), e.contentType(), e.bytesToClient());
    }

    /** An alert for one entry over a rule's threshold. */
    public Optional<Alert> inspect(ProxyRecord e) {
        return match(e).map(m -> Alert.builder(AlertType.LARGE_MEDIA_DOWNLOAD, e.client(), e.startMs(),
                        e.timestampMs() + 1)
                .user(e.user().orElse(null))
                .eventTime(e.timestampMs())
                .protocol("HTTP")
                .severity(SEVERITY)
                .confidence(CONFIDENCE)
                .evidence(List.of(
                        new Evidence("file", TunnelDetector.clip(m.fileName()) + " from " + e.destination() + ": "
                                + m.bytes() + " bytes > " + m.rule().thresholdBytes() + " (rule " + m.rule().label()
                                + ", by " + m.matchedBy() + ")", 1),
                        new Evidence("url", TunnelDetector.clip(e.url()), 1)))
                .bytes(m.bytes())
                .distinctPeers(1)
                .identifier(e.subject() + " " + TunnelDetector.clip(e.url()))
                .context(e.alertContext().toBuilder().fileName(m.fileName()).fileSize(m.bytes()).build())
                .suppressFor(policy.suppressFor(AlertType.LARGE_MEDIA_DOWNLOAD).toMillis())
                .build());
    }
}
