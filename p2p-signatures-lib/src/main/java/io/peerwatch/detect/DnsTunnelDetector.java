package io.peerwatch.detect;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.dns.DnsObservation;
import io.peerwatch.internal.StateBinary;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.NoticePolicy;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@link AlertType#DNS_TUNNEL} judged per host and registered domain over a window, across all
 * the host's DNS flows (every query of a stub resolver may be its own flow) and whether the host
 * asks the tunnel server directly or through its recursive resolver: a tunnel puts data into the
 * names it asks under a domain its server answers for, so one host asks many distinct, long,
 * encoded names under one domain, usually of unusual types with large answers (RFC 1035 §3.2.2
 * types; iodine: NULL, PRIVATE, TXT, SRV, MX, CNAME or A with base32/64/128 names; dns2tcp: TXT
 * or KEY with base64 names).
 *
 * <p>Required, per (host, registered domain) and window: at least
 * {@link DnsTunnelConfig#minDistinctNames()} distinct question names carrying at least
 * {@link DnsTunnelConfig#minLabelBytes()} bytes in their chosen labels (the name less the registered
 * domain), and either at least {@link DnsTunnelConfig#minEncodedShare()} of those names encoded
 * (chosen labels of {@link DnsTunnelConfig#minEncodedPrefix()}+ characters with bytes no host name
 * uses, or at least {@link DnsTunnelConfig#minPrefixEntropy()} bits of entropy per character), or
 * unusual record types together with large answers. Supporting reasons raise the confidence:
 * unusual record types, large answers, query rate, NXDOMAIN share, binary or mixed-case characters.
 * Ordinary lookups of the same host under other domains never mix in (other keys), and repeated
 * names count once, so a busy site with a few short host names stays clean. The per-packet
 * signature ({@code DNS_TUNNEL}) remains a fast first hint on a single flow.
 *
 * <p>The alert carries the domain, the counts, the estimated bytes moved (chosen-label bytes up,
 * response bytes down) and every reason. Its identifier is host and domain, the same as the
 * per-flow alert's, so one tunnel gives one alert per suppression interval.
 */
public final class DnsTunnelDetector implements KeyedWindowDetector<DnsObservation, DnsTunnelDetector.Window> {

    /** Key separator between host and domain. */
    static final char SEPARATOR = '|';
    /** Evidence kind of the registered domain the alert is about (the detail is the domain). */
    public static final String EVIDENCE_DOMAIN = "domain";
    /**
     * Evidence kind of an example query name of the window: the name as queried, or shortened to
     * {@value #EXAMPLE_LENGTH} characters with {@code "..."} appended, bytes outside printable
     * ASCII and backslashes written {@code \xHH}.
     */
    public static final String EVIDENCE_EXAMPLE = "example";
    private static final int EXAMPLES = 2;
    /** Longest example name kept as it is. */
    public static final int EXAMPLE_LENGTH = 80;
    private static final int PRIVATE_FIRST = 65280;
    private static final int PRIVATE_LAST = 65534;
    private static final int[] UNUSUAL = {5, 10, 15, 16, 25, 33}; // CNAME NULL MX TXT KEY SRV
    private static final long MILLIS_PER_SECOND = 1000;

    private final DnsTunnelConfig config;
    private final NoticePolicy policy;

    public DnsTunnelDetector(DnsTunnelConfig config, NoticePolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    /** The thresholds in use. */
    public DnsTunnelConfig config() {
        return config;
    }

    @Override
    public Duration window() {
        return config.window();
    }

    /** {@code host|domain}; empty for allowed domains. */
    @Override
    public Optional<String> keyOf(DnsObservation o) {
        if (config.allowedDomains().contains(o.domain())) {
            return Optional.empty();
        }
        return Optional.of(key(o.client(), o.domain()));
    }

    /** The key of a host and a registered domain. */
    public static String key(IpAddress host, String domain) {
        return host + String.valueOf(SEPARATOR) + domain;
    }

    /** The suppression identifier of a DNS tunnel of {@code host} under {@code domain} (also used per flow). */
    public static String identifier(IpAddress host, String domain) {
        return host + " DNS_Tunnel " + domain;
    }

    @Override
    public long timeOf(DnsObservation o) {
        return o.timeMs();
    }

    @Override
    public Window newWindow() {
        return new Window();
    }

    @Override
    public void merge(Window into, Window other) {
        into.merge(other, config.maxTrackedNames());
    }

    /**
     * Per (host, domain) accumulator. Not thread-safe. Kept as state in the binary form of
     * {@link #writeTo} / {@link #readFrom}.
     */
    public static final class Window {
        /** Version of the binary form. */
        public static final int FORMAT_VERSION = 1;
        private static final String WHAT = "DnsTunnelDetector.Window";

        long queries;
        long responses;
        long nxdomain;
        long unusualTypes;
        long answerBytes;
        long maxAnswer;
        long distinct;
        long labelBytes;
        long encoded;
        long binaryOrMixed;
        double entropySum;
        long judged;
        long firstMs = Long.MAX_VALUE;
        long lastMs = Long.MIN_VALUE;
        boolean capped;
        final Set<Long> names = new HashSet<>();
        final List<String> examples = new ArrayList<>();
        /** Query count per type bucket: A, AAAA, TXT, NULL, CNAME, MX, SRV, KEY, private, other. */
        final long[] types = new long[TYPE_NAMES.length];

        /** Queries seen. */
        public long queries() {
            return queries;
        }

        /** Distinct question names seen (up to the tracking cap). */
        public long distinctNames() {
            return distinct;
        }

        void merge(Window o, int maxNames) {
            queries += o.queries;
            responses += o.responses;
            nxdomain += o.nxdomain;
            unusualTypes += o.unusualTypes;
            answerBytes += o.answerBytes;
            maxAnswer = Math.max(maxAnswer, o.maxAnswer);
            for (Long n : o.names) {
                if (!names.contains(n) && names.size() < maxNames) {
                    names.add(n);
                }
            }
            // distinct-name statistics of the other window are added as they are (a name seen in both counts twice)
            distinct += o.distinct;
            labelBytes += o.labelBytes;
            encoded += o.encoded;
            binaryOrMixed += o.binaryOrMixed;
            entropySum += o.entropySum;
            judged += o.judged;
            firstMs = Math.min(firstMs, o.firstMs);
            lastMs = Math.max(lastMs, o.lastMs);
            capped |= o.capped;
            for (String e : o.examples) {
                if (examples.size() < EXAMPLES) {
                    examples.add(e);
                }
            }
            for (int i = 0; i < types.length; i++) {
                types[i] += o.types[i];
            }
        }

        /** Writes the binary form: {@link #FORMAT_VERSION}, then every field. */
        public void writeTo(DataOutput out) throws IOException {
            StateBinary.writeVersion(out, FORMAT_VERSION);
            for (long v : new long[] {queries, responses, nxdomain, unusualTypes, answerBytes, maxAnswer, distinct,
                labelBytes, encoded, binaryOrMixed, judged, firstMs, lastMs}) {
                out.writeLong(v);
            }
            out.writeDouble(entropySum);
            out.writeBoolean(capped);
            StateBinary.writeCount(out, names.size());
            for (Long n : names) {
                out.writeLong(n);
            }
            StateBinary.writeCount(out, examples.size());
            for (String e : examples) {
                StateBinary.writeString(out, e);
            }
            for (long t : types) {
                out.writeLong(t);
            }
        }

        /** Reads what {@link #writeTo} wrote. */
        public static Window readFrom(DataInput in) throws IOException {
            StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
            Window w = new Window();
            w.queries = in.readLong();
            w.responses = in.readLong();
            w.nxdomain = in.readLong();
            w.unusualTypes = in.readLong();
            w.answerBytes = in.readLong();
            w.maxAnswer = in.readLong();
            w.distinct = in.readLong();
            w.labelBytes = in.readLong();
            w.encoded = in.readLong();
            w.binaryOrMixed = in.readLong();
            w.judged = in.readLong();
            w.firstMs = in.readLong();
            w.lastMs = in.readLong();
            w.entropySum = in.readDouble();
            w.capped = in.readBoolean();
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                w.names.add(in.readLong());
            }
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                w.examples.add(StateBinary.readPresentString(in, WHAT));
            }
            for (int i = 0; i < w.types.length; i++) {
                w.types[i] = in.readLong();
            }
            return w;
        }
    }

    private static final String[] TYPE_NAMES = {"A", "AAAA", "TXT", "NULL", "CNAME", "MX", "SRV", "KEY", "private", "other"};

    private static int typeBucket(int qtype) {
        return switch (qtype) {
            case 1 -> 0;
            case 28 -> 1;
            case 16 -> 2;
            case 10 -> 3;
            case 5 -> 4;
            case 15 -> 5;
            case 33 -> 6;
            case 25 -> 7;
            default -> qtype >= PRIVATE_FIRST && qtype <= PRIVATE_LAST ? 8 : 9;
        };
    }

    private static boolean unusual(int qtype) {
        for (int t : UNUSUAL) {
            if (t == qtype) {
                return true;
            }
        }
        return qtype >= PRIVATE_FIRST && qtype <= PRIVATE_LAST;
    }

    @Override
    public void observe(Window w, DnsObservation o) {
        w.firstMs = Math.min(w.firstMs, o.timeMs());
        w.lastMs = Math.max(w.lastMs, o.timeMs());
        if (o.response()) {
            w.responses++;
            w.answerBytes += o.messageBytes();
            w.maxAnswer = Math.max(w.maxAnswer, o.messageBytes());
            if (o.rcode() == DnsObservation.NXDOMAIN) {
                w.nxdomain++;
            }
            return;
        }
        w.queries++;
        w.types[typeBucket(o.qtype())]++;
        if (unusual(o.qtype())) {
            w.unusualTypes++;
        }
        long hash = hash(o.qname());
        if (w.names.contains(hash)) {
            return;
        }
        if (w.names.size() >= config.maxTrackedNames()) {
            w.capped = true;
            return;
        }
        w.names.add(hash);
        w.distinct++;
        String prefix = o.prefix();
        w.labelBytes += prefix.length();
        if (w.examples.size() < EXAMPLES) {
            w.examples.add(printable(o.qname()));
        }
        if (prefix.length() < config.minEncodedPrefix()) {
            return;
        }
        w.judged++;
        Chars c = Chars.of(prefix);
        w.entropySum += c.entropy;
        if (c.binary || c.mixedCaseWithDigits) {
            w.binaryOrMixed++;
        }
        if (c.binary || c.entropy >= config.minPrefixEntropy()) {
            w.encoded++;
        }
    }

    /** Character statistics of chosen labels (dots between labels left out). */
    record Chars(double entropy, boolean binary, boolean mixedCaseWithDigits) {
        static Chars of(String s) {
            int[] counts = new int[256];
            int n = 0;
            boolean binary = false;
            boolean lower = false;
            boolean upper = false;
            boolean digit = false;
            for (int i = 0; i < s.length(); i++) {
                int c = s.charAt(i) & 0xff;
                if (c == '.') {
                    continue;
                }
                counts[c]++;
                n++;
                lower |= c >= 'a' && c <= 'z';
                upper |= c >= 'A' && c <= 'Z';
                digit |= c >= '0' && c <= '9';
                binary |= !(c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
            }
            double bits = 0;
            for (int k : counts) {
                if (k > 0) {
                    double p = (double) k / n;
                    bits -= p * Math.log(p);
                }
            }
            return new Chars(n == 0 ? 0 : bits / Math.log(2), binary, lower && upper && digit);
        }
    }

    @Override
    public Optional<Alert> evaluate(Window w, String key, long windowStartMs, long windowEndMs) {
        int sep = key.indexOf(SEPARATOR);
        if (sep < 0 || w.queries == 0) {
            return Optional.empty();
        }
        DnsTunnelConfig c = config;
        double encodedShare = w.distinct == 0 ? 0 : (double) w.encoded / w.distinct;
        double typeShare = (double) w.unusualTypes / w.queries;
        double meanAnswer = w.responses == 0 ? 0 : (double) w.answerBytes / w.responses;
        double seconds = Math.max(1.0, (w.lastMs - w.firstMs) / (double) MILLIS_PER_SECOND);
        double rate = w.queries / seconds;
        double nxShare = w.responses == 0 ? 0 : (double) w.nxdomain / w.responses;
        boolean volume = w.distinct >= c.minDistinctNames() && w.labelBytes >= c.minLabelBytes();
        boolean encodedNames = encodedShare >= c.minEncodedShare();
        boolean types = typeShare >= c.minUnusualTypeShare();
        boolean answers = meanAnswer >= c.minMeanAnswerBytes();
        if (!volume || !(encodedNames || types && answers)) {
            return Optional.empty();
        }
        IpAddress host = IpAddress.parse(key.substring(0, sep));
        String domain = key.substring(sep + 1);
        List<Evidence> ev = new ArrayList<>();
        ev.add(new Evidence(EVIDENCE_DOMAIN, domain, 1));
        ev.add(new Evidence("distinct-names", w.distinct + " distinct names in " + w.queries + " queries, "
                + w.labelBytes + " bytes in the chosen labels" + (w.capped ? " (count capped)" : ""), Math.max(1, w.distinct)));
        int reasons = 0;
        if (encodedNames) {
            ev.add(new Evidence("encoded-names", String.format(Locale.ROOT,
                    "%.0f%% of the names carry encoded labels (mean entropy %.1f bits/char)", 100 * encodedShare,
                    w.judged == 0 ? 0 : w.entropySum / w.judged), Math.max(1, w.encoded)));
        }
        if (types) {
            reasons++;
            ev.add(new Evidence("record-types", typeMix(w), Math.max(1, w.unusualTypes)));
        }
        if (answers) {
            reasons++;
            ev.add(new Evidence("answer-sizes", String.format(Locale.ROOT, "answers of %.0f bytes on average, %d at most",
                    meanAnswer, w.maxAnswer), Math.max(1, w.responses)));
        }
        if (rate >= c.minQueryRate()) {
            reasons++;
            ev.add(new Evidence("query-rate", String.format(Locale.ROOT, "%.1f queries/s", rate), w.queries));
        }
        if (nxShare >= c.minNxdomainShare()) {
            reasons++;
            ev.add(new Evidence("nxdomain", String.format(Locale.ROOT, "%.0f%% NXDOMAIN", 100 * nxShare), Math.max(1, w.nxdomain)));
        }
        if (w.binaryOrMixed > 0) {
            reasons++;
            ev.add(new Evidence("characters", w.binaryOrMixed + " names with binary bytes or mixed case and digits",
                    w.binaryOrMixed));
        }
        long up = w.labelBytes;
        long down = w.answerBytes;
        ev.add(new Evidence("estimated-bytes", "about " + up + " bytes up in names, " + down + " bytes down in answers", 1));
        for (String e : w.examples) {
            ev.add(new Evidence(EVIDENCE_EXAMPLE, e, 1));
        }
        double confidence = Math.min(1.0, c.baseConfidence() + reasons * c.confidencePerReason());
        return Optional.of(Alert.builder(AlertType.DNS_TUNNEL, host, windowStartMs, windowEndMs)
                .eventTime(w.lastMs == Long.MIN_VALUE ? windowStartMs : w.lastMs)
                .protocol("DNS_Tunnel")
                .severity(c.severity())
                .confidence(confidence)
                .evidence(ev)
                .bytes(up + down)
                .distinctPeers(1)
                .identifier(identifier(host, domain))
                .suppressFor(policy.suppressFor(AlertType.DNS_TUNNEL).toMillis())
                .build());
    }

    private static String typeMix(Window w) {
        StringBuilder sb = new StringBuilder("record types:");
        for (int i = 0; i < w.types.length; i++) {
            if (w.types[i] > 0) {
                sb.append(' ').append(TYPE_NAMES[i]).append(' ').append(w.types[i]);
            }
        }
        return sb.toString();
    }

    /** The name with bytes outside printable ASCII as {@code \xNN}, cut to a readable length. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && sb.length() < EXAMPLE_LENGTH; i++) {
            char ch = name.charAt(i);
            if (ch >= ' ' && ch < 0x7f && ch != '\\') {
                sb.append(ch);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02x", (int) ch & 0xff));
            }
        }
        return sb.length() >= EXAMPLE_LENGTH ? sb + "..." : sb.toString();
    }

    /** 64-bit FNV-1a of the lower-cased name. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i) & 0xff;
            h = (h ^ (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)) * 0x100000001b3L;
        }
        return h;
    }
}
