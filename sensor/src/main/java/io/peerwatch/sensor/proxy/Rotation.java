package io.peerwatch.sensor.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Rotation detection for one followed name, and the rotated files beside it
 * ({@code access.log.1}, {@code access.log.2}, {@code access.log-20261125}; compressed ones are
 * skipped: their lines cannot be appended to anyway).
 */
final class Rotation {

    /** What happened to the followed name since the last check. */
    enum Change {
        NONE,
        /** The name points to another file (rename rotation), for longer than the grace period. */
        RENAMED,
        /** The file we read got shorter, or its first lines changed (copytruncate). */
        TRUNCATED
    }

    private static final List<String> COMPRESSED = List.of(".gz", ".bz2", ".xz", ".zst", ".lz4", ".z", ".zip");

    private final Path file;
    private long renameSeenNanos;

    Rotation(Path file) {
        this.file = file.toAbsolutePath();
    }

    Change check(LineSource cur, String headHash, Duration grace) throws IOException {
        if (!FileId.exists(file)) {
            return Change.NONE; // renamed, not created yet: the old file may still grow
        }
        if (!FileId.of(file).equals(cur.id)) {
            long now = System.nanoTime();
            if (renameSeenNanos == 0) {
                renameSeenNanos = now;
            }
            if (now - renameSeenNanos >= grace.toNanos()) {
                renameSeenNanos = 0;
                return Change.RENAMED;
            }
            return Change.NONE;
        }
        renameSeenNanos = 0;
        if (cur.size() < cur.readOffset() || !cur.sameHead(headHash)) {
            return Change.TRUNCATED;
        }
        return Change.NONE;
    }

    /** Rotated siblings of the followed file, oldest first (by modification time, then name). */
    List<Path> rotated() throws IOException {
        String base = file.getFileName().toString();
        List<Path> out = new ArrayList<>();
        Path dir = file.getParent();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                String lower = n.toLowerCase(Locale.ROOT);
                if ((n.startsWith(base + ".") || n.startsWith(base + "-")) && Files.isRegularFile(p)
                        && COMPRESSED.stream().noneMatch(lower::endsWith) && !lower.endsWith(".tmp")) {
                    out.add(p);
                }
            }
        }
        List<Path> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(Rotation::mtime).thenComparing(Rotation::suffixNumber, Comparator.reverseOrder())
                .thenComparing(Path::toString));
        return sorted;
    }

    /**
     * The saved position's file among the rotated siblings, followed by every rotated file newer
     * than it (to be read whole); empty when it is not there any more.
     */
    List<Path> rotatedSince(TailPosition p) throws IOException {
        List<Path> all = rotated();
        for (int i = 0; i < all.size(); i++) {
            if (FileId.of(all.get(i)).equals(p.file()) && Files.size(all.get(i)) >= p.offset()) {
                return all.subList(i, all.size());
            }
        }
        return List.of();
    }

    /** The newest rotated sibling that starts like {@code headHash} and holds at least {@code minSize} bytes. */
    Optional<Path> copyWithFirstLine(String headHash, long minSize) throws IOException {
        if (headHash.isEmpty()) {
            return Optional.empty();
        }
        List<Path> all = rotated();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path p = all.get(i);
            if (Files.size(p) >= minSize && FileId.sameHead(p, headHash)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** {@code access.log.3} → 3 (higher numbers are older with numbered rotation); -1 otherwise. */
    private static long suffixNumber(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        try {
            return Long.parseLong(n.substring(dot + 1));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Offset after the file's last newline and the number of lines before it: where "from the end" starts. */
    static long[] endOfLastLine(Path f) throws IOException {
        long lines = 0;
        long lastEnd = 0;
        long pos = 0;
        byte[] b = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            int n;
            while ((n = in.read(b)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (b[i] == '\n') {
                        lines++;
                        lastEnd = pos + i + 1;
                    }
                }
                pos += n;
            }
        }
        return new long[] {lastEnd, lines};
    }

    /** The file's first complete lines (newline-terminated), within its first {@code maxBytes}. */
    static List<String> firstCompleteLines(Path f, int maxBytes, int maxLines) throws IOException {
        byte[] b;
        try (InputStream in = Files.newInputStream(f)) {
            b = in.readNBytes(maxBytes);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length && out.size() < maxLines; i++) {
            if (b[i] == '\n') {
                int end = i > start && b[i - 1] == '\r' ? i - 1 : i;
                out.add(new String(b, start, end - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }
}
