package io.peerwatch.job.files;

import io.peerwatch.flowfile.FlowFileException;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.job.AvroMapper;
import io.peerwatch.job.RawRecord;
import io.peerwatch.proxy.ProxyLogException;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFileException;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import io.peerwatch.schemas.FlowRecord;
import io.peerwatch.schemas.PacketEvent;
import io.peerwatch.schemas.ProxyRecord;
import io.peerwatch.schemas.codec.AvroCodec;
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

/**
 * Reads one file record by record with the library's parsers and yields the records encoded
 * as the topic would carry them, so offline analysis runs exactly the streaming job; a line the
 * parser rejects becomes a rejected {@link RawRecord} carrying the file, line and reason (a dead
 * letter downstream). Closes the file at its end.
 */
public abstract class FileRecordIterator implements Iterator<RawRecord> {

    private final Deque<RawRecord> ready = new ArrayDeque<>();
    private long emitted;
    private boolean done;

    /** Opens the split's file and skips the records it already emitted. */
    static FileRecordIterator open(FileSplit s) {
        try {
            FileRecordIterator it = switch (s.kind) {
                case FLOWS -> new Flows(Path.of(s.path));
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

    /** Records emitted so far (good and rejected). */
    long emitted() {
        return emitted;
    }

    /** Adds the next records to {@code ready}; false at the end of the file. */
    abstract boolean fill() throws IOException;

    abstract void closeFile() throws IOException;

    final void offer(RawRecord r) {
        ready.add(r);
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
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        emitted++;
        return ready.poll();
    }

    /** Flow files: every format {@link FlowFiles} recognises; bad lines become rejected records. */
    static final class Flows extends FileRecordIterator {
        private final FlowFileReader reader;
        private final String source;
        private final AvroCodec<FlowRecord> codec = AvroCodec.of(FlowRecord.class);
        private long number;

        Flows(Path file) throws IOException {
            source = file.toString();
            reader = FlowFiles.open(file, this::rejected);
        }

        private void rejected(FlowFileException e) {
            offer(RawRecord.rejected(InputKind.FLOWS.label(), source, e.line(), new byte[0], e.getMessage()));
        }

        @Override
        boolean fill() throws IOException {
            Optional<io.peerwatch.core.FlowRecord> f = reader.next();
            if (f.isEmpty()) {
                return false;
            }
            number++;
            offer(RawRecord.fromFile(InputKind.FLOWS.label(), source, number, codec.encode(AvroMapper.toAvro(f.get()))));
            return true;
        }

        @Override
        void closeFile() throws IOException {
            reader.close();
        }
    }

    /**
     * Packet captures: every decodable TCP, UDP or ICMP packet becomes a packet event (direction
     * left to the job), with up to {@link #PAYLOAD_PREFIX} payload bytes. A truncated or corrupt
     * file ends with one rejected record naming the byte offset; packets before it stand.
     */
    static final class Packets extends FileRecordIterator {
        /** Payload bytes carried per packet event; enough for every signature's first look. */
        static final int PAYLOAD_PREFIX = 4096;

        private final PacketReader reader;
        private final PacketDecoder decoder = new PacketDecoder();
        private final DecodedPacket d = new DecodedPacket();
        private final AvroCodec<PacketEvent> codec = AvroCodec.of(PacketEvent.class);
        private final String source;

        Packets(Path file) throws IOException {
            source = file.toString();
            reader = PacketFiles.open(file);
        }

        @Override
        boolean fill() throws IOException {
            try {
                while (reader.next()) {
                    PacketView v = reader.packet();
                    if (!decoder.decode(v, d) || !d.hasTransport() || d.isLaterFragment()) {
                        continue;
                    }
                    offer(RawRecord.fromFile(InputKind.PACKETS.label(), source, reader.packetCount(),
                            codec.encode(event(v))));
                    return true;
                }
                return false;
            } catch (PacketFileException e) {
                offer(RawRecord.rejected(InputKind.PACKETS.label(), source, reader.packetCount() + 1, new byte[0],
                        e.getMessage()));
                return false;
            }
        }

        private PacketEvent event(PacketView v) {
            long nanos = v.timestampNanos();
            int n = Math.min(d.payloadLength(), PAYLOAD_PREFIX);
            byte[] prefix = new byte[n];
            d.buffer().get(d.payloadOffset(), prefix);
            return PacketEvent.newBuilder()
                    .setTimestampMs(java.time.Instant.ofEpochMilli(Math.floorDiv(nanos, 1_000_000L)))
                    .setSubMsNanos((int) Math.floorMod(nanos, 1_000_000L))
                    .setSrcAddr(java.nio.ByteBuffer.wrap(d.srcAddress().toBytes()))
                    .setDstAddr(java.nio.ByteBuffer.wrap(d.dstAddress().toBytes()))
                    .setSrcPort(d.isIcmp() ? 0 : d.srcPort())
                    .setDstPort(d.isIcmp() ? 0 : d.dstPort())
                    .setIpProtocol(d.ipProtocol())
                    .setTcpFlags(d.ipProtocol() == io.peerwatch.core.IpProtocol.TCP ? d.tcpFlags() : 0)
                    .setIcmpType(d.isIcmp() ? d.icmpType() : 0)
                    .setIcmpCode(d.isIcmp() ? d.icmpCode() : 0)
                    .setWireLength(d.ipLength())
                    .setPayloadLength(d.payloadLength())
                    .setPayloadPrefix(java.nio.ByteBuffer.wrap(prefix))
                    .setSensor(source)
                    .build();
        }

        @Override
        void closeFile() {
            reader.close();
        }
    }

    /** Proxy logs, one record per line; the format is given or detected from the first lines. */
    public static final class Proxy extends FileRecordIterator {
        private final BufferedReader in;
        private final ProxyLogParser parser;
        private final String source;
        private final AvroCodec<ProxyRecord> codec = AvroCodec.of(ProxyRecord.class);
        private long line;

        Proxy(Path file, String format) throws IOException {
            source = file.toString();
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
                Optional<io.peerwatch.proxy.ProxyRecord> e = parser.parse(text, source, line);
                if (e.isPresent()) {
                    offer(RawRecord.fromFile(InputKind.PROXY.label(), source, line,
                            codec.encode(AvroMapper.toAvro(e.get(), source, line))));
                }
            } catch (ProxyLogException e) {
                offer(RawRecord.rejected(InputKind.PROXY.label(), source, line, text.getBytes(StandardCharsets.UTF_8),
                        e.getMessage()));
            }
            return true;
        }

        @Override
        void closeFile() throws IOException {
            in.close();
        }
    }
}
