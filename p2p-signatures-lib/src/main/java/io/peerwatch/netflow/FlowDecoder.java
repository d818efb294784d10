package io.peerwatch.netflow;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decodes NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) export datagrams into
 * {@link FlowRecord} records, for any number of exporters at once.
 *
 * <pre>{@code
 * FlowDecoder decoder = new FlowDecoder(DecoderConfig.defaults());
 * // per received datagram (collector thread):
 * decoder.decode(buffer, exporterAddress, System.currentTimeMillis(), listener);
 * // now and then, e.g. when the socket receive times out:
 * decoder.expire(System.currentTimeMillis(), listener);
 * // at the end of a file:
 * decoder.flush(listener);
 * }</pre>
 *
 * <p><b>State.</b> Templates, options templates, sampler rates and the IPFIX system init time are
 * kept per (exporter address, export version, source id / observation domain); two exporters may
 * use the same template id. A template with a known id replaces the old one (refresh or
 * redefinition); a template not refreshed within {@link DecoderConfig#templateTimeout()} is
 * forgotten. Data sets whose template is unknown wait up to {@link DecoderConfig#pendingTimeout()}
 * and are decoded as soon as the template arrives, otherwise reported as
 * {@link DecodeErrorKind#MISSING_TEMPLATE} with their bytes. All state is bounded by
 * {@link DecoderConfig}. Time is the caller's receive time: the decoder never reads a clock, so
 * decoding a capture file is deterministic.
 *
 * <p><b>Sampling.</b> Counters are multiplied by the 1-in-N rate when one is known: the v5 header's
 * sampling interval; v9/IPFIX {@code samplingInterval}(34) or {@code samplerRandomInterval}(50) in
 * the record itself, or in options data keyed by {@code samplerId}(48)/{@code selectorId}(302) and
 * referenced from the record, or announced by options data without a sampler id for the whole
 * domain; {@code samplingPacketInterval}/{@code samplingPacketSpace}(305/306) and
 * {@code samplingSize}/{@code samplingPopulation}(309/310) give (interval+space)/interval and
 * population/size, rounded.
 *
 * <p><b>Bad input policy.</b> {@code decode} never throws for malformed input. Every problem is
 * reported once to {@link DecodeListener#onError} as a {@link DecodeError} naming the exporter and the
 * byte offset, and counted in {@link #stats()}. Records already decoded are never taken back, and
 * what can be located safely is still decoded: a bad header rejects the datagram; a set whose
 * length is impossible ends the walk (later set boundaries are unknowable) but earlier sets stand;
 * a malformed template ends its template set, earlier templates stand; a record whose
 * variable-length field overruns its set ends that set, earlier records stand; a truncated
 * datagram yields its complete sets (v9/IPFIX) or complete records (v5). State of other exporters
 * and other datagrams is never affected.
 *
 * <p><b>Threads.</b> Not thread-safe: confine an instance to one thread (the collector's receive
 * loop). To use several cores, shard datagrams by exporter address over several decoders; their
 * states are independent.
 */
public final class FlowDecoder {
    /** Exporter counters beyond {@link DecoderConfig#maxDomains()} are pooled under this address. */
    public static final IpAddress OVERFLOW_EXPORTER = IpAddress.ofV4(0);

    static final int V9_HEADER = 20;
    static final int IPFIX_HEADER = 16;
    private static final int SET_HEADER = 4;
    private static final int V9_TEMPLATE_SET = 0;
    private static final int V9_OPTIONS_SET = 1;
    private static final int IPFIX_TEMPLATE_SET = 2;
    private static final int IPFIX_OPTIONS_SET = 3;
    private static final int MIN_DATA_SET = 256;
    private static final long U32 = 0xffffffffL;

    private final DecoderConfig config;
    private final long templateTimeoutMs;
    private final long pendingTimeoutMs;
    private final TemplateParser templates;
    private final RecordDecoder records;
    private final Map<Domain.Key, Domain> domains = new HashMap<>();
    private final Map<IpAddress, ExporterCounters> counters = new HashMap<>();
    private final ArrayDeque<Pending> pendingFifo = new ArrayDeque<>();
    private int pendingSets;
    private long pendingBytes;
    private int templateCount;

    /** A decoder with the given limits. */
    public FlowDecoder(DecoderConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.templateTimeoutMs = config.templateTimeout().toMillis();
        this.pendingTimeoutMs = config.pendingTimeout().toMillis();
        this.templates = new TemplateParser(this, config.maxTemplateFields());
        this.records = new RecordDecoder(this, config.maxSamplers());
    }

    /** The limits in use. */
    public DecoderConfig config() {
        return config;
    }

    /**
     * Decodes one export datagram, the bytes from {@code datagram}'s position to its limit (neither
     * is changed). Flows go to {@code listener.onFlow}, problems to {@code listener.onError}; pending
     * data sets whose time is up are reported first.
     *
     * @param exporter the address the datagram came from (UDP source address)
     * @param receivedAtMs receive time, epoch ms; drives template and pending-buffer expiry
     * @return flows delivered during this call (including earlier data sets this datagram's
     *     templates released)
     */
    public int decode(ByteBuffer datagram, IpAddress exporter, long receivedAtMs, DecodeListener listener) {
        Objects.requireNonNull(datagram, "datagram");
        Objects.requireNonNull(exporter, "exporter");
        Objects.requireNonNull(listener, "listener");
        expirePending(receivedAtMs, listener);
        ExporterCounters c = counters(exporter);
        c.datagrams++;
        int base = datagram.position();
        int length = datagram.remaining();
        Msg m = new Msg(exporter, Optional.of(exporter), receivedAtMs, base, listener, c);
        if (length < 2) {
            error(m, DecodeErrorKind.TRUNCATED, base + length, "datagram of " + length + " bytes has no version field");
        } else {
            m.version = Be.u16(datagram, base);
            switch (m.version) {
                case 1 -> FixedFormatDecoder.decode(this, datagram, m, FixedFormatDecoder.V1);
                case 5 -> FixedFormatDecoder.decode(this, datagram, m, FixedFormatDecoder.V5);
                case 7 -> FixedFormatDecoder.decode(this, datagram, m, FixedFormatDecoder.V7);
                case 9 -> decodeV9(datagram, m);
                case 10 -> decodeIpfix(datagram, m);
                default -> error(m, DecodeErrorKind.UNKNOWN_VERSION, base, "version " + m.version
                        + " is not NetFlow v1, v5, v7, v9 or IPFIX (10)");
            }
        }
        if (m.firstError == null) {
            c.good++;
        } else {
            c.badByReason.merge(m.firstError, 1L, Long::sum);
        }
        return m.flows;
    }

    /**
     * Whether a UDP payload found in a capture is taken for an export datagram when no collector
     * port says so: version 5, 9 or 10, or version 1 or 7 with exactly the length its record count
     * gives (other traffic, e.g. a DNS message with transaction id 1 or 7, starts with those bytes
     * too; v1 and v7 exporters are rare enough that the stricter test costs nothing).
     */
    public static boolean looksLikeExport(ByteBuffer b, int at, int length) {
        if (length < 2) {
            return false;
        }
        return switch (Be.u16(b, at)) {
            case 5, 9, 10 -> true;
            case 1 -> length >= 4 && FixedFormatDecoder.exactLength(FixedFormatDecoder.V1, length, Be.u16(b, at + 2));
            case 7 -> length >= 4 && FixedFormatDecoder.exactLength(FixedFormatDecoder.V7, length, Be.u16(b, at + 2));
            default -> false;
        };
    }

    /**
     * Convenience for tests and file readers: decodes one datagram and returns what it yielded.
     *
     * @see #decode(ByteBuffer, IpAddress, long, DecodeListener)
     */
    public Result decode(ByteBuffer datagram, IpAddress exporter, long receivedAtMs) {
        Result r = new Result(new ArrayList<>(), new ArrayList<>());
        decode(datagram, exporter, receivedAtMs, r.listener());
        return r;
    }

    /**
     * What one call yielded.
     *
     * @param flows decoded flows, in order
     * @param errors problems, in order
     */
    public record Result(List<FlowRecord> flows, List<DecodeError> errors) {
        DecodeListener listener() {
            return new DecodeListener() {
                @Override
                public void onFlow(FlowRecord flow) {
                    flows.add(flow);
                }

                @Override
                public void onError(DecodeError error) {
                    errors.add(error);
                }
            };
        }
    }

    /**
     * Reports pending data sets older than the pending timeout as missing-template errors and drops
     * templates and idle exporter states older than the template timeout. Call it now and then
     * when no datagram arrives; {@code decode} does the pending part itself.
     */
    public void expire(long nowMs, DecodeListener listener) {
        expirePending(nowMs, listener);
        Iterator<Domain> it = domains.values().iterator();
        while (it.hasNext()) {
            Domain d = it.next();
            dropExpiredTemplates(d, nowMs);
            if (d.idle() && nowMs - d.lastSeenMs > templateTimeoutMs) {
                it.remove();
            }
        }
    }

    /** Reports every pending data set as a missing-template error, e.g. at the end of a file. */
    public void flush(DecodeListener listener) {
        while (!pendingFifo.isEmpty()) {
            Pending p = pendingFifo.pollFirst();
            if (!p.done) {
                missing(p, listener, "input ended before template " + p.templateId + " arrived");
            }
        }
    }

    /** Counters per exporter, sorted by address. */
    public List<ExporterStats> stats() {
        List<ExporterStats> out = new ArrayList<>();
        for (ExporterCounters c : counters.values()) {
            out.add(snapshot(c));
        }
        out.sort(Comparator.comparing(ExporterStats::exporter));
        return out;
    }

    /** Counters of one exporter, if it sent anything. */
    public Optional<ExporterStats> stats(IpAddress exporter) {
        return Optional.ofNullable(counters.get(exporter)).map(this::snapshot);
    }

    private ExporterStats snapshot(ExporterCounters c) {
        long pending = 0;
        long held = 0;
        for (Domain d : domains.values()) {
            if (d.key.exporter().equals(c.exporter)) {
                held += d.templates.size();
                for (ArrayDeque<Pending> q : d.pending.values()) {
                    pending += q.size();
                }
            }
        }
        return new ExporterStats(c.exporter, c.datagrams, c.good, c.badByReason, c.errors, c.flows, c.skipped,
                pending, held, c.sequenceGaps);
    }

    // ---- message walking -------------------------------------------------------------------

    private void decodeV9(ByteBuffer b, Msg m) {
        int base = m.base;
        int end = b.limit();
        if (end - base < V9_HEADER) {
            error(m, DecodeErrorKind.TRUNCATED, end, "datagram of " + (end - base) + " bytes ends inside the "
                    + V9_HEADER + "-byte NetFlow v9 header");
            return;
        }
        m.sysUptimeMs = Be.u32(b, base + 4);
        m.exportMs = Be.u32(b, base + 8) * 1000;
        long sequence = Be.u32(b, base + 12);
        m.domainId = Be.u32(b, base + 16);
        if (domain(m) == null) {
            return;
        }
        checkSequence(m, sequence, 1);
        walkSets(b, base + V9_HEADER, end, m);
    }

    private void decodeIpfix(ByteBuffer b, Msg m) {
        int base = m.base;
        int received = b.limit() - base;
        if (received < IPFIX_HEADER) {
            error(m, DecodeErrorKind.TRUNCATED, b.limit(), "datagram of " + received + " bytes ends inside the "
                    + IPFIX_HEADER + "-byte IPFIX header");
            return;
        }
        int length = Be.u16(b, base + 2);
        m.exportMs = Be.u32(b, base + 4) * 1000;
        long sequence = Be.u32(b, base + 8);
        m.domainId = Be.u32(b, base + 12);
        if (length < IPFIX_HEADER) {
            error(m, DecodeErrorKind.BAD_LENGTH, base + 2, "message length " + length + " is below the "
                    + IPFIX_HEADER + "-byte header");
            return;
        }
        if (domain(m) == null) {
            return;
        }
        if (length > received) {
            m.truncated = true;
            error(m, DecodeErrorKind.TRUNCATED, b.limit(), "message length " + length + " exceeds the " + received
                    + " bytes received");
        } else if (length < received) {
            error(m, DecodeErrorKind.BAD_LENGTH, base + length, (received - length)
                    + " bytes follow the message length " + length);
        }
        walkSets(b, base + IPFIX_HEADER, base + Math.min(length, received), m);
        checkSequence(m, sequence, 0);
        m.domain.nextSequence = (sequence + m.dataRecords) & U32;
    }

    private void walkSets(ByteBuffer b, int p, int end, Msg m) {
        boolean ipfix = m.version == 10;
        while (end - p >= SET_HEADER) {
            int id = Be.u16(b, p);
            int length = Be.u16(b, p + 2);
            if (length < SET_HEADER) {
                error(m, DecodeErrorKind.BAD_SET, p + 2, "set " + id + " has length " + length + ", below "
                        + SET_HEADER);
                return;
            }
            if (length > end - p) {
                error(m, m.truncated ? DecodeErrorKind.TRUNCATED : DecodeErrorKind.BAD_SET, p, "set " + id
                        + " of " + length + " bytes runs past the end of the message (" + (end - p) + " bytes left)");
                return;
            }
            int body = p + SET_HEADER;
            int setEnd = p + length;
            if (id >= MIN_DATA_SET) {
                dataSet(b, p, length, id, m);
            } else if (ipfix ? id == IPFIX_TEMPLATE_SET : id == V9_TEMPLATE_SET) {
                templates.templateSet(b, body, setEnd, m);
            } else if (ipfix && id == IPFIX_OPTIONS_SET) {
                templates.ipfixOptionsSet(b, body, setEnd, m);
            } else if (!ipfix && id == V9_OPTIONS_SET) {
                templates.v9OptionsSet(b, body, setEnd, m);
            }
            // other ids below 256 are reserved (RFC 3954 §5.3, RFC 7011 §3.3.2): skipped by length
            p = setEnd;
        }
        if (ipfix && p < end) {
            error(m, DecodeErrorKind.BAD_SET, p, (end - p) + " bytes after the last set are too few for a set header");
        }
    }

    private void dataSet(ByteBuffer b, int setStart, int length, int templateId, Msg m) {
        Template t = lookup(m.domain, templateId, m.receivedAtMs);
        if (t != null) {
            records.decodeSet(b, setStart + SET_HEADER, setStart + length, t, m);
            return;
        }
        byte[] copy = new byte[length];
        for (int k = 0; k < length; k++) {
            copy[k] = b.get(setStart + k);
        }
        if (pendingSets >= config.maxPendingSets() || pendingBytes + length > config.maxPendingBytes()) {
            report(m, DecodeErrorKind.MISSING_TEMPLATE, setStart, "no template " + templateId
                    + " and the pending buffer is full (" + pendingSets + " sets, " + pendingBytes + " bytes)",
                    Optional.of(ByteBuffer.wrap(copy)));
            return;
        }
        Pending p = new Pending(m.domain, templateId, copy, setStart - m.base, m.receivedAtMs, m.exportMs,
                m.sysUptimeMs);
        m.domain.pending.computeIfAbsent(templateId, k -> new ArrayDeque<>()).add(p);
        pendingFifo.addLast(p);
        pendingSets++;
        pendingBytes += length;
    }

    // ---- state --------------------------------------------------------------------------------

    /** The state of the message's (exporter, version, domain), created on first use; null when full. */
    Domain domain(Msg m) {
        Domain.Key key = new Domain.Key(m.exporter, m.version, m.domainId);
        Domain d = domains.get(key);
        if (d == null) {
            if (domains.size() >= config.maxDomains()) {
                expire(m.receivedAtMs, m.out);
            }
            if (domains.size() >= config.maxDomains()) {
                error(m, DecodeErrorKind.STATE_LIMIT, m.base, "state for " + domains.size()
                        + " exporter domains is full (maxDomains)");
                return null;
            }
            d = new Domain(key, m.receivedAtMs);
            domains.put(key, d);
        }
        d.lastSeenMs = Math.max(d.lastSeenMs, m.receivedAtMs);
        m.domain = d;
        return d;
    }

    private ExporterCounters counters(IpAddress exporter) {
        ExporterCounters c = counters.get(exporter);
        if (c == null) {
            IpAddress key = counters.size() < config.maxDomains() ? exporter : OVERFLOW_EXPORTER;
            c = counters.computeIfAbsent(key, ExporterCounters::new);
        }
        return c;
    }

    void checkSequence(Msg m, long sequence, long advance) {
        Domain d = m.domain;
        if (d.nextSequence >= 0 && sequence != d.nextSequence) {
            m.counters.sequenceGaps++;
        }
        d.nextSequence = (sequence + advance) & U32;
    }

    private Template lookup(Domain d, int id, long nowMs) {
        Template t = d.templates.get(id);
        if (t != null && nowMs - t.lastSeenMs > templateTimeoutMs) {
            d.templates.remove(id);
            templateCount--;
            return null;
        }
        return t;
    }

    private void dropExpiredTemplates(Domain d, long nowMs) {
        Iterator<Template> it = d.templates.values().iterator();
        while (it.hasNext()) {
            if (nowMs - it.next().lastSeenMs > templateTimeoutMs) {
                it.remove();
                templateCount--;
            }
        }
    }

    /** Stores a parsed template (refresh or new) and decodes data sets that waited for it. */
    void store(Msg m, Template t, int at) {
        Domain d = m.domain;
        if (!d.templates.containsKey(t.id)) {
            if (templateCount >= config.maxTemplates() || d.templates.size() >= config.maxTemplatesPerDomain()) {
                dropExpiredTemplates(d, m.receivedAtMs);
            }
            if (templateCount >= config.maxTemplates() || d.templates.size() >= config.maxTemplatesPerDomain()) {
                error(m, DecodeErrorKind.STATE_LIMIT, at, "template " + t.id + " not stored: " + d.templates.size()
                        + " templates held for this domain, " + templateCount + " in all");
                return;
            }
            templateCount++;
        }
        d.templates.put(t.id, t);
        ArrayDeque<Pending> waiting = d.pending.remove(t.id);
        if (waiting == null) {
            return;
        }
        for (Pending p : waiting) {
            release(p);
            Msg pm = new Msg(m.exporter, m.exporterRef, p.receivedAtMs, -p.setOffset, m.out, m.counters);
            pm.version = m.version;
            pm.domainId = m.domainId;
            pm.domain = d;
            pm.exportMs = p.exportMs;
            pm.sysUptimeMs = p.sysUptimeMs;
            records.decodeSet(ByteBuffer.wrap(p.set), SET_HEADER, p.set.length, t, pm);
            m.flows += pm.flows;
        }
    }

    /** IPFIX template withdrawal (RFC 7011 §8.1): one id, or all (options) templates of the domain. */
    void withdraw(Msg m, int id, boolean options, int at) {
        Domain d = m.domain;
        int all = options ? TemplateParser.WITHDRAW_ALL_OPTIONS : TemplateParser.WITHDRAW_ALL_TEMPLATES;
        if (id == all) {
            Iterator<Template> it = d.templates.values().iterator();
            while (it.hasNext()) {
                if (it.next().options == options) {
                    it.remove();
                    templateCount--;
                }
            }
        } else if (id >= TemplateParser.MIN_TEMPLATE_ID) {
            if (d.templates.remove(id) != null) {
                templateCount--;
            }
        } else {
            error(m, DecodeErrorKind.BAD_TEMPLATE, at, "withdrawal of template id " + id + " (below "
                    + TemplateParser.MIN_TEMPLATE_ID + ")");
        }
    }

    private void release(Pending p) {
        p.done = true;
        pendingSets--;
        pendingBytes -= p.set.length;
    }

    private void expirePending(long nowMs, DecodeListener listener) {
        while (!pendingFifo.isEmpty()) {
            Pending p = pendingFifo.peekFirst();
            if (!p.done && nowMs - p.receivedAtMs < pendingTimeoutMs) {
                return;
            }
            pendingFifo.pollFirst();
            if (!p.done) {
                missing(p, listener, "template " + p.templateId + " did not arrive within "
                        + io.peerwatch.config.ValueType.DURATION.format(config.pendingTimeout()));
            }
        }
    }

    private void missing(Pending p, DecodeListener listener, String why) {
        ArrayDeque<Pending> q = p.domain.pending.get(p.templateId);
        if (q != null) {
            q.remove(p);
            if (q.isEmpty()) {
                p.domain.pending.remove(p.templateId);
            }
        }
        release(p);
        Domain.Key k = p.domain.key;
        Msg pm = new Msg(k.exporter(), Optional.of(k.exporter()), p.receivedAtMs, 0, listener, counters(k.exporter()));
        pm.version = k.version();
        pm.domainId = k.domain();
        // Times in messages are ISO-8601 UTC, never raw epoch milliseconds.
        report(pm, DecodeErrorKind.MISSING_TEMPLATE, p.setOffset, "data set received at "
                + java.time.Instant.ofEpochMilli(p.receivedAtMs) + ": " + why, Optional.of(ByteBuffer.wrap(p.set)));
    }

    // ---- output -------------------------------------------------------------------------------

    void emit(Msg m, FlowRecord f) {
        m.flows++;
        m.counters.flows++;
        m.out.onFlow(f);
    }

    void error(Msg m, DecodeErrorKind kind, int index, String detail) {
        report(m, kind, index, detail, Optional.empty());
    }

    private void report(Msg m, DecodeErrorKind kind, int index, String detail, Optional<ByteBuffer> data) {
        if (m.firstError == null) {
            m.firstError = kind;
        }
        m.counters.errors.merge(kind, 1L, Long::sum);
        m.out.onError(new DecodeError(m.exporter, m.version, m.domainId, kind, Math.max(0, index - m.base), detail,
                m.receivedAtMs, data));
    }
}
