package io.peerwatch.job.files;

import java.util.OptionalInt;
import java.time.ZoneId;
import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.flowfile.FlowFileException;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.FragmentConfig;
import io.peerwatch.packet.FragmentReassembler;
import io.peerwatch.packet.FragmentStats;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import io.peerwatch.proxy.ProxyLogException;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.proxy.ProxyRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import io.peerwatch.core.TextLines;
import io.peerwatch.packet.DecodeFailure;
import io.peerwatch.pcap.LinkType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.flink.types.Either;

/**
 * Reads one file record by record with the library's parsers and yields library values, so
 * offline analysis runs exactly the streaming job; what a parser rejects becomes a
 * {@link DeadLetter} naming the file, line (or record) and reason. Closes the file at its end.
 *
 * <p>Never throws for what a file holds: a file that cannot be opened, or whose reading fails
 * part-way (a corrupt capture record, an I/O error, any parser failure), ends with one dead letter
 * of class {@link #LOST} naming the file, the position and the reason, and the job goes on with
 * the other files. Lines are decoded one by one ({@link TextLines}): a line that is not UTF-8 or
 * longer than {@link #MAX_LINE_BYTES} is a {@link #PARSE} dead letter and reading goes on.
 *
 * @param <T> the library type the file holds
 */
public abstract class FileRecordIterator<T> implements Iterator<Either<T, DeadLetter>> {

    /** Dead-letter error class of lines and records a file parser rejected. */
    public static final String PARSE = "PARSE";
    /**
     * Dead-letter error class of input lost: the rest of a file (from the position the dead letter
     * names) could not be read, or packets could not be decoded at all.
     */
    public static final String LOST = "LOST";
    /** Longest proxy-log line read (as the proxy sensor's default); longer lines are dead letters. */
    public static final int MAX_LINE_BYTES = 64 << 10;

    private final Deque<Either<T, DeadLetter>> ready = new ArrayDeque<>();
    private final InputKind kind;
    private final String source;
    private long emitted;
    private boolean done;

    FileRecordIterator(InputKind kind, Path file) {
        this.kind = kind;
        this.source = file.toString();
    }

    /**
     * Opens the split's file and skips the records it already emitted (the source's readers, and
     * tests and tools that read a split outside Flink).
     */
    public static FileRecordIterator<?> open(FileSplit<?> s) {
        FileRecordIterator<?> it;
        try {
            it = switch (s.kind) {
                case FLOWS -> new Flows(Path.of(s.path), s.decoder);
                case PROXY -> new Proxy(Path.of(s.path), s.format);
                case PACKETS -> new Packets(Path.of(s.path), s.fragments);
            };
        } catch (IOException | RuntimeException e) {
            it = new Unreadable<>(s.kind, Path.of(s.path), e);
        }
        for (long i = 0; i < s.emitted && it.hasNext(); i++) {
            it.next();
        }
        return it;
    }

    /** Records emitted so far (values and dead letters). */
    long emitted() {
        return emitted;
    }

    /** The file name, as dead letters name it. */
    final String source() {
        return source;
    }

    /** Adds the next records to {@code ready}; false at the end of the file. */
    abstract boolean fill() throws IOException;

    abstract void closeFile() throws IOException;

    /** Where reading stands, for a dead letter of input lost ("line 12", "packet 7 at byte 4096"). */
    abstract String position();

    /** The number a {@link #LOST} dead letter carries (line or packet). */
    abstract long number();

    final void offer(T value) {
        ready.add(Either.Left(value));
    }

    /** Reports a rejected line or record. */
    final void reject(long number, byte[] raw, String reason) {
        ready.add(Either.Right(DeadLetter.ofSource("file:" + kind.label(), source, number, raw, PARSE, reason,
                System.currentTimeMillis())));
    }

    /** Reports that the rest of the file is lost, and why. */
    final void lost(long number, String where, String reason) {
        lost(number, where + ": " + reason + "; the rest of the file was not read");
    }

    /** Reports input lost: {@code what} says where, what and why. */
    final void lost(long number, String what) {
        ready.add(Either.Right(DeadLetter.ofSource("file:" + kind.label(), source, number, new byte[0], LOST,
                source + ": " + what, System.currentTimeMillis())));
    }

    @Override
    public boolean hasNext() {
        try {
            while (ready.isEmpty() && !done) {
                if (!fill()) {
                    done = true;
                    closeFile();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Whatever went wrong, only this file's rest is lost: say where and why, go on with the others.
            done = true;
            lost(number(), position(), reason(e));
            try {
                closeFile();
            } catch (IOException | RuntimeException ignored) {
                // already reported as lost
            }
        }
        return !ready.isEmpty();
    }

    /** The reason in a failure's message, without the file name a library message may start with. */
    static String reason(Throwable e) {
        String m = e instanceof io.peerwatch.core.SourceLineException s ? s.reason()
                : e instanceof io.peerwatch.pcap.PacketFileException p ? p.reason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof UncheckedIOException && e.getCause() != null ? reason(e.getCause()) : m;
    }

    @Override
    public Either<T, DeadLetter> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        emitted++;
        return ready.poll();
    }

    /** Flow files: every format {@link FlowFiles} recognises; bad lines become dead letters. */
    static final class Flows extends FileRecordIterator<FlowRecord> {
        private final FlowFileReader reader;

        Flows(Path file, DecoderConfig decoder) throws IOException {
            super(InputKind.FLOWS, file);
            reader = FlowFiles.open(file, this::rejected, ZoneId.of("UTC"), OptionalInt.empty(), decoder);
        }

        private void rejected(FlowFileException e) {
            reject(e.line(), new byte[0], e.getMessage());
        }

        @Override
        String position() {
            return "after record " + emitted();
        }

        @Override
        long number() {
            return emitted() + 1;
        }

        @Override
        boolean fill() throws IOException {
            Optional<FlowRecord> f = reader.next();
            if (f.isEmpty()) {
                return false;
            }
            offer(f.get());
            return true;
        }

        @Override
        void closeFile() throws IOException {
            reader.close();
        }
    }

    /**
     * Packet captures: every decodable IP packet becomes a packet event (direction left to the
     * job), with up to {@link #PAYLOAD_PREFIX} payload bytes; IP fragments are reassembled
     * ({@link FragmentReassembler}) and their datagram is one event; fragments that made no
     * datagram are one {@link #PARSE} dead letter at the end, with the counts by reason. A corrupt record is one {@link #LOST} dead letter
     * naming packet, byte offset and the bytes skipped; reading resumes after it where the format
     * allows ({@link PacketReader#nextOrSkip}), else the rest of the file is lost.
     */
    static final class Packets extends FileRecordIterator<PacketEvent> {
        /** Payload bytes carried per packet event; enough for every signature's first look. */
        static final int PAYLOAD_PREFIX = 4096;

        private final PacketReader reader;
        private final PacketDecoder decoder = new PacketDecoder();
        private final DecodedPacket d = new DecodedPacket();
        private final FragmentReassembler fragments;
        private int unsupportedLinkType = -1;

        Packets(Path file, FragmentConfig fragmentLimits) throws IOException {
            super(InputKind.PACKETS, file);
            reader = PacketFiles.open(file);
            fragments = new FragmentReassembler(fragmentLimits);
        }

        @Override
        String position() {
            return "packet " + (reader.packetCount() + 1) + " at byte " + reader.position();
        }

        @Override
        long number() {
            return reader.packetCount() + 1;
        }

        @Override
        boolean fill() throws IOException {
            // A corrupt record is skipped where the format allows (the library's one resync loop);
            // each loss, resumed or not, is input lost naming packet, offset and bytes skipped.
            while (reader.nextOrSkip(onLoss)) {
                PacketView v = reader.packet();
                if (!decoder.decode(v, d)) {
                    if (!LinkType.isSupported(v.linkType())) {
                        unsupportedLinkType = v.linkType();
                    }
                    continue;
                }
                // Fragments wait for their datagram, which becomes one event with all their bytes.
                DecodedPacket p = fragments.offer(d, v.originalLength(), v.timestampNanos());
                if (p == null) {
                    continue;
                }
                offer(PacketEvent.of(p, v.timestampNanos(), fragments.wireLength(), PAYLOAD_PREFIX)
                        .packetIndex(0).sensor(source()).build());
                return true;
            }
            undecodable();
            unusedFragments();
            return false;
        }

        /** At the end: fragments that made no datagram (overlaps, limits, timeouts) are one dead letter. */
        private void unusedFragments() {
            fragments.finish();
            FragmentStats s = fragments.stats();
            if (s.fragmentsDropped() > 0) {
                reject(reader.packetCount(), new byte[0], source() + ": " + s.text());
            }
        }

        /** Made once: a bound method reference at the call is an object per packet. */
        private final java.util.function.Consumer<io.peerwatch.pcap.InputLoss> onLoss = this::lostRecords;

        private void lostRecords(io.peerwatch.pcap.InputLoss loss) {
            lost(loss.offset() < 0 ? reader.packetCount() : loss.packet(), loss.describe());
        }

        /** At the end: packets the decoder could not use at all (an unsupported link type) are input lost. */
        private void undecodable() {
            long unsupported = decoder.stats().failed(DecodeFailure.UNSUPPORTED_LINK_TYPE);
            if (unsupported > 0) {
                lostRecords(io.peerwatch.pcap.InputLoss.undecoded(reader.file(), unsupported, reader.packetCount(),
                        unsupportedLinkType));
            }
        }

        @Override
        void closeFile() {
            reader.close();
        }
    }

    /** Proxy logs, one record per line; the format is given or detected from the first lines. */
    public static final class Proxy extends FileRecordIterator<ProxyRecord> {
        private final TextLines in;
        private final ProxyLogParser parser;
        private long line;

        Proxy(Path file, String format) throws IOException {
            super(InputKind.PROXY, file);
            parser = format(file, format).newParser();
            in = TextLines.open(file, MAX_LINE_BYTES);
        }

        @Override
        String position() {
            return "line " + (line + 1);
        }

        @Override
        long number() {
            return line + 1;
        }

        /**
         * The format of a proxy log: named, or detected from its first lines.
         *
         * @throws IOException naming the file when no format fits
         */
        public static ProxyLogFormat format(Path file, String format) throws IOException {
            List<String> first = new ArrayList<>();
            int lines = 0;
            int notText = 0;
            try (TextLines r = TextLines.open(file, MAX_LINE_BYTES)) {
                // Detection looks at the usable lines among the first ones; bad lines are the parser's to report.
                for (TextLines.Line l = r.next(); l != null && l.number() <= ProxyLogFormat.DETECT_MAX_LINES; l = r.next()) {
                    lines++;
                    if (l.fault().isEmpty() && l.text().indexOf('\0') < 0) {
                        first.add(l.text());
                    } else {
                        notText++;
                    }
                }
            }
            if (notText > 0 && notText * 2 > lines) {
                // A binary file (a capture, an archive, random bytes) given as a log: say so, not "unrecognised".
                throw new IOException(file + ": not a proxy log: binary data, " + notText + " of its first " + lines
                        + " lines are not text (NUL bytes or not UTF-8)");
            }
            if (!format.equals("auto")) {
                return ProxyLogFormat.named(format);
            }
            return ProxyLogFormat.detect(first).orElseThrow(() -> new IOException(file
                    + ": not a recognised proxy log (Squid native/common/combined or Zeek http.log); give --format"));
        }

        @Override
        boolean fill() throws IOException {
            TextLines.Line l = in.next();
            if (l == null) {
                return false;
            }
            line = l.number();
            if (l.fault().isPresent()) {
                reject(line, l.head(), source() + ":" + line + ": " + l.reason());
                return true;
            }
            try {
                parser.parse(l.text(), source(), line).ifPresent(this::offer);
            } catch (ProxyLogException e) {
                reject(line, l.text().getBytes(StandardCharsets.UTF_8), e.getMessage());
            }
            return true;
        }

        @Override
        void closeFile() throws IOException {
            in.close();
        }
    }

    /** A file that could not be opened: one dead letter of input lost, naming it and why. */
    static final class Unreadable<T> extends FileRecordIterator<T> {
        Unreadable(InputKind kind, Path file, Throwable cause) {
            super(kind, file);
            lost(0, "cannot be read", reason(cause));
        }

        @Override
        boolean fill() {
            return false;
        }

        @Override
        void closeFile() {
        }

        @Override
        String position() {
            return "start";
        }

        @Override
        long number() {
            return 0;
        }
    }
}
