package io.peerwatch.flowfile;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.zeek.ZeekLogException;
import io.peerwatch.zeek.ZeekLogReader;
import io.peerwatch.zeek.ZeekRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a Zeek {@code conn.log} (TSV or JSON lines, see {@link ZeekLogReader}) as {@link ZeekConn}
 * records ({@link #nextConn()}) or as unidirectional flows ({@link #next()}, two per connection
 * at most, see {@link ZeekConn#toFlows()}).
 *
 * <pre>{@code
 * try (ZeekConnReader r = ZeekConnReader.open(Path.of("conn.log"), bad -> log(bad.getMessage()))) {
 *     for (Optional<ZeekConn> c = r.nextConn(); c.isPresent(); c = r.nextConn()) { ... }
 * }
 * }</pre>
 *
 * <p>Fields used: {@code ts}, {@code uid}, {@code id.orig_h}, {@code id.orig_p}, {@code id.resp_h},
 * {@code id.resp_p}, {@code proto}, {@code service}, {@code duration}, {@code orig_bytes},
 * {@code resp_bytes}, {@code orig_ip_bytes}, {@code resp_ip_bytes}, {@code orig_pkts},
 * {@code resp_pkts}, {@code conn_state}, {@code history}; the first six are required.
 */
public final class ZeekConnReader implements FlowFileReader {
    private final ZeekLogReader log;
    private final BadLines bad;
    private final ArrayDeque<FlowRecord> queued = new ArrayDeque<>(2);

    private ZeekConnReader(ZeekLogReader log, Consumer<? super FlowFileException> onBad) {
        this.log = log;
        this.bad = new BadLines(onBad);
    }

    /** Opens a conn.log that fails at the first bad line. */
    public static ZeekConnReader open(Path file) throws IOException {
        return open(file, null);
    }

    /**
     * Opens a conn.log.
     *
     * @param onBadLine receives each bad line and reading continues; null to throw at the first
     * @throws FlowFileException when the file is not a Zeek log, or its {@code #path} is not conn
     */
    public static ZeekConnReader open(Path file, Consumer<? super FlowFileException> onBadLine) throws IOException {
        return of(file.getFileName().toString(), () -> ZeekLogReader.open(file, null), onBadLine);
    }

    /** Wraps an open Zeek log reader (which should fail fast: this reader applies the policy). */
    public static ZeekConnReader of(ZeekLogReader log, Consumer<? super FlowFileException> onBadLine) {
        return new ZeekConnReader(log, onBadLine);
    }

    interface Opener {
        ZeekLogReader open() throws IOException;
    }

    private static ZeekConnReader of(String source, Opener opener, Consumer<? super FlowFileException> onBadLine)
            throws IOException {
        try {
            return new ZeekConnReader(opener.open(), onBadLine);
        } catch (ZeekLogException e) {
            throw new FlowFileException(source, e.line(), e.reason());
        }
    }

    /**
     * The next connection, or empty at the end.
     *
     * @throws FlowFileException for a bad line when no handler was given
     */
    public Optional<ZeekConn> nextConn() throws IOException {
        while (true) {
            Optional<ZeekRow> row;
            try {
                row = log.next();
            } catch (ZeekLogException e) {
                bad.handle(new FlowFileException(e.source(), e.line(), e.reason()));
                continue;
            }
            if (row.isEmpty()) {
                return Optional.empty();
            }
            if (log.path().isPresent() && !log.path().get().equals("conn")) {
                throw new FlowFileException(log.source(), row.get().line(), "not a conn log (#path "
                        + log.path().get() + ")");
            }
            try {
                return Optional.of(conn(row.get()));
            } catch (IllegalArgumentException e) {
                bad.handle(new FlowFileException(log.source(), row.get().line(), e.getMessage()));
            }
        }
    }

    private static ZeekConn conn(ZeekRow r) {
        IpAddress orig = r.addr("id.orig_h").orElseThrow(() -> missing("id.orig_h"));
        IpAddress resp = r.addr("id.resp_h").orElseThrow(() -> missing("id.resp_h"));
        if (orig.length() != resp.length()) {
            throw new IllegalArgumentException("originator and responder address families differ");
        }
        String proto = r.string("proto").orElseThrow(() -> missing("proto"));
        int protocol = switch (proto) {
            case "tcp" -> IpProtocol.TCP;
            case "udp" -> IpProtocol.UDP;
            case "icmp" -> orig.isV4() ? IpProtocol.ICMP : IpProtocol.ICMPV6;
            case "unknown_transport" -> 0;
            default -> throw new IllegalArgumentException("field 'proto': unknown transport '" + proto + "'");
        };
        long origBytes = r.count("orig_ip_bytes").orElse(r.count("orig_bytes").orElse(0));
        long respBytes = r.count("resp_ip_bytes").orElse(r.count("resp_bytes").orElse(0));
        return new ZeekConn(r.string("uid").orElse(""), r.timeMs("ts").orElseThrow(() -> missing("ts")),
                Math.max(0, r.intervalMs("duration").orElse(0)), orig,
                r.port("id.orig_p").orElseThrow(() -> missing("id.orig_p")), resp,
                r.port("id.resp_p").orElseThrow(() -> missing("id.resp_p")), protocol,
                r.string("service").filter(s -> !s.isEmpty()), r.count("orig_pkts").orElse(0), origBytes,
                r.count("resp_pkts").orElse(0), respBytes, r.string("conn_state").filter(s -> !s.isEmpty()),
                r.string("history").filter(s -> !s.isEmpty()));
    }

    private static IllegalArgumentException missing(String field) {
        return new IllegalArgumentException("required field '" + field + "' is unset");
    }

    @Override
    public Optional<FlowRecord> next() throws IOException {
        while (queued.isEmpty()) {
            Optional<ZeekConn> c = nextConn();
            if (c.isEmpty()) {
                return Optional.empty();
            }
            queued.addAll(c.get().toFlows());
        }
        return Optional.of(queued.pollFirst());
    }

    @Override
    public FlowFileFormat format() {
        return log.format() == ZeekLogReader.Format.TSV ? FlowFileFormat.ZEEK_CONN_TSV : FlowFileFormat.ZEEK_CONN_JSON;
    }

    @Override
    public String source() {
        return log.source();
    }

    @Override
    public long skipped() {
        return bad.skipped();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
