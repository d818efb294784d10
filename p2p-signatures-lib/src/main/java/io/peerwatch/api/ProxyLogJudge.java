package io.peerwatch.api;

import io.peerwatch.config.LibraryConfig;
import io.peerwatch.detect.proxy.ProxyRules;
import io.peerwatch.detect.proxy.TunnelDetector;
import io.peerwatch.detect.proxy.TunnelWindow;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Parses and judges proxy logs: Squid native, common, combined, a Squid {@code logformat}, Zeek
 * http.log (TSV or JSON); the format is detected from the first lines or named. Each request is
 * judged on its own (CONNECT tunnels, large media downloads, blacklisted destinations, watched
 * words) and each (client, destination) over tumbling windows (HTTP tunnel shapes: polling,
 * uploads in small steady requests), as the streaming job judges them.
 *
 * <pre>{@code
 * ProxyLogJudge judge = ProxyLogJudge.create(LibraryConfig.defaults());
 * Judgement j = judge.judge(Path.of("/var/log/squid/access.log"));
 * System.out.println(j.records() + " requests, " + j.rejected() + " unusable lines");
 * j.findings().forEach(System.out::println);   // HTTP_TUNNEL HIGH 10.0.0.5 [HTTP CONNECT] 0.90: ...
 * }</pre>
 *
 * <p>A batch judge: every window is judged once the input ends and no alert is suppressed.
 * Blacklists ({@code files.blacklists}) are read once, when the judge is created.
 *
 * <p>Thread-safety: immutable; one instance may judge on several threads at once (each call
 * has its own parser and windows).
 */
public final class ProxyLogJudge {

    private final ProxyRules rules;
    private final TunnelDetector tunnels;

    private ProxyLogJudge(LibraryConfig config) {
        this.rules = new ProxyRules(config.httpTunnel(), config.fileSizeRules(), config.blacklists(), config.watchList(),
                config.portTable(), config.noticePolicy());
        this.tunnels = new TunnelDetector(config.httpTunnel(), config.portTable(), config.noticePolicy());
    }

    /**
     * A judge with these settings (tunnel thresholds, file-size rules, blacklists, watch list).
     *
     * @param config the settings; {@link LibraryConfig#defaults()} for the defaults
     * @return the judge
     * @throws io.peerwatch.config.ConfigException when a configured file cannot be read
     */
    public static ProxyLogJudge create(LibraryConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new ProxyLogJudge(config);
    }

    /**
     * Parses a log, its format detected from its first lines, and judges it.
     *
     * @param log the log file
     * @return requests read, lines rejected, findings
     * @throws IllegalArgumentException when the format cannot be detected
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public Judgement judge(Path log) {
        return judge(ProxyLogs.read(log, Optional.empty()));
    }

    /**
     * Parses a log in a named format and judges it.
     *
     * @param log the log file
     * @param format {@code squid}, {@code common}, {@code combined}, {@code zeek} (TSV),
     *     {@code zeek-json}, or a Squid {@code logformat} specification
     * @return requests read, lines rejected, findings
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public Judgement judge(Path log, String format) {
        return judge(ProxyLogs.read(log, Optional.of(format)));
    }

    /**
     * Parses lines of a log (format detected) and judges them.
     *
     * @param lines the lines, without terminators
     * @param source a name for the lines, used in rejects
     * @return requests read, lines rejected, findings
     * @throws IllegalArgumentException when the format cannot be detected
     */
    public Judgement judgeLines(List<String> lines, String source) {
        return judge(ProxyLogs.parse(List.copyOf(lines), source, Optional.empty()));
    }

    private Judgement judge(ProxyLogs.Parsed p) {
        List<Alert> alerts = new ArrayList<>();
        long size = tunnels.config().window().toMillis();
        Map<Long, Map<String, TunnelWindow>> windows = new TreeMap<>();
        for (ProxyRecord e : p.records()) {
            alerts.addAll(rules.inspect(e));
            long start = Math.floorDiv(e.timestampMs(), size) * size;
            tunnels.observe(windows.computeIfAbsent(start, k -> new HashMap<>())
                    .computeIfAbsent(TunnelDetector.keyOf(e), k -> new TunnelWindow()), e);
        }
        windows.forEach((start, byKey) -> byKey.values()
                .forEach(w -> tunnels.evaluate(w, start, start + size).ifPresent(alerts::add)));
        return new Judgement(p.records().size(), p.rejected(), p.rejects(), Windows.ordered(alerts));
    }
}
