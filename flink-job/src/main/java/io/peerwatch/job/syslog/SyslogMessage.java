package io.peerwatch.job.syslog;

import io.peerwatch.core.Severity;
import io.peerwatch.job.CefFormat;
import io.peerwatch.notice.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One alert as an RFC 5424 syslog message carrying its CEF line, framed by octet counting
 * (RFC 6587 section 3.4.1: {@code MSG-LEN SP SYSLOG-MSG}, the length in bytes):
 * <pre>
 * 312 &lt;132&gt;1 2026-11-25T10:01:00.123Z sensor1 peerwatch - P2P_CLIENT - CEF:0|PeerWatch|...
 * </pre>
 * PRI is facility * 8 + severity (RFC 5424 6.2.1: CRITICAL is 2 crit, HIGH 3 err, MEDIUM 4
 * warning, LOW 5 notice); the TIMESTAMP is the alert's event time; MSGID the alert type; no
 * structured data; the MSG is the CEF line as UTF-8 without a BOM (RFC 5424's MSG-ANY).
 */
public final class SyslogMessage {

    /** RFC 5424 VERSION. */
    static final int VERSION = 1;
    private static final String NIL = "-";
    private static final int MAX_HOSTNAME = 255;
    private static final int CRIT = 2;
    private static final int ERR = 3;
    private static final int WARNING = 4;
    private static final int NOTICE = 5;
    private static final int FACILITY_SHIFT = 8;
    private static final int FIRST_PRINTABLE = 33;
    private static final int LAST_PRINTABLE = 126;

    private SyslogMessage() {
    }

    /** The framed message ({@code MSG-LEN SP SYSLOG-MSG}) as bytes. */
    public static byte[] framed(Alert a, SyslogConfig c, String hostname) {
        byte[] msg = message(a, c, hostname).getBytes(StandardCharsets.UTF_8);
        byte[] len = (msg.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[len.length + msg.length];
        System.arraycopy(len, 0, out, 0, len.length);
        System.arraycopy(msg, 0, out, len.length, msg.length);
        return out;
    }

    /** The RFC 5424 message (unframed). */
    public static String message(Alert a, SyslogConfig c, String hostname) {
        int pri = c.facility() * FACILITY_SHIFT + severity(a.severity());
        String host = hostname.isEmpty() || hostname.length() > MAX_HOSTNAME || !printable(hostname) ? NIL : hostname;
        return "<" + pri + ">" + VERSION + " " + Instant.ofEpochMilli(a.eventTimeMs()) + " " + host + " " + c.appName()
                + " " + NIL + " " + a.type().name() + " " + NIL + " " + CefFormat.toCef(a);
    }

    /** The syslog severity of an alert severity. */
    static int severity(Severity s) {
        return switch (s) {
            case CRITICAL -> CRIT;
            case HIGH -> ERR;
            case MEDIUM -> WARNING;
            case LOW -> NOTICE;
        };
    }

    /** RFC 5424 PRINTUSASCII: every character within 33-126. */
    static boolean printable(String s) {
        return s.chars().allMatch(ch -> ch >= FIRST_PRINTABLE && ch <= LAST_PRINTABLE);
    }
}
