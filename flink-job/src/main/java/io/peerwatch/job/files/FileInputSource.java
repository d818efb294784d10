package io.peerwatch.job.files;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.packet.FragmentConfig;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.proxy.ProxyRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.types.Either;

/**
 * A bounded Flink source over files, one split per file, read with the library's parsers
 * ({@link FileRecordIterator}) into library values and dead letters: how {@code peerwatch
 * analyze} runs the streaming job without Kafka. Restores from checkpoints by re-reading a file
 * and skipping what it already emitted.
 *
 * @param <T> the library type the files hold
 */
public final class FileInputSource<T> implements Source<Either<T, DeadLetter>, FileSplit<T>, Collection<FileSplit<T>>> {

    private static final long serialVersionUID = 1L;

    private final List<FileSplit<T>> splits;

    private FileInputSource(InputKind kind, List<Path> files, String proxyFormat, DecoderConfig decoder,
            FragmentConfig fragments) {
        List<FileSplit<T>> s = new ArrayList<>();
        for (Path f : files) {
            s.add(new FileSplit<>(f.toAbsolutePath().toString(), kind, proxyFormat, 0, decoder, fragments));
        }
        this.splits = List.copyOf(s);
    }

    /** Flow files (export-datagram pcaps, nfcapd files, nfdump CSV, Zeek conn.log), read in parallel. */
    public static FileInputSource<FlowRecord> flows(List<Path> files) {
        return flows(files, DecoderConfig.defaults());
    }

    /** Flow files, export-datagram captures decoded with {@code decoder}'s limits. */
    public static FileInputSource<FlowRecord> flows(List<Path> files, DecoderConfig decoder) {
        return new FileInputSource<>(InputKind.FLOWS, files, "auto", decoder, FragmentConfig.defaults());
    }

    /**
     * Proxy logs.
     *
     * @param format proxy-log format name for {@code ProxyLogFormat.named}, or {@code auto}
     */
    public static FileInputSource<ProxyRecord> proxy(List<Path> files, String format) {
        return new FileInputSource<>(InputKind.PROXY, files, format, DecoderConfig.defaults(), FragmentConfig.defaults());
    }

    /** Packet captures (pcap, pcapng), fragments reassembled with the default limits. */
    public static FileInputSource<PacketEvent> packets(List<Path> files) {
        return packets(files, FragmentConfig.defaults());
    }

    /** Packet captures (pcap, pcapng), fragments reassembled within {@code fragments}' limits. */
    public static FileInputSource<PacketEvent> packets(List<Path> files, FragmentConfig fragments) {
        return new FileInputSource<>(InputKind.PACKETS, files, "auto", DecoderConfig.defaults(), fragments);
    }

    /** The splits, one per file, in the order given. */
    public List<FileSplit<T>> splits() {
        return splits;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<Either<T, DeadLetter>, FileSplit<T>> createReader(SourceReaderContext ctx) {
        return new SkipEmptyFiles<>(ctx);
    }

    /**
     * Flink's iterator reader takes the first record of a new split without asking whether there
     * is one; a file with no records (a capture of only ARP, a header-only log) must be skipped,
     * not fail the job and cost the other files their alerts.
     */
    static final class SkipEmptyFiles<T> extends IteratorSourceReader<Either<T, DeadLetter>, FileRecordIterator<T>, FileSplit<T>> {
        SkipEmptyFiles(SourceReaderContext ctx) {
            super(ctx);
        }

        @Override
        protected InputStatus tryMoveToNextSplit() {
            InputStatus s = super.tryMoveToNextSplit();
            while (s == InputStatus.MORE_AVAILABLE && !iterator.hasNext()) {
                finishSplit();
                s = super.tryMoveToNextSplit();
            }
            return s;
        }
    }

    @Override
    public SplitEnumerator<FileSplit<T>, Collection<FileSplit<T>>> createEnumerator(SplitEnumeratorContext<FileSplit<T>> ctx) {
        return new IteratorSourceEnumerator<>(ctx, splits);
    }

    @Override
    public SplitEnumerator<FileSplit<T>, Collection<FileSplit<T>>> restoreEnumerator(
            SplitEnumeratorContext<FileSplit<T>> ctx, Collection<FileSplit<T>> checkpoint) {
        return new IteratorSourceEnumerator<>(ctx, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<FileSplit<T>> getSplitSerializer() {
        return new SplitSerializer<>();
    }

    @Override
    public SimpleVersionedSerializer<Collection<FileSplit<T>>> getEnumeratorCheckpointSerializer() {
        return new SplitsSerializer<>();
    }

    private static void write(DataOutputStream out, FileSplit<?> s) throws IOException {
        out.writeUTF(s.path);
        out.writeUTF(s.kind.name());
        out.writeUTF(s.format);
        out.writeLong(s.emitted);
        DecoderConfig d = s.decoder;
        out.writeLong(d.templateTimeout().toMillis());
        out.writeLong(d.pendingTimeout().toMillis());
        for (int v : new int[] {d.maxPendingSets(), d.maxPendingBytes(), d.maxTemplates(), d.maxTemplatesPerDomain(),
            d.maxDomains(), d.maxTemplateFields(), d.maxSamplers()}) {
            out.writeInt(v);
        }
        FragmentConfig f = s.fragments;
        for (int v : new int[] {f.maxFragmentsPerDatagram(), f.maxDatagramBytes(), f.maxDatagrams(), f.maxHeldBytes()}) {
            out.writeInt(v);
        }
        out.writeLong(f.timeout().toMillis());
    }

    private static <T> FileSplit<T> read(DataInputStream in, int version) throws IOException {
        String path = in.readUTF();
        InputKind kind = InputKind.valueOf(in.readUTF());
        String format = in.readUTF();
        long emitted = in.readLong();
        DecoderConfig d = version < 2 ? DecoderConfig.defaults() : new DecoderConfig(Duration.ofMillis(in.readLong()),
                Duration.ofMillis(in.readLong()), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readInt(), in.readInt());
        FragmentConfig f = version < 3 ? FragmentConfig.defaults() : new FragmentConfig(in.readInt(), in.readInt(),
                in.readInt(), in.readInt(), Duration.ofMillis(in.readLong()));
        return new FileSplit<>(path, kind, format, emitted, d, f);
    }

    /**
     * Version 3 carries the fragment reassembly limits, version 2 the NetFlow decoder's; splits of
     * an older version read with the defaults of what they lack.
     */
    private static final int VERSION = 3;

    /** Serializer of one split. */
    static final class SplitSerializer<T> implements SimpleVersionedSerializer<FileSplit<T>> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(FileSplit<T> s) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(b)) {
                write(out, s);
            }
            return b.toByteArray();
        }

        @Override
        public FileSplit<T> deserialize(int version, byte[] bytes) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                return read(in, version);
            }
        }
    }

    /** Serializer of the enumerator's remaining splits. */
    static final class SplitsSerializer<T> implements SimpleVersionedSerializer<Collection<FileSplit<T>>> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(Collection<FileSplit<T>> splits) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(b)) {
                out.writeInt(splits.size());
                for (FileSplit<T> s : splits) {
                    write(out, s);
                }
            }
            return b.toByteArray();
        }

        @Override
        public Collection<FileSplit<T>> deserialize(int version, byte[] bytes) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                int n = in.readInt();
                List<FileSplit<T>> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(read(in, version));
                }
                return out;
            }
        }
    }
}
