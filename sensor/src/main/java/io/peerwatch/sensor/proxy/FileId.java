package io.peerwatch.sensor.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Which file a name points to: device and inode (Unix), so a rename rotation (new file under
 * the old name) is told apart from growth; plus helpers for the first-line hash that tells a
 * truncated-and-refilled file (copytruncate) from the file we were reading.
 *
 * @param device the file system's device number; 0 where unknown
 * @param inode the inode number; 0 where unknown (then only size and first line tell rotations)
 */
record FileId(long device, long inode) {
    /** Bytes of the file's start that {@link #headHash} looks at, at most. */
    static final int FIRST_LINE_MAX = 4096;
    static final String NO_HASH = "";

    /** The identity of the file {@code path} names now, following symbolic links. */
    static FileId of(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
            return new FileId(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            BasicFileAttributes b = Files.readAttributes(path, BasicFileAttributes.class);
            return new FileId(0, b.fileKey() == null ? 0 : b.fileKey().hashCode());
        }
    }

    static boolean exists(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(path);
    }

    /**
     * Fingerprint of the start of a file: {@code LEN:SHA256HEX} over its first complete lines
     * within the first {@link #FIRST_LINE_MAX} bytes (at least the first line; the first
     * {@code FIRST_LINE_MAX} bytes when the first line is longer). {@link #NO_HASH} while the first
     * line is shorter and unfinished. The length is part of the value, so a growing file keeps its
     * fingerprint ({@link #sameHead}) and a truncated-and-refilled one (copytruncate) loses it. Several
     * lines rather than one: Zeek logs all begin with the same {@code #separator} line, but not the
     * same {@code #open} time.
     */
    static String headHash(FileChannel ch) throws IOException {
        byte[] head = read(ch, FIRST_LINE_MAX);
        int len = -1;
        for (int i = head.length - 1; i >= 0; i--) {
            if (head[i] == '\n') {
                len = i + 1;
                break;
            }
        }
        if (len < 0) {
            if (head.length < FIRST_LINE_MAX) {
                return NO_HASH;
            }
            len = FIRST_LINE_MAX;
        }
        return len + ":" + sha256(head, len);
    }

    /** True when the file still starts with the bytes {@code hash} (from {@link #headHash}) describes, or hash is empty. */
    static boolean sameHead(FileChannel ch, String hash) throws IOException {
        if (hash.isEmpty()) {
            return true;
        }
        int colon = hash.indexOf(':');
        int len;
        try {
            len = Integer.parseInt(hash.substring(0, colon));
        } catch (RuntimeException e) {
            return false;
        }
        byte[] head = read(ch, len);
        return head.length == len && hash.equals(len + ":" + sha256(head, len));
    }

    static boolean sameHead(Path path, String hash) throws IOException {
        try (FileChannel ch = FileChannel.open(path)) {
            return sameHead(ch, hash);
        }
    }

    private static byte[] read(FileChannel ch, int max) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(max);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // absolute reads leave the channel's own position alone
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static String sha256(byte[] b, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, len);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
