package io.peerwatch.job.files;

import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;

/**
 * One input file as a Flink source split: the file, what it holds, the proxy-log format (for
 * proxy logs; {@code auto} to detect), and how many records were already emitted (restored
 * splits skip them).
 */
public final class FileSplit implements IteratorSourceSplit<io.peerwatch.job.RawRecord, FileRecordIterator>,
        java.io.Serializable {

    private static final long serialVersionUID = 1L;

    final String path;
    final InputKind kind;
    final String format;
    final long emitted;

    public FileSplit(String path, InputKind kind, String format, long emitted) {
        this.path = path;
        this.kind = kind;
        this.format = format;
        this.emitted = emitted;
    }

    @Override
    public String splitId() {
        return kind + ":" + path;
    }

    @Override
    public FileRecordIterator getIterator() {
        return FileRecordIterator.open(this);
    }

    @Override
    public FileSplit getUpdatedSplitForIterator(FileRecordIterator it) {
        return new FileSplit(path, kind, format, it.emitted());
    }

    @Override
    public String toString() {
        return splitId() + "@" + emitted;
    }
}
