package io.peerwatch.proxy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A proxy log format: the built-in Squid formats, any Squid {@code logformat} specification,
 * or Zeek's {@code http.log} (TSV or JSON lines). Immutable; {@link #newParser()} gives a
 * parser for one file or stream.
 *
 * <pre>{@code
 * ProxyLogFormat f = ProxyLogFormat.detect(firstLines).orElse(ProxyLogFormat.SQUID_NATIVE);
 * ProxyLogFormat custom = ProxyLogFormat.logformat("%ts.%03tu %>a %Ss/%03>Hs %<st %>st %rm %ru %un");
 * ProxyLogParser p = f.newParser();
 * }</pre>
 *
 * <p>Built-in definitions (Squid's own, see https://www.squid-cache.org/Doc/config/logformat/):
 * <ul>
 * <li>{@link #SQUID_NATIVE}: {@value #SQUID_SPEC}; text after the last field (Squid's
 *     {@code log_mime_hdrs}) is ignored;
 * <li>{@link #COMMON}: {@value #COMMON_SPEC}; the trailing {@code %Ss:%Sh} may be missing, so
 *     Apache common lines parse too;
 * <li>{@link #COMBINED}: {@value #COMBINED_SPEC}; likewise for Apache combined lines.
 * </ul>
 */
public final class ProxyLogFormat {

    /** The kind of format. */
    public enum Kind {
        /** Squid's native {@code squid} format. */
        SQUID_NATIVE,
        /** Squid's {@code common} (CLF) format, also Apache common. */
        COMMON,
        /** Squid's {@code combined} format, also Apache combined. */
        COMBINED,
        /** A custom Squid {@code logformat} specification. */
        SQUID_LOGFORMAT,
        /** Zeek {@code http.log}, tab-separated with {@code #fields} header. */
        ZEEK_HTTP_TSV,
        /** Zeek {@code http.log}, one JSON object per line. */
        ZEEK_HTTP_JSON
    }

    /** Squid's built-in {@code squid} format. */
    public static final String SQUID_SPEC = "%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt";
    /** Squid's built-in {@code common} format. */
    public static final String COMMON_SPEC = "%>a %[ui %[un [%tl] \"%rm %ru HTTP/%rv\" %>Hs %<st %Ss:%Sh";
    /** Squid's built-in {@code combined} format. */
    public static final String COMBINED_SPEC = "%>a %[ui %[un [%tl] \"%rm %ru HTTP/%rv\" %>Hs %<st"
            + " \"%{Referer}>h\" \"%{User-Agent}>h\" %Ss:%Sh";

    public static final ProxyLogFormat SQUID_NATIVE = new ProxyLogFormat(Kind.SQUID_NATIVE, SQUID_SPEC);
    public static final ProxyLogFormat COMMON = new ProxyLogFormat(Kind.COMMON, COMMON_SPEC);
    public static final ProxyLogFormat COMBINED = new ProxyLogFormat(Kind.COMBINED, COMBINED_SPEC);
    public static final ProxyLogFormat ZEEK_HTTP_TSV = new ProxyLogFormat(Kind.ZEEK_HTTP_TSV, null);
    public static final ProxyLogFormat ZEEK_HTTP_JSON = new ProxyLogFormat(Kind.ZEEK_HTTP_JSON, null);

    /** How many lines {@link #detect} looks at, at most. */
    public static final int DETECT_MAX_LINES = 50;

    private static final List<ProxyLogFormat> DETECT_ORDER = List.of(SQUID_NATIVE, COMBINED, COMMON);

    private final Kind kind;
    private final LogformatSpec spec;

    private ProxyLogFormat(Kind kind, String specText) {
        this.kind = kind;
        this.spec = specText == null ? null : LogformatSpec.compile(specText);
    }

    /**
     * A custom Squid format. Accepts the specification or a whole squid.conf line
     * ({@code logformat NAME SPEC}).
     *
     * @throws IllegalArgumentException for an unknown {@code %} code (naming it and its column),
     *     or when the format lacks a client address, time, method or URL code
     */
    public static ProxyLogFormat logformat(String spec) {
        return new ProxyLogFormat(Kind.SQUID_LOGFORMAT, spec);
    }

    /**
     * The format of a CLI {@code --format} value: {@code squid} (or {@code native}),
     * {@code common}, {@code combined}, {@code zeek} (or {@code zeek-tsv}), {@code zeek-json}, or
     * {@code logformat:SPEC} / any text containing {@code %} for a custom Squid format.
     *
     * @throws IllegalArgumentException for an unknown name or a bad specification
     */
    public static ProxyLogFormat named(String name) {
        String n = name.strip();
        if (n.startsWith("logformat:")) {
            return logformat(n.substring("logformat:".length()));
        }
        if (n.indexOf('%') >= 0) {
            return logformat(n);
        }
        return switch (n.toLowerCase(Locale.ROOT)) {
            case "squid", "native", "squid-native" -> SQUID_NATIVE;
            case "common", "clf" -> COMMON;
            case "combined" -> COMBINED;
            case "zeek", "zeek-tsv", "zeek-http" -> ZEEK_HTTP_TSV;
            case "zeek-json" -> ZEEK_HTTP_JSON;
            default -> throw new IllegalArgumentException("unknown proxy log format '" + name
                    + "' (use squid, common, combined, zeek, zeek-json or logformat:SPEC)");
        };
    }

    /**
     * The format an {@code access_log} in a squid.conf uses when it names {@code formatName}: a
     * {@code logformat formatName ...} line of the file wins, else the built-in of that name.
     *
     * @throws IllegalArgumentException when the name is neither defined nor built in
     */
    public static ProxyLogFormat fromSquidConf(List<String> squidConfLines, String formatName) {
        for (String line : squidConfLines) {
            String[] parts = line.strip().split("\\s+", 3);
            if (parts.length == 3 && parts[0].equals("logformat") && parts[1].equals(formatName)) {
                return logformat(parts[2]);
            }
        }
        return switch (formatName) {
            case "squid" -> SQUID_NATIVE;
            case "common" -> COMMON;
            case "combined" -> COMBINED;
            default -> throw new IllegalArgumentException("logformat '" + formatName + "' is not defined in the file");
        };
    }

    /**
     * Guesses the format from the first lines of a log: Zeek headers and JSON objects are
     * recognised by their shape; otherwise each Squid format parses the (at most
     * {@link #DETECT_MAX_LINES}) non-blank lines and the one that parses most wins, if it parses
     * at least half of them.
     *
     * @return empty when no format fits (the caller should ask for {@code --format})
     */
    public static Optional<ProxyLogFormat> detect(List<String> firstLines) {
        List<String> lines = firstLines.stream().map(String::strip).filter(s -> !s.isEmpty())
                .limit(DETECT_MAX_LINES).toList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        if (lines.get(0).startsWith("#separator") || lines.get(0).startsWith("#fields")) {
            return Optional.of(ZEEK_HTTP_TSV);
        }
        if (lines.get(0).startsWith("{") && lines.get(0).contains("\"id.orig_h\"")) {
            return Optional.of(ZEEK_HTTP_JSON);
        }
        ProxyLogFormat best = null;
        int bestOk = 0;
        for (ProxyLogFormat f : DETECT_ORDER) {
            ProxyLogParser p = f.newParser();
            int ok = 0;
            long n = 0;
            for (String line : lines) {
                try {
                    if (p.parse(line, "detect", ++n).isPresent()) {
                        ok++;
                    }
                } catch (ProxyLogException e) {
                    // counts as a miss
                }
            }
            if (ok > bestOk) {
                best = f;
                bestOk = ok;
            }
        }
        return bestOk * 2 >= lines.size() ? Optional.ofNullable(best) : Optional.empty();
    }

    /** A new parser for one file or stream (see {@link ProxyLogParser} on sharing). */
    public ProxyLogParser newParser() {
        return switch (kind) {
            case SQUID_NATIVE -> new LogformatParser(this, spec, -1, true);
            case COMMON, COMBINED -> new LogformatParser(this, spec, optionalTail(), false);
            case SQUID_LOGFORMAT -> new LogformatParser(this, spec, -1, false);
            case ZEEK_HTTP_TSV -> ZeekHttpParser.tsv(this);
            case ZEEK_HTTP_JSON -> ZeekHttpParser.json(this);
        };
    }

    /** The space before the trailing {@code %Ss:%Sh}, which Apache lines lack. */
    private int optionalTail() {
        List<LogformatSpec.Element> el = spec.elements();
        for (int i = el.size() - 1; i >= 0; i--) {
            if (el.get(i).kind() == LogformatSpec.Kind.FIELD && "Ss".equals(el.get(i).code())) {
                return i - 1;
            }
        }
        return -1;
    }

    public Kind kind() {
        return kind;
    }

    /** Short name: {@code squid}, {@code common}, {@code combined}, {@code logformat}, {@code zeek}, {@code zeek-json}. */
    public String name() {
        return switch (kind) {
            case SQUID_NATIVE -> "squid";
            case COMMON -> "common";
            case COMBINED -> "combined";
            case SQUID_LOGFORMAT -> "logformat";
            case ZEEK_HTTP_TSV -> "zeek";
            case ZEEK_HTTP_JSON -> "zeek-json";
        };
    }

    /** The Squid specification, for the Squid kinds. */
    public Optional<String> logformatSpec() {
        return Optional.ofNullable(spec).map(LogformatSpec::spec);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyLogFormat f && f.kind == kind
                && Objects.equals(logformatSpec(), f.logformatSpec());
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, logformatSpec());
    }

    @Override
    public String toString() {
        return spec == null ? name() : name() + "(" + spec.spec() + ")";
    }
}
