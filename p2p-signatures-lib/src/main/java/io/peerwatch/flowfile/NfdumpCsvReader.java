package io.peerwatch.flowfile;

import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.core.TextLines;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads {@code nfdump -r FILE -o csv} output (nfdump 1.6/1.7): a header line naming the columns
 * ({@code ts,te,td,sa,da,sp,dp,pr,flg,...,ipkt,ibyt,...,in,out,...,dir,...,ra,eng,...}), one line
 * per flow, then a {@code Summary} block that ends the flows. Columns are found by name.
 *
 * <pre>{@code
 * try (NfdumpCsvReader r = NfdumpCsvReader.open(Path.of("flows.csv"))) {
 *     for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) { ... }
 * }
 * }</pre>
 *
 * <p>Conventions: nfdump prints local times with whole seconds (ts, te) plus a millisecond duration
 * (td); the end is {@code ts + td} when that agrees with {@code te} to the second, else {@code te},
 * and never before the start. Counters are taken as printed (nfcapd already applied any sampling it
 * knew), so {@code samplingRate} is 1. {@code dir} 1 is egress; 0 is what nfdump prints both for
 * ingress and for "not exported", so it maps to {@link FlowDirection#UNKNOWN}. {@code ra} (router
 * address) is the exporter; {@code eng} "type/id" becomes the observation domain (type*256+id).
 */
public final class NfdumpCsvReader implements FlowFileReader {
    private static final List<String> REQUIRED = List.of("ts", "te", "sa", "da", "sp", "dp", "pr", "ipkt", "ibyt");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");
    private static final String SUMMARY = "Summary";
    private static final long MS_PER_SECOND = 1000;
    private static final Map<String, Integer> PROTOCOLS = Map.of("TCP", IpProtocol.TCP, "UDP", IpProtocol.UDP,
            "ICMP", IpProtocol.ICMP, "ICMP6", IpProtocol.ICMPV6, "GRE", 47, "ESP", 50, "AH", 51, "SCTP", 132);

    private final TextLines in;
    private final String source;
    private final ZoneId zone;
    private final BadLines bad;
    private final Map<String, Integer> columns = new HashMap<>();
    private int headerColumns;
    private long line;
    private boolean done;

    private NfdumpCsvReader(TextLines in, String source, ZoneId zone, Consumer<? super FlowFileException> onBad) {
        this.in = in;
        this.source = source;
        this.zone = zone;
        this.bad = new BadLines(onBad);
    }

    /** Opens a file with UTC times that fails at the first bad line. */
    public static NfdumpCsvReader open(Path file) throws IOException {
        return open(file, ZoneId.of("UTC"), null);
    }

    /**
     * Opens a file.
     *
     * @param zone the time zone nfdump printed local times in
     * @param onBadLine receives each bad line and reading continues; null to throw at the first
     * @throws FlowFileException when the first line is not an nfdump CSV header
     */
    public static NfdumpCsvReader open(Path file, ZoneId zone, Consumer<? super FlowFileException> onBadLine)
            throws IOException {
        return of(Files.newInputStream(file), file.getFileName().toString(), zone, onBadLine);
    }

    /**
     * Reads from an open stream of UTF-8 text (closed by {@link #close()}), one line at a time: a
     * line that is not UTF-8 or longer than {@link TextLines#DEFAULT_MAX_LINE_BYTES} is a bad line;
     * {@code source} names the input in messages.
     */
    public static NfdumpCsvReader of(InputStream input, String source, ZoneId zone,
            Consumer<? super FlowFileException> onBadLine) throws IOException {
        NfdumpCsvReader r = new NfdumpCsvReader(TextLines.of(input, TextLines.DEFAULT_MAX_LINE_BYTES), source, zone,
                onBadLine);
        r.readHeader();
        return r;
    }

    private void readHeader() throws IOException {
        TextLines.Line first = in.next();
        line = 1;
        if (first == null) {
            in.close();
            throw new FlowFileException(source, 0, "empty file, expected an nfdump CSV header");
        }
        if (first.fault().isPresent()) {
            in.close();
            throw new FlowFileException(source, 1, "not an nfdump CSV header: " + first.reason());
        }
        String header = first.text();
        String[] names = header.split(",", -1);
        headerColumns = names.length;
        for (int i = 0; i < names.length; i++) {
            columns.putIfAbsent(names[i].trim(), i);
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                in.close();
                throw new FlowFileException(source, 1, "not an nfdump CSV header (no column '" + required + "'): '"
                        + abbreviate(header) + "'");
            }
        }
    }

    @Override
    public Optional<FlowRecord> next() throws IOException {
        while (!done) {
            TextLines.Line l = in.next();
            line++;
            if (l == null || l.text().equals(SUMMARY)) {
                done = true;
                break;
            }
            if (l.fault().isPresent()) {
                bad.handle(new FlowFileException(source, line, l.reason()));
                continue;
            }
            String text = l.text();
            if (text.isBlank()) {
                continue;
            }
            try {
                return Optional.of(parse(text.split(",", -1)));
            } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
                bad.handle(new FlowFileException(source, line, e.getMessage()));
            }
        }
        return Optional.empty();
    }

    private FlowRecord parse(String[] c) {
        if (c.length != headerColumns) {
            throw new IllegalArgumentException("expected " + headerColumns + " columns, found " + c.length);
        }
        long start = time(c, "ts");
        long te = time(c, "te");
        long end = te;
        Optional<String> td = optional(c, "td");
        if (td.isPresent()) {
            long duration = millis(td.get());
            if (duration >= 0 && Math.abs(start + duration - te) < MS_PER_SECOND) {
                end = start + duration;
            }
        }
        int protocol = protocol(get(c, "pr"));
        int dstPort = port(get(c, "dp"), "destination port");
        FlowRecord.Builder b = FlowRecord.builder()
                .time(start, Math.max(start, end))
                .src(address(get(c, "sa"), "source"), port(get(c, "sp"), "source port"))
                .dst(address(get(c, "da"), "destination"), dstPort)
                .ipProtocol(protocol)
                .tcpFlags(optional(c, "flg").map(NfdumpCsvReader::flags).orElse(0))
                .counters(count(get(c, "ipkt"), "packets"), count(get(c, "ibyt"), "bytes"))
                .interfaces(optional(c, "in").map(v -> (int) count(v, "input interface")).orElse(0),
                        optional(c, "out").map(v -> (int) count(v, "output interface")).orElse(0))
                .direction(optional(c, "dir").filter("1"::equals).isPresent() ? FlowDirection.EGRESS
                        : FlowDirection.UNKNOWN)
                .sourceKind(FlowSourceKind.NFDUMP_CSV);
        optional(c, "ra").map(v -> address(v, "router")).filter(a -> !a.equals(IpAddress.ofV4(0)))
                .ifPresent(b::exporter);
        optional(c, "eng").ifPresent(v -> {
            int slash = v.indexOf('/');
            if (slash > 0) {
                b.observationDomain(count(v.substring(0, slash), "engine type") * 256
                        + count(v.substring(slash + 1), "engine id"));
            }
        });
        return b.build();
    }

    private String get(String[] c, String name) {
        return c[columns.get(name)].trim();
    }

    private Optional<String> optional(String[] c, String name) {
        Integer i = columns.get(name);
        return i == null ? Optional.empty() : Optional.of(c[i].trim()).filter(s -> !s.isEmpty());
    }

    private long time(String[] c, String name) {
        String v = get(c, name);
        try {
            return LocalDateTime.parse(v, TIME).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time in column " + name + ": '" + v + "'");
        }
    }

    /**
     * Seconds with a fraction, as nfdump prints durations, to milliseconds; -1 for a duration no
     * long holds (nfdump prints a flow whose exporter sent its end before its start as 2^64 ms less
     * the difference, e.g. 18446744073709552.000), which then does not agree with {@code te}.
     */
    private static long millis(String seconds) {
        try {
            return new BigDecimal(seconds).movePointRight(3).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + seconds + "'");
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static IpAddress address(String v, String what) {
        try {
            return IpAddress.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + what + " address '" + abbreviate(v) + "'");
        }
    }

    /** A port, or for ICMP nfdump's "type.code" form, as type*256+code. */
    private static int port(String v, String what) {
        int dot = v.indexOf('.');
        if (dot > 0) {
            return (int) (count(v.substring(0, dot), what) * 256 + count(v.substring(dot + 1), what));
        }
        long p = count(v, what);
        if (p > 0xffff) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
        return (int) p;
    }

    private static int protocol(String v) {
        Integer known = PROTOCOLS.get(v.toUpperCase(java.util.Locale.ROOT));
        if (known != null) {
            return known;
        }
        long p = count(v, "protocol");
        if (p > 255) {
            throw new IllegalArgumentException("protocol out of range: " + v);
        }
        return (int) p;
    }

    private static long count(String v, String what) {
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + abbreviate(v) + "'");
        }
    }

    /**
     * nfdump's flag string, one position per flag, right-aligned: "CEUAPRSF" (1.7) or "UAPRSF" (1.6);
     * a dot means not set.
     */
    static int flags(String v) {
        int flags = 0;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(v.length() - 1 - i);
            if (ch != '.') {
                if (i >= 8) {
                    throw new IllegalArgumentException("bad TCP flags '" + abbreviate(v) + "'");
                }
                flags |= 1 << i;
            }
        }
        return flags;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    @Override
    public FlowFileFormat format() {
        return FlowFileFormat.NFDUMP_CSV;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public long skipped() {
        return bad.skipped();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
