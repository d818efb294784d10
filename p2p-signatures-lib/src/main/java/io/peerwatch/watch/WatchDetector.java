package io.peerwatch.watch;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.AlertContext;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.signatures.MetadataKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AlertType#CONFIDENTIAL_SEARCH}: watch-words or decoy names in proxied URLs, or in the
 * P2P search strings and file names the signature library extracts. Decoys are HIGH (a planted
 * file is moving), words MEDIUM. Stateless, thread-safe.
 *
 * <pre>{@code
 * WatchDetector d = new WatchDetector(WatchList.defaults());
 * d.inspect(proxyEntry).ifPresent(alerts::add);
 * d.inspectMetadata(host, null, ts, "Gnutella", metadata.snapshot()).ifPresent(alerts::add);
 * }</pre>
 */
public final class WatchDetector {

    /** Confidence: the words are in the traffic; whether the files are the company's is not known. */
    public static final double CONFIDENCE = 0.7;
    /** Confidence of a decoy hit: nobody but a leaker or a searcher for leaks has that name. */
    public static final double DECOY_CONFIDENCE = 0.95;

    private final WatchList list;
    private final NoticePolicy policy;

    public WatchDetector(WatchList list) {
        this(list, NoticePolicy.defaults());
    }

    public WatchDetector(WatchList list, NoticePolicy policy) {
        if (list == null || policy == null) {
            throw new IllegalArgumentException("list and policy must not be null");
        }
        this.list = list;
        this.policy = policy;
    }

    /** Scans a proxy request's URL path and query. */
    public Optional<Alert> inspect(ProxyRecord e) {
        List<WatchHit> hits = list.scanUrl(e.url());
        return alert(hits, e.client(), e.user().orElse(null), e.startMs(), e.timestampMs(), "HTTP",
                e.subject() + " " + e.destination(), e.totalBytes(), e.alertContext());
    }

    /**
     * Scans the {@link MetadataKey#SEARCH}, {@link MetadataKey#FILE_NAME} and
     * {@link MetadataKey#HTTP_URI} values of one flow.
     *
     * @param protocol the flow's protocol, e.g. "Gnutella"
     */
    public Optional<Alert> inspectMetadata(IpAddress host, String user, long timeMs, String protocol,
            Map<MetadataKey, List<String>> metadata) {
        List<WatchHit> hits = new ArrayList<>();
        for (MetadataKey k : List.of(MetadataKey.SEARCH, MetadataKey.FILE_NAME, MetadataKey.HTTP_URI)) {
            for (String v : metadata.getOrDefault(k, List.of())) {
                hits.addAll(list.scan(k, v));
            }
        }
        return alert(hits, host, user, timeMs, timeMs, protocol, host + " " + protocol, 0, AlertContext.NONE);
    }

    private Optional<Alert> alert(List<WatchHit> hits, IpAddress host, String user, long startMs, long timeMs,
            String protocol, String identifierBase, long bytes, AlertContext context) {
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        boolean decoy = hits.stream().anyMatch(WatchHit::decoy);
        List<Evidence> ev = new ArrayList<>();
        for (WatchHit h : hits) {
            ev.add(new Evidence(h.decoy() ? "decoy" : "watch-word", "'" + h.term() + "' in "
                    + h.where().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + h.excerpt(), 1));
        }
        return Optional.of(Alert.builder(AlertType.CONFIDENTIAL_SEARCH, host, startMs, timeMs + 1)
                .user(user)
                .eventTime(timeMs)
                .protocol(protocol)
                .severity(decoy ? Severity.HIGH : Severity.MEDIUM)
                .confidence(decoy ? DECOY_CONFIDENCE : CONFIDENCE)
                .evidence(ev)
                .bytes(bytes)
                .identifier(identifierBase + " " + String.join(",", WatchList.termsOf(hits)))
                .suppressFor(policy.suppressFor(AlertType.CONFIDENTIAL_SEARCH).toMillis())
                .context(context)
                .build());
    }
}
