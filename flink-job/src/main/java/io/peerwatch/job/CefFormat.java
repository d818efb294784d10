package io.peerwatch.job;

import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.AlertContext;
import io.peerwatch.notice.Evidence;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Renders an alert as one ArcSight Common Event Format line, for SIEMs that ingest CEF (ArcSight,
 * QRadar, Wazuh, Splunk's CEF add-on), on the CEF topic and over syslog:
 * <pre>
 * CEF:0|PeerWatch|PeerWatch|version|ALERT_TYPE|name|severity|rt=... externalId=... src=... dst=... msg=...
 * </pre>
 * The same alert fields as the ECS JSON ({@link EcsJson}) in CEF's dictionary keys: {@code rt}
 * (event time), {@code start}/{@code end} (window), {@code externalId} (the alert id, as ECS
 * {@code event.id} and the Kafka key), {@code cat} (type), {@code src}/{@code spt},
 * {@code dst}/{@code dpt}/{@code dhost} (IPv6 in {@code c6a2}/{@code c6a3}), {@code proto},
 * {@code app}, {@code suser}, {@code request}, {@code requestMethod}, {@code in}/{@code out},
 * {@code fname}/{@code fsize}, {@code msg} (every piece of evidence, one per line), and labelled
 * custom fields for the confidence, the exact decimal cost and its currency, the bytes, the
 * peers and the suppression identifier.
 *
 * <p>Escaping follows the CEF specification (ArcSight, "Implementing ArcSight Common Event
 * Format (CEF)", revision 16 of 2010 and later revisions, section "Character encoding"): in the
 * header a backslash becomes {@code \\} and a pipe {@code \|}, and a header cannot hold line
 * breaks (each becomes a space); in extension values a backslash becomes {@code \\}, an equals
 * sign {@code \=}, a line feed {@code \n} and a carriage return {@code \r} (pipes need no
 * escape there). Keys are fixed ASCII names. So attacker-controlled evidence (file names, URLs,
 * search strings) cannot end a field or forge one. UTF-8 text.
 */
public final class CefFormat {

    /** Device vendor and product of the header. */
    public static final String VENDOR = "PeerWatch";
    /** CEF format version written. */
    public static final int CEF_VERSION = 0;

    private static final String PRODUCT_VERSION =
            Optional.ofNullable(CefFormat.class.getPackage().getImplementationVersion()).orElse("0.1.0");
    private static final int SEVERITY_LOW = 3;
    private static final int SEVERITY_MEDIUM = 5;
    private static final int SEVERITY_HIGH = 8;
    private static final int SEVERITY_CRITICAL = 10;

    private CefFormat() {
    }

    /** The CEF line of an alert (no trailing line break). */
    public static String toCef(Alert a) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("CEF:").append(CEF_VERSION);
        for (String h : new String[] {VENDOR, VENDOR, PRODUCT_VERSION, a.type().name(), EcsJson.message(a, a.host().toString()),
            Integer.toString(severity(a.severity()))}) {
            sb.append('|').append(header(h));
        }
        sb.append('|');
        Extension x = new Extension(sb);
        AlertContext c = a.context();
        x.put("rt", Long.toString(a.eventTimeMs()));
        x.put("start", Long.toString(a.windowStartMs()));
        x.put("end", Long.toString(a.windowEndMs()));
        x.put("externalId", a.id());
        x.put("cat", a.type().name());
        address(x, "src", "c6a2", "Source IPv6 Address", c.sourceIp().orElse(a.host()));
        x.put("spt", c.sourcePort());
        c.destinationIp().ifPresent(ip -> address(x, "dst", "c6a3", "Destination IPv6 Address", ip));
        x.put("dpt", c.destinationPort());
        c.destinationDomain().ifPresent(d -> x.put("dhost", d));
        c.ipProtocol().ifPresent(n -> EcsJson.transport(n).ifPresent(t -> x.put("proto", t.toUpperCase(Locale.ROOT))));
        a.protocol().ifPresent(p -> x.put("app", p));
        a.user().ifPresent(u -> x.put("suser", u));
        c.url().ifPresent(u -> x.put("request", u));
        c.httpMethod().ifPresent(m -> x.put("requestMethod", m));
        x.put("in", c.httpRequestBytes());
        x.put("out", c.httpResponseBytes());
        c.fileName().ifPresent(f -> x.put("fname", f));
        x.put("fsize", c.fileSize());
        x.put("cfp1", Double.toString(a.confidence()));
        x.put("cfp1Label", "confidence");
        x.put("cn1", Long.toString(a.bytes()));
        x.put("cn1Label", "bytes");
        x.put("cn2", Long.toString(a.distinctPeers()));
        x.put("cn2Label", "distinctPeers");
        x.put("cs1", a.identifier());
        x.put("cs1Label", "identifier");
        x.put("cs2", a.estimatedCost().toPlainString());
        x.put("cs2Label", "estimatedCost");
        x.put("cs3", a.currency());
        x.put("cs3Label", "currency");
        x.put("cs4", a.severity().name());
        x.put("cs4Label", "severity");
        x.put("msg", evidence(a));
        return sb.toString();
    }

    /** The header severity, 0-10 (ArcSight: 0-3 low, 4-6 medium, 7-8 high, 9-10 very high). */
    public static int severity(Severity s) {
        return switch (s) {
            case LOW -> SEVERITY_LOW;
            case MEDIUM -> SEVERITY_MEDIUM;
            case HIGH -> SEVERITY_HIGH;
            case CRITICAL -> SEVERITY_CRITICAL;
        };
    }

    /** Every piece of evidence, one per line: {@code kind: detail (xN)}. */
    private static String evidence(Alert a) {
        StringBuilder sb = new StringBuilder();
        for (Evidence e : a.evidence()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(e.kind()).append(": ").append(e.detail());
            if (e.count() > 1) {
                sb.append(" (x").append(e.count()).append(')');
            }
        }
        return sb.toString();
    }

    private static void address(Extension x, String v4Key, String v6Key, String v6Label, IpAddress ip) {
        if (ip.toBytes().length == 4) {
            x.put(v4Key, ip.toString());
        } else {
            x.put(v6Key, ip.toString());
            x.put(v6Key + "Label", v6Label);
        }
    }

    /** A header field: backslash and pipe escaped, line breaks made spaces. */
    static String header(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '|' -> sb.append("\\|");
                case '\r', '\n' -> sb.append(' ');
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** An extension value: backslash, equals sign and line breaks escaped. */
    static String value(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '=' -> sb.append("\\=");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** Appends {@code key=value} pairs separated by spaces. */
    private static final class Extension {
        private final StringBuilder sb;
        private boolean first = true;

        Extension(StringBuilder sb) {
            this.sb = sb;
        }

        void put(String key, String v) {
            if (!first) {
                sb.append(' ');
            }
            first = false;
            sb.append(key).append('=').append(value(v));
        }

        void put(String key, OptionalInt v) {
            v.ifPresent(n -> put(key, Integer.toString(n)));
        }

        void put(String key, OptionalLong v) {
            v.ifPresent(n -> put(key, Long.toString(n)));
        }
    }
}
