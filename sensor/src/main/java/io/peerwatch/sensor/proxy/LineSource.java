package io.peerwatch.sensor.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Complete lines of one open file from a byte offset on. A line is emitted only once its
 * newline has been written; the bytes of an unfinished last line stay buffered (and are not
 * part of {@link #committableOffset()}) until the writer completes it. A line longer than the
 * limit is reported once as overlong with its start, and skipped up to its newline.
 *
 * <p>The channel stays open on the file it was opened on, so after a rename rotation the rest
 * of the old file can still be read.
 */
final class LineSource implements AutoCloseable {

    /** Receives lines in file order. */
    interface Sink {
        /** One complete line, without its terminator ({@code \n}, or {@code \r\n}). */
        void line(byte[] buf, int off, int len, long lineNumber, long endOffset);

        /** A line longer than the limit: its first {@code len} bytes. */
        void overlong(byte[] buf, int off, int len, long lineNumber, long endOffset);
    }

    private static final int READ_CHUNK = 64 << 10;

    final Path path;
    final FileId id;
    private final FileChannel channel;
    private final int maxLine;
    private byte[] buf;
    private long bufFileOffset;   // file offset of buf[0]
    private int start;            // first byte of the current (unfinished) line
    private int scanned;          // bytes before this index hold no newline of the current line
    private int end;              // valid bytes in buf
    private boolean skipping;     // inside an overlong line, dropping bytes up to its newline
    private long overlongStart;   // file offset where the overlong line being skipped begins
    private long lineNumber;

    LineSource(Path path, FileId id, long offset, long lineNumber, int maxLine) throws IOException {
        this.path = path;
        this.id = id;
        this.channel = FileChannel.open(path);
        this.maxLine = maxLine;
        this.buf = new byte[maxLine + READ_CHUNK];
        this.bufFileOffset = offset;
        this.lineNumber = lineNumber;
    }

    /**
     * Emits up to {@code maxLines} complete lines (counting overlong ones).
     *
     * @return lines emitted; 0 when no complete line is available now
     */
    int read(int maxLines, Sink sink) throws IOException {
        int emitted = 0;
        while (emitted < maxLines) {
            int nl = indexOfNewline();
            if (nl >= 0) {
                long endOffset = bufFileOffset + nl + 1;
                if (skipping) {
                    skipping = false;
                } else {
                    int len = nl - start;
                    if (len > 0 && buf[nl - 1] == '\r') {
                        len--;
                    }
                    lineNumber++;
                    if (len > maxLine) {
                        sink.overlong(buf, start, maxLine, lineNumber, endOffset);
                    } else {
                        sink.line(buf, start, len, lineNumber, endOffset);
                    }
                    emitted++;
                }
                start = nl + 1;
                scanned = start;
                continue;
            }
            scanned = end;
            if (skipping) {
                start = end;
            } else if (end - start >= maxLine) {
                lineNumber++;
                overlongStart = bufFileOffset + start;
                sink.overlong(buf, start, maxLine, lineNumber, bufFileOffset + end);
                emitted++;
                skipping = true;
                start = end;
            }
            if (fill() <= 0) {
                break;
            }
        }
        return emitted;
    }

    private int indexOfNewline() {
        for (int i = scanned; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Moves the unfinished line to the front and reads more; returns bytes read (0 at the end for now). */
    private int fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            bufFileOffset += start;
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, end, Math.min(READ_CHUNK, buf.length - end));
        int n = channel.read(bb, bufFileOffset + end);
        if (n > 0) {
            end += n;
        }
        return n;
    }

    /**
     * Emits the unfinished last line as a line (for a rotated file whose writer has moved on);
     * returns whether there was one.
     */
    boolean flushPartial(Sink sink) {
        if (skipping || end <= start) {
            return false;
        }
        lineNumber++;
        int len = Math.min(end - start, maxLine);
        if (end - start > maxLine) {
            sink.overlong(buf, start, len, lineNumber, bufFileOffset + end);
        } else {
            sink.line(buf, start, len, lineNumber, bufFileOffset + end);
        }
        start = end;
        scanned = end;
        return true;
    }

    /**
     * Offset just after the last line emitted in full (where a restart must begin); inside an
     * overlong line, its start (a restart reports it again rather than mid-line garbage).
     */
    long committableOffset() {
        return skipping ? overlongStart : bufFileOffset + start;
    }

    /** Number of the last line {@link #committableOffset()} is after. */
    long committableLine() {
        return skipping ? lineNumber - 1 : lineNumber;
    }

    /** Offset up to which the file has been read (the unfinished line included). */
    long readOffset() {
        return bufFileOffset + end;
    }

    /** Forgets what was read after {@code offset} (a batch Kafka did not acknowledge) and reads it again. */
    void rewind(long offset, long line) {
        bufFileOffset = offset;
        start = 0;
        end = 0;
        scanned = 0;
        skipping = false;
        lineNumber = line;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** Bytes of the unfinished line buffered now. */
    int pending() {
        return end - start;
    }

    long size() throws IOException {
        return channel.size();
    }

    String headHash() throws IOException {
        return FileId.headHash(channel);
    }

    boolean sameHead(String hash) throws IOException {
        return FileId.sameHead(channel, hash);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
