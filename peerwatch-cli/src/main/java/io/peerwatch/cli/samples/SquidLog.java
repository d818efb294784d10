package io.peerwatch.cli.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The sample proxy log: an office hour behind a Squid forward proxy with user authentication, in
 * Squid's native access.log format (Squid wiki, "SquidFaq/SquidLogs": {@code time.ms elapsed
 * client code/status bytes method URL user hierarchy/peer type}). Hosts, users and the alerts each
 * must give are in {@code samples/LABELS.md}: a CONNECT to the Gnutella port, a large mp3, a GNU
 * httptunnel client, a blacklisted host, a search for confidential files, and a user whose
 * downloads cross the hourly volume quota on the log's last line.
 */
final class SquidLog {

    private record Line(long ms, String text) {
    }

    /**
     * When in the hour each incident starts (milliseconds after the hour's start): the CONNECT to
     * a P2P port, the mp3, httptunnel, the blacklisted host, the search and the quota's first
     * download.
     */
    record Timing(long connect, long mp3, long httptunnel, long blacklisted, long search, long quota) {
    }

    /** The sample log's hour: one incident after the other. */
    static final Timing SAMPLE = new Timing(600_000, 900_000, 1_200_000, 1_500_000, 1_800_000, 2_400_000);
    /** The demo's hour: every incident in its first minutes, so a short run shows them all. */
    static final Timing EARLY = new Timing(60_000, 90_000, 120_000, 150_000, 180_000, 30_000);

    private final Random rnd;
    private final long t0;
    private final Timing timing;
    private final List<Line> lines = new ArrayList<>();

    private SquidLog(long startMs, long seed, Timing timing) {
        this.t0 = startMs;
        this.rnd = new Random(seed);
        this.timing = timing;
    }

    static void write(Path file, long startMs, long seed) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String l : hour(startMs, seed, SAMPLE)) {
            out.append(l).append('\n');
        }
        Files.writeString(file, out, StandardCharsets.US_ASCII);
    }

    /** The hour's lines in time order, incidents at {@code timing}. */
    static List<String> hour(long startMs, long seed, Timing timing) {
        SquidLog s = new SquidLog(startMs, seed, timing);
        s.browsing();
        s.connectToP2pPort();
        s.largeMp3();
        s.httptunnel();
        s.blacklisted();
        s.confidentialSearch();
        s.quota();
        s.lines.sort(Comparator.comparingLong(Line::ms));
        return s.lines.stream().map(Line::text).toList();
    }

    private void add(long ms, int elapsed, String client, String code, long bytes, String method, String url, String user,
            String hierarchy, String type) {
        lines.add(new Line(ms, String.format(Locale.ROOT, "%d.%03d %6d %s %s %d %s %s %s %s %s", ms / 1000, ms % 1000, elapsed,
                client, code, bytes, method, url, user, hierarchy, type)));
    }

    /** Six users reading the intranet and the web over an hour. */
    private void browsing() {
        String[] users = {"alice", "bob", "chen", "dana", "emeka", "fatima"};
        String[] pages = {"/", "/news/today.html", "/wiki/Onboarding", "/calendar/week", "/canteen/menu.html",
            "/static/app.js", "/static/style.css", "/images/logo.png"};
        for (int u = 0; u < users.length; u++) {
            String client = "10.10.3." + (30 + u);
            for (int i = 0; i < 14; i++) {
                long ms = t0 + rnd.nextInt(3_500_000);
                String page = pages[rnd.nextInt(pages.length)];
                String type = page.endsWith(".js") ? "application/javascript" : page.endsWith(".css") ? "text/css"
                        : page.endsWith(".png") ? "image/png" : "text/html";
                add(ms, 20 + rnd.nextInt(400), client, "TCP_MISS/200", 800 + rnd.nextInt(60_000), "GET",
                        "http://www.example.com" + page, users[u], "HIER_DIRECT/203.0.113.80", type);
            }
            for (int i = 0; i < 4; i++) {
                long ms = t0 + rnd.nextInt(3_500_000);
                add(ms, 2_000 + rnd.nextInt(60_000), client, "TCP_TUNNEL/200", 5_000 + rnd.nextInt(400_000), "CONNECT",
                        "mail.example.com:443", users[u], "HIER_DIRECT/203.0.113.43", "-");
            }
        }
    }

    /** A Gnutella client tunnelling to an ultrapeer's port 6346 through CONNECT. */
    private void connectToP2pPort() {
        add(t0 + timing.connect(), 180_000, "10.10.3.22", "TCP_TUNNEL/200", 2_340_556, "CONNECT", "198.18.30.5:6346", "gus",
                "HIER_DIRECT/198.18.30.5", "-");
    }

    /** One mp3 over the 3 MB the file rules allow. */
    private void largeMp3() {
        add(t0 + timing.mp3(), 14_220, "10.10.3.31", "TCP_MISS/200", 8_934_112, "GET",
                "http://media.example.net/audio/live-concert-2026.mp3", "bob", "HIER_DIRECT/203.0.113.60", "audio/mpeg");
    }

    /**
     * GNU httptunnel's client (htc) through the proxy: POSTs carrying the upstream, which the
     * server never answers before the proxy gives up, and GETs carrying the downstream.
     */
    private void httptunnel() {
        long ms = t0 + timing.httptunnel();
        for (int i = 0; i < 6; i++) {
            add(ms, 1_250, "10.10.3.40", "TCP_MISS_ABORTED/000", 0, "POST", "http://198.18.60.30:8888/index.html?crap="
                    + (1_795_607_000 + 17 * i), "ivan", "HIER_DIRECT/198.18.60.30", "-");
            add(ms + 3, 1_240, "10.10.3.40", "TCP_MISS/200", 102_700 + rnd.nextInt(100), "GET",
                    "http://198.18.60.30:8888/index.html?crap=" + (1_795_607_000 + 17 * i + 5), "ivan",
                    "HIER_DIRECT/198.18.60.30", "text/html");
            ms += 1_300 + rnd.nextInt(400);
        }
    }

    /** A request to a host of samples/blacklist.hosts. */
    private void blacklisted() {
        add(t0 + timing.blacklisted(), 85, "10.10.3.33", "TCP_MISS/200", 1_203, "GET", "http://ads.tracker.example/pixel.gif?id=91",
                "dana", "HIER_DIRECT/198.18.70.8", "image/gif");
    }

    /** A search for company documents on a web search engine. */
    private void confidentialSearch() {
        add(t0 + timing.search(), 240, "10.10.3.42", "TCP_MISS/200", 31_882, "GET",
                "http://search.example.com/search?q=confidential+budget+2027+filetype%3Axlsx", "judy",
                "HIER_DIRECT/203.0.113.90", "text/html");
    }

    /**
     * Eight 9 MB downloads in 17 minutes: 72 MB, over the 70 MB hourly quota with the eighth,
     * which is the log's last line (its alert must not wait for later traffic).
     */
    private void quota() {
        for (int i = 0; i < 8; i++) {
            long ms = t0 + timing.quota() + i * 140_000L;
            add(ms, 30_000, "10.10.3.50", "TCP_MISS/200", 9_000_000, "GET",
                    "http://downloads.example.org/datasets/survey-2026.part" + (i + 1), "kim", "HIER_DIRECT/203.0.113.70",
                    "application/octet-stream");
        }
    }
}
