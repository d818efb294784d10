package io.peerwatch.job.files;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.packet.FragmentConfig;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;
import org.apache.flink.types.Either;

/**
 * One input file as a Flink source split: the file, what it holds, the proxy-log format (for
 * proxy logs; {@code auto} to detect), the NetFlow decoder's limits (for flow files), the fragment reassembly limits (for packet
 * captures), and how
 * many records were already emitted (restored splits skip them).
 *
 * @param <T> the library type the file holds (fixed by {@link #kind}; {@link FileInputSource}'s
 *     factories keep the two in step)
 */
public final class FileSplit<T> implements IteratorSourceSplit<Either<T, DeadLetter>, FileRecordIterator<T>>,
        java.io.Serializable {

    private static final long serialVersionUID = 1L;

    final String path;
    final InputKind kind;
    final String format;
    final long emitted;
    /** Limits of the NetFlow decoder for export-datagram captures ({@code netflow.decoder.*}). */
    final DecoderConfig decoder;
    /** Limits of IP fragment reassembly for packet captures ({@code packets.fragments.*}). */
    final FragmentConfig fragments;

    FileSplit(String path, InputKind kind, String format, long emitted, DecoderConfig decoder, FragmentConfig fragments) {
        this.path = path;
        this.kind = kind;
        this.format = format;
        this.emitted = emitted;
        this.decoder = decoder;
        this.fragments = fragments;
    }

    @Override
    public String splitId() {
        return kind + ":" + path;
    }

    @Override
    @SuppressWarnings("unchecked") // the iterator of this split's kind yields T (see the type parameter)
    public FileRecordIterator<T> getIterator() {
        return (FileRecordIterator<T>) FileRecordIterator.open(this);
    }

    @Override
    public FileSplit<T> getUpdatedSplitForIterator(FileRecordIterator<T> it) {
        return new FileSplit<>(path, kind, format, it.emitted(), decoder, fragments);
    }

    @Override
    public String toString() {
        return splitId() + "@" + emitted;
    }
}
