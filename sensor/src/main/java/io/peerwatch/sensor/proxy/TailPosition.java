package io.peerwatch.sensor.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the tailer stands in a log: the file's identity, the offset just after the last line
 * whose records Kafka acknowledged, that line's number, and the hash of the file's first line.
 * Stored as a small properties file, replaced atomically (write, fsync, rename), so a crash
 * leaves either the old or the new position, never a torn one.
 *
 * @param path the file the position is in (as read: the followed name or a rotated copy)
 * @param file device and inode of that file
 * @param offset byte offset just after the last committed line
 * @param line number of the last committed line (1-based; 0 before the first)
 * @param headHash {@link FileId#headHash} of the file when the position was taken (its first lines)
 */
record TailPosition(Path path, FileId file, long offset, long line, String headHash) {

    TailPosition {
        if (path == null || file == null || headHash == null || offset < 0 || line < 0) {
            throw new IllegalArgumentException("invalid tail position");
        }
    }

    static Optional<TailPosition> load(Path stateFile) throws IOException {
        if (!Files.exists(stateFile)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(stateFile)) {
            p.load(in);
        }
        try {
            return Optional.of(new TailPosition(Path.of(p.getProperty("path")),
                    new FileId(Long.parseLong(p.getProperty("device")), Long.parseLong(p.getProperty("inode"))),
                    Long.parseLong(p.getProperty("offset")), Long.parseLong(p.getProperty("line")),
                    p.getProperty("headHash", FileId.NO_HASH)));
        } catch (RuntimeException e) {
            throw new IOException("state file " + stateFile + " is damaged (" + e + "); delete it to start over", e);
        }
    }

    void store(Path stateFile) throws IOException {
        Properties p = new Properties();
        p.setProperty("path", path.toString());
        p.setProperty("device", Long.toString(file.device()));
        p.setProperty("inode", Long.toString(file.inode()));
        p.setProperty("offset", Long.toString(offset));
        p.setProperty("line", Long.toString(line));
        p.setProperty("headHash", headHash);
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "peerwatch sensor proxy: position after the last line Kafka acknowledged");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
