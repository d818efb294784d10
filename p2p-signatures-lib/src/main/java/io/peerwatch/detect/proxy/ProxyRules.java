package io.peerwatch.detect.proxy;

import io.peerwatch.blacklist.BlacklistDetector;
import io.peerwatch.blacklist.BlacklistHolder;
import io.peerwatch.blacklist.BlacklistLoadReport;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.ports.PortTable;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.watch.WatchDetector;
import io.peerwatch.watch.WatchList;
import io.peerwatch.filetype.FileSizeRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every rule that decides on one proxy request alone, in one call: CONNECT to a non-standard
 * port or a long/large CONNECT ({@link TunnelDetector#inspectConnect}), large media downloads
 * ({@link LargeMediaDetector}), blacklisted destinations ({@link BlacklistDetector}) and
 * confidential watch-words ({@link WatchDetector}). Windowed rules (tunnel shapes, volume) keep
 * state and are driven separately.
 *
 * <pre>{@code
 * ProxyRules rules = new ProxyRules(TunnelConfig.defaults(), FileSizeRules.defaults(),
 *         Optional.of(new BlacklistHolder(List.of(Path.of("hosts")))), WatchList.defaults(),
 *         PortTable.defaults(), NoticePolicy.defaults());
 * List<Alert> alerts = rules.inspect(entry);
 * }</pre>
 */
public final class ProxyRules {

    private final TunnelDetector tunnels;
    private final LargeMediaDetector media;
    private final Optional<BlacklistHolder> blacklists;
    private final Optional<BlacklistDetector> blacklist;
    private final WatchDetector watch;

    public ProxyRules(TunnelConfig tunnelConfig, FileSizeRules fileRules, Optional<BlacklistHolder> blacklists,
            WatchList watchList, PortTable p2pPorts, NoticePolicy policy) {
        this.tunnels = new TunnelDetector(tunnelConfig, p2pPorts, policy);
        this.media = new LargeMediaDetector(fileRules, policy);
        this.blacklists = blacklists;
        this.blacklist = blacklists.map(h -> new BlacklistDetector(h, policy));
        this.watch = new WatchDetector(watchList, policy);
    }

    /** The alerts one request triggers on its own (often none). */
    public List<Alert> inspect(ProxyRecord e) {
        List<Alert> out = new ArrayList<>(1);
        tunnels.inspectConnect(e).ifPresent(out::add);
        media.inspect(e).ifPresent(out::add);
        blacklist.flatMap(b -> b.inspect(e)).ifPresent(out::add);
        watch.inspect(e).ifPresent(out::add);
        return out;
    }

    /** Reloads the blacklist files if any changed on disk; the report of a reload, if one happened. */
    public Optional<BlacklistLoadReport> reloadBlacklistsIfChanged() {
        return blacklists.flatMap(BlacklistHolder::reloadIfChanged);
    }
}
