package io.peerwatch.job.files;

import io.peerwatch.job.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded Flink source over files, one split per file, read with the library's parsers
 * ({@link FileRecordIterator}): how {@code peerwatch analyze} runs the streaming job without
 * Kafka. Restores from checkpoints by re-reading a file and skipping what it already emitted.
 */
public final class FileInputSource implements Source<RawRecord, FileSplit, Collection<FileSplit>> {

    private static final long serialVersionUID = 1L;

    private final List<FileSplit> splits;

    /**
     * @param kind what the files hold
     * @param files the files, read in parallel when the source has parallelism
     * @param proxyFormat proxy-log format name for {@code ProxyLogFormat.named}, or {@code auto}
     */
    public FileInputSource(InputKind kind, List<Path> files, String proxyFormat) {
        List<FileSplit> s = new ArrayList<>();
        for (Path f : files) {
            s.add(new FileSplit(f.toAbsolutePath().toString(), kind, proxyFormat, 0));
        }
        this.splits = List.copyOf(s);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, FileSplit> createReader(SourceReaderContext ctx) {
        return new IteratorSourceReader<>(ctx);
    }

    @Override
    public SplitEnumerator<FileSplit, Collection<FileSplit>> createEnumerator(SplitEnumeratorContext<FileSplit> ctx) {
        return new IteratorSourceEnumerator<>(ctx, splits);
    }

    @Override
    public SplitEnumerator<FileSplit, Collection<FileSplit>> restoreEnumerator(SplitEnumeratorContext<FileSplit> ctx,
            Collection<FileSplit> checkpoint) {
        return new IteratorSourceEnumerator<>(ctx, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<FileSplit> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<FileSplit>> getEnumeratorCheckpointSerializer() {
        return new SplitsSerializer();
    }

    private static void write(DataOutputStream out, FileSplit s) throws IOException {
        out.writeUTF(s.path);
        out.writeUTF(s.kind.name());
        out.writeUTF(s.format);
        out.writeLong(s.emitted);
    }

    private static FileSplit read(DataInputStream in) throws IOException {
        return new FileSplit(in.readUTF(), InputKind.valueOf(in.readUTF()), in.readUTF(), in.readLong());
    }

    /** Serializer of one split. */
    static final class SplitSerializer implements SimpleVersionedSerializer<FileSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(FileSplit s) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(b)) {
                write(out, s);
            }
            return b.toByteArray();
        }

        @Override
        public FileSplit deserialize(int version, byte[] bytes) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                return read(in);
            }
        }
    }

    /** Serializer of the enumerator's remaining splits. */
    static final class SplitsSerializer implements SimpleVersionedSerializer<Collection<FileSplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Collection<FileSplit> splits) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(b)) {
                out.writeInt(splits.size());
                for (FileSplit s : splits) {
                    write(out, s);
                }
            }
            return b.toByteArray();
        }

        @Override
        public Collection<FileSplit> deserialize(int version, byte[] bytes) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                int n = in.readInt();
                List<FileSplit> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(read(in));
                }
                return out;
            }
        }
    }
}
