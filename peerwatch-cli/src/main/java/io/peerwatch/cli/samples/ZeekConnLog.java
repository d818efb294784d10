package io.peerwatch.cli.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The sample connections as a Zeek {@code conn.log} in Zeek's tab-separated format (Zeek
 * documentation, "Zeek Logs" / conn.log and the ASCII writer): the header lines
 * {@code #separator #set_separator #empty_field #unset_field #path #open #fields #types}, one line per
 * connection, {@code #close}. Unique ids are made from the connection's position, as Zeek's are
 * opaque.
 */
final class ZeekConnLog {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
    private static final String FIELDS = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration"
            + "\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes"
            + "\tresp_pkts\tresp_ip_bytes\ttunnel_parents";
    private static final String TYPES = "time\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring"
            + "\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]";
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private ZeekConnLog() {
    }

    static void write(Path file, List<Conn> conns, long openMs, long closeMs) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n");
        s.append("#open\t").append(STAMP.format(Instant.ofEpochMilli(openMs))).append('\n');
        s.append("#fields\t").append(FIELDS).append('\n');
        s.append("#types\t").append(TYPES).append('\n');
        for (int i = 0; i < conns.size(); i++) {
            Conn c = conns.get(i);
            String proto = c.proto() == Frames.PROTO_TCP ? "tcp" : "udp";
            s.append(String.format(Locale.ROOT, "%d.%06d", c.startMs() / 1000, c.startMs() % 1000 * 1000)).append('\t')
                    .append(uid(i)).append('\t')
                    .append(c.orig()).append('\t').append(c.origPort()).append('\t')
                    .append(c.resp()).append('\t').append(c.respPort()).append('\t')
                    .append(proto).append('\t').append(c.service()).append('\t')
                    .append(String.format(Locale.ROOT, "%d.%06d", c.durationMs() / 1000, c.durationMs() % 1000 * 1000))
                    .append('\t').append(Conn.payload(c.proto(), c.origPkts(), c.origIpBytes()))
                    .append('\t').append(Conn.payload(c.proto(), c.respPkts(), c.respIpBytes()))
                    .append('\t').append(c.state())
                    .append('\t').append(c.orig().toString().startsWith("10.") ? 'T' : 'F')
                    .append('\t').append(c.resp().toString().startsWith("10.") ? 'T' : 'F')
                    .append("\t0\t").append(c.history())
                    .append('\t').append(c.origPkts()).append('\t').append(c.origIpBytes())
                    .append('\t').append(c.respPkts()).append('\t').append(c.respIpBytes())
                    .append("\t-\n");
        }
        s.append("#close\t").append(STAMP.format(Instant.ofEpochMilli(closeMs))).append('\n');
        Files.writeString(file, s, StandardCharsets.US_ASCII);
    }

    /** A Zeek-looking unique id: C and 17 base-62 digits derived from the position. */
    private static String uid(int i) {
        StringBuilder u = new StringBuilder("C");
        long v = (i + 1) * 0x9E3779B97F4A7C15L;
        for (int k = 0; k < 17; k++) {
            u.append(BASE62[(int) Long.remainderUnsigned(v, 62)]);
            v = Long.divideUnsigned(v, 62) ^ (v << 7);
        }
        return u.toString();
    }
}
