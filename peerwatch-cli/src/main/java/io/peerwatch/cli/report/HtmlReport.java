package io.peerwatch.cli.report;

import io.peerwatch.core.AlertType;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes {@code report.html}: one self-contained page that works offline. Charts are inline SVG
 * ({@link SvgCharts}); the only script filters the alerts table, and the page's content security
 * policy allows that script by its hash and nothing else to load, so the file fetches nothing and no
 * text from the input can run. Every string from the input is escaped ({@link #escape}).
 */
public final class HtmlReport {

    /** Rows of the top-talker and cost charts. */
    public static final int TOP = 15;
    /** Decimal places of money in the page (the table's exact values are rounded half up for reading). */
    public static final int MONEY_SCALE = 2;
    /** The P2P-users bar of hosts whose P2P alerts name no protocol (flow behaviour without payload). */
    static final String BEHAVIOUR_ONLY = "P2P by behaviour, protocol unknown";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** Filters the alerts table by text and type, and counts the rows shown. */
    private static final String SCRIPT = "(function(){var q=document.getElementById('filter'),"
            + "t=document.getElementById('type-filter'),n=document.getElementById('shown'),"
            + "rows=[].slice.call(document.querySelectorAll('#alerts tbody tr'));"
            + "function apply(){var s=q.value.toLowerCase(),ty=t.value,c=0;rows.forEach(function(r){"
            + "var ok=(!ty||r.getAttribute('data-type')===ty)&&(!s||r.textContent.toLowerCase().indexOf(s)>=0);"
            + "r.hidden=!ok;if(ok){c++;}});n.textContent=String(c);}"
            + "q.addEventListener('input',apply);t.addEventListener('change',apply);apply();})();";

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;max-width:1200px}"
            + "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}"
            + ".chart .axis{stroke:#555}.chart .grid{stroke:#eee}.chart .tick,.chart .label,.chart .value{font-size:11px;fill:#333}"
            + ".chart .bar{fill:#4a78b5}.chart .observed{fill:none;stroke:#1f5fa8;stroke-width:2}"
            + ".chart .expected{fill:none;stroke:#999;stroke-width:1.5;stroke-dasharray:5 4}"
            + ".chart .download{fill:none;stroke:#2e8b57;stroke-width:1}.legend .download{color:#2e8b57}"
            + ".chart .limit{stroke:#c0392b;stroke-width:1.5}.legend span{margin-right:1.2em}"
            + ".legend .observed{color:#1f5fa8}.legend .expected{color:#777}.legend .limit{color:#c0392b}"
            + "table{border-collapse:collapse;font-size:12px;width:100%}th,td{border:1px solid #ddd;padding:3px 5px;"
            + "text-align:left;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right}"
            + ".sev-CRITICAL,.sev-HIGH{color:#b00}.empty{color:#777;font-style:italic}"
            + ".filters{margin:.6em 0}.filters input{width:22em}";

    private HtmlReport() {
    }

    /** Escapes text for HTML and SVG content and attribute values. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (Character.isISOControl(cp) && cp != '\n' && cp != '\t') {
                        sb.append('\uFFFD'); // a terminal escape or NUL from a log line stays visible, inert
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }

    /** Writes the report to {@code file} (through a temporary file beside it, so a reader never sees half a page). */
    public static void write(ReportData data, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), ".report", ".html.tmp");
        try {
            Files.writeString(tmp, render(data), StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The page. */
    public static String render(ReportData d) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; ")
                .append("script-src 'sha256-").append(sha256(SCRIPT)).append("'\">")
                .append("<title>").append(escape(d.title())).append("</title><style>").append(STYLE).append("</style></head><body>");
        sb.append("<h1>").append(escape(d.title())).append("</h1>");
        sb.append("<p>Written ").append(TIME.format(d.generated())).append(" by PeerWatch: ").append(d.alerts().size())
                .append(" alerts");
        Map<String, Long> byType = d.alerts().stream()
                .collect(Collectors.groupingBy(a -> a.type().name(), TreeMap::new, Collectors.counting()));
        if (!byType.isEmpty()) {
            sb.append(" (").append(escape(byType.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")))).append(')');
        }
        sb.append(".</p>");

        bandwidth(sb, d);
        section(sb, "Alerts by type", byType.isEmpty() ? null : SvgCharts.barChart("chart-alert-types", "Alerts by type",
                byType.entrySet().stream().map(e -> new SvgCharts.Bar(e.getKey(), e.getValue())).toList(), HtmlReport::count),
                "No alerts in this run.");
        List<SvgCharts.Bar> p2p = p2pUsers(d.alerts());
        section(sb, "P2P users by protocol", p2p.isEmpty() ? null
                : SvgCharts.barChart("chart-p2p-users", "Distinct P2P hosts per protocol", p2p, HtmlReport::count),
                "No P2P user in this run.");
        List<ReportData.Talker> top = d.talkers().stream().sorted(Comparator.comparingLong(ReportData.Talker::bytes).reversed())
                .limit(TOP).toList();
        section(sb, "Top talkers", top.isEmpty() ? null : SvgCharts.barChart("chart-top-talkers", "Top talkers by bytes",
                top.stream().map(t -> new SvgCharts.Bar(t.name() + (t.p2pProtocols().isEmpty() ? "" : " (P2P)"), t.bytes()))
                        .toList(), HtmlReport::bytes), "No volume counted in this run.");
        costs(sb, d);
        alertsTable(sb, d.alerts(), byType.keySet());
        sb.append("<script>").append(SCRIPT).append("</script></body></html>\n");
        return sb.toString();
    }

    private static void bandwidth(StringBuilder sb, ReportData d) {
        List<ReportData.BandwidthPoint> pts = d.siteBandwidth();
        if (pts.isEmpty()) {
            section(sb, "Site bandwidth", null, "No site volume in this run.");
            return;
        }
        double[] x = pts.stream().mapToDouble(p -> p.startMs() + p.lengthMs() / 2.0).toArray();
        List<SvgCharts.Line> lines = new ArrayList<>();
        lines.add(new SvgCharts.Line("in and out", "observed", x, pts.stream().mapToDouble(p -> p.bitsPerSecond(p.bytes())).toArray()));
        lines.add(new SvgCharts.Line("in (downloads)", "download", x,
                pts.stream().mapToDouble(p -> p.bitsPerSecond(p.bytesIn())).toArray()));
        List<ReportData.BandwidthPoint> expected = pts.stream().filter(p -> p.expectedBytes().isPresent()).toList();
        if (!expected.isEmpty()) {
            lines.add(new SvgCharts.Line("expected in and out (baseline)", "expected",
                    expected.stream().mapToDouble(p -> p.startMs() + p.lengthMs() / 2.0).toArray(),
                    expected.stream().mapToDouble(p -> p.bitsPerSecond(p.expectedBytes().getAsLong())).toArray()));
        }
        List<SvgCharts.Limit> limits = d.linkCapacities().stream()
                .map(c -> new SvgCharts.Limit(c.name(), "limit", c.bitsPerSecond())).toList();
        StringBuilder legend = new StringBuilder("<p class=\"legend\"><span class=\"observed\">&#9473; in and out</span>"
                + "<span class=\"download\">&#9473; in (downloads)</span>");
        if (!expected.isEmpty()) {
            legend.append("<span class=\"expected\">&#9476; expected (learned baseline)</span>");
        }
        for (ReportData.Capacity c : d.linkCapacities()) {
            legend.append("<span class=\"limit\">&#9473; ").append(escape(c.name() + " " + rate(c.bitsPerSecond()))).append("</span>");
        }
        legend.append("</p>");
        section(sb, "Site bandwidth", SvgCharts.lineChart("chart-site-bandwidth", "Site bandwidth over time", lines, limits,
                HtmlReport::rate) + legend, null);
    }

    private static void costs(StringBuilder sb, ReportData d) {
        List<ReportData.CostRow> rows = d.costs().stream().sorted(Comparator.comparing(ReportData.CostRow::cost).reversed())
                .limit(TOP).toList();
        if (rows.isEmpty()) {
            section(sb, "Cost per host and user", null, "No cost estimated in this run.");
            return;
        }
        String currency = rows.get(0).currency();
        StringBuilder body = new StringBuilder(SvgCharts.barChart("chart-cost", "Estimated cost per host and user",
                rows.stream().map(r -> new SvgCharts.Bar(r.subject(), r.cost().doubleValue())).toList(),
                v -> String.format(Locale.ROOT, "%.2f %s", v, currency)));
        body.append("<table id=\"costs\"><thead><tr><th>host or user</th><th>bytes</th><th>cost so far</th>"
                + "<th>projected for the month</th></tr></thead><tbody>");
        for (ReportData.CostRow r : rows) {
            body.append("<tr><td>").append(escape(r.subject())).append("</td><td class=\"num\">").append(escape(bytes(r.bytes())))
                    .append("</td><td class=\"num\">").append(escape(money(r.cost()) + " " + r.currency()))
                    .append("</td><td class=\"num\">")
                    .append(escape(r.projected().map(p -> money(p) + " " + r.currency()).orElse("-")))
                    .append("</td></tr>");
        }
        body.append("</tbody></table>");
        section(sb, "Cost per host and user", body.toString(), null);
    }

    private static void alertsTable(StringBuilder sb, List<Alert> alerts, Set<String> types) {
        sb.append("<h2>Alerts</h2><div class=\"filters\"><label>Filter <input id=\"filter\" type=\"search\" "
                + "placeholder=\"host, protocol, evidence ...\"></label> <label>Type <select id=\"type-filter\">"
                + "<option value=\"\">all</option>");
        for (String t : types) {
            sb.append("<option>").append(escape(t)).append("</option>");
        }
        sb.append("</select></label> <span id=\"shown\">").append(alerts.size()).append("</span> of ").append(alerts.size())
                .append(" shown</div>");
        sb.append("<table id=\"alerts\"><thead><tr><th>time (UTC)</th><th>type</th><th>severity</th><th>host</th>"
                + "<th>user</th><th>protocol</th><th>confidence</th><th>bytes</th><th>cost</th><th>evidence</th><th>id</th>"
                + "</tr></thead><tbody>");
        List<Alert> sorted = alerts.stream().sorted(Comparator.comparingLong(Alert::eventTimeMs).thenComparing(Alert::id)).toList();
        for (Alert a : sorted) {
            sb.append("<tr data-type=\"").append(escape(a.type().name())).append("\"><td>")
                    .append(TIME.format(Instant.ofEpochMilli(a.eventTimeMs()))).append("</td><td>").append(escape(a.type().name()))
                    .append("</td><td class=\"sev-").append(a.severity().name()).append("\">").append(a.severity().name())
                    .append("</td><td>").append(escape(a.host().toString())).append("</td><td>")
                    .append(escape(a.user().orElse(""))).append("</td><td>").append(escape(a.protocol().orElse("")))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.2f", a.confidence()))
                    .append("</td><td class=\"num\">").append(escape(bytes(a.bytes()))).append("</td><td class=\"num\">")
                    .append(escape(money(a.estimatedCost()) + " " + a.currency())).append("</td><td>");
            for (Evidence e : a.evidence()) {
                sb.append("<div>").append(escape(e.kind())).append(": ").append(escape(e.detail()));
                if (e.count() > 1) {
                    sb.append(" (").append(e.count()).append(')');
                }
                sb.append("</div>");
            }
            sb.append("</td><td><code>").append(escape(a.id())).append("</code></td></tr>");
        }
        sb.append("</tbody></table>");
    }

    /** Distinct hosts per protocol among the P2P alerts, most first. */
    static List<SvgCharts.Bar> p2pUsers(List<Alert> alerts) {
        Map<String, Set<String>> hosts = new TreeMap<>();
        for (Alert a : alerts) {
            if (isP2p(a.type())) {
                hosts.computeIfAbsent(a.protocol().orElse(BEHAVIOUR_ONLY), k -> new TreeSet<>()).add(a.host().toString());
            }
        }
        return hosts.entrySet().stream().sorted(Map.Entry.<String, Set<String>>comparingByValue(
                Comparator.comparingInt(Set::size)).reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new SvgCharts.Bar(e.getKey(), e.getValue().size())).toList();
    }

    /** The alert types that name a P2P user. */
    public static boolean isP2p(AlertType t) {
        return t == AlertType.P2P_CLIENT || t == AlertType.P2P_BEHAVIOUR || t == AlertType.P2P_PORT_ACTIVITY;
    }

    private static void section(StringBuilder sb, String title, String body, String empty) {
        sb.append("<h2>").append(escape(title)).append("</h2>");
        if (body == null) {
            sb.append("<p class=\"empty\">").append(escape(empty)).append("</p>");
        } else {
            sb.append(body);
        }
    }

    static String money(java.math.BigDecimal v) {
        return v.setScale(MONEY_SCALE, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    static String count(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** Bytes in decimal units (MB = 10^6 bytes, as the tariff counts). */
    static String bytes(double v) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    /** A rate in bits per second, decimal units. */
    static String rate(double bps) {
        String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
        int u = 0;
        while (bps >= 1000 && u < units.length - 1) {
            bps /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", bps, units[u]);
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
