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
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.pcap.PacketFileException;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import io.peerwatch.proxy.ProxyLogException;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.proxy.ProxyRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
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
 * @param <T> the library type the file holds
 */
public abstract class FileRecordIterator<T> implements Iterator<Either<T, DeadLetter>> {

    /** Dead-letter error class of lines and records a file parser rejected. */
    static final String PARSE = "PARSE";

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
        try {
            FileRecordIterator<?> it = switch (s.kind) {
                case FLOWS -> new Flows(Path.of(s.path), s.decoder);
                case PROXY -> new Proxy(Path.of(s.path), s.format);
                case PACKETS -> new Packets(Path.of(s.path));
            };
            for (long i = 0; i < s.emitted && it.hasNext(); i++) {
                it.next();
            }
            return it;
        } catch (IOException e) {
            throw new UncheckedIOException(s.path + ": " + e.getMessage(), e);
        }
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

    final void offer(T value) {
        ready.add(Either.Left(value));
    }

    /** Reports a rejected line or record. */
    final void reject(long number, byte[] raw, String reason) {
        ready.add(Either.Right(DeadLetter.ofSource("file:" + kind.label(), source, number, raw, PARSE, reason,
                System.currentTimeMillis())));
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
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return !ready.isEmpty();
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
     * Packet captures: every decodable IP packet but non-first fragments (which belong to no flow,
     * as in the library's flow table) becomes a packet event (direction left to the job), with up
     * to {@link #PAYLOAD_PREFIX} payload bytes. A truncated or corrupt file ends with one dead
     * letter naming the byte offset; packets before it stand.
     */
    static final class Packets extends FileRecordIterator<PacketEvent> {
        /** Payload bytes carried per packet event; enough for every signature's first look. */
        static final int PAYLOAD_PREFIX = 4096;

        private final PacketReader reader;
        private final PacketDecoder decoder = new PacketDecoder();
        private final DecodedPacket d = new DecodedPacket();

        Packets(Path file) throws IOException {
            super(InputKind.PACKETS, file);
            reader = PacketFiles.open(file);
        }

        @Override
        boolean fill() throws IOException {
            try {
                while (reader.next()) {
                    PacketView v = reader.packet();
                    if (!decoder.decode(v, d) || d.isLaterFragment()) {
                        continue;
                    }
                    offer(PacketEvent.of(d, v.timestampNanos(), v.originalLength(), PAYLOAD_PREFIX)
                            .packetIndex(0).sensor(source()).build());
                    return true;
                }
                return false;
            } catch (PacketFileException e) {
                reject(reader.packetCount() + 1, new byte[0], e.getMessage());
                return false;
            }
        }

        @Override
        void closeFile() {
            reader.close();
        }
    }

    /** Proxy logs, one record per line; the format is given or detected from the first lines. */
    public static final class Proxy extends FileRecordIterator<ProxyRecord> {
        private final BufferedReader in;
        private final ProxyLogParser parser;
        private long line;

        Proxy(Path file, String format) throws IOException {
            super(InputKind.PROXY, file);
            parser = format(file, format).newParser();
            in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }

        /**
         * The format of a proxy log: named, or detected from its first lines.
         *
         * @throws IOException naming the file when no format fits
         */
        public static ProxyLogFormat format(Path file, String format) throws IOException {
            if (!format.equals("auto")) {
                return ProxyLogFormat.named(format);
            }
            List<String> first;
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                first = r.lines().limit(ProxyLogFormat.DETECT_MAX_LINES).toList();
            } catch (UncheckedIOException e) {
                throw new IOException(file + ": not a text file: " + e.getCause().getMessage(), e);
            }
            return ProxyLogFormat.detect(first).orElseThrow(() -> new IOException(file
                    + ": not a recognised proxy log (Squid native/common/combined or Zeek http.log); give --format"));
        }

        @Override
        boolean fill() throws IOException {
            String text = in.readLine();
            if (text == null) {
                return false;
            }
            line++;
            try {
                parser.parse(text, source(), line).ifPresent(this::offer);
            } catch (ProxyLogException e) {
                reject(line, text.getBytes(StandardCharsets.UTF_8), e.getMessage());
            }
            return true;
        }

        @Override
        void closeFile() throws IOException {
            in.close();
        }
    }
}
