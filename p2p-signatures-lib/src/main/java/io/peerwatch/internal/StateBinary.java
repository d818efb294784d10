package io.peerwatch.internal;

import io.peerwatch.core.IpAddress;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The pieces of the binary form that the library's mutable state classes (detector windows,
 * volume meters) write with {@code writeTo(DataOutput)} and read with {@code readFrom(DataInput)}:
 * a format version first, then lengths and values. Not API: only the library uses it.
 *
 * <p>Reading is bounded: a length is checked against a fixed limit, and arrays and strings are
 * read in chunks that grow only as bytes actually arrive, so a corrupt or hostile length ends in
 * an {@link java.io.EOFException} or {@link StreamCorruptedException}, never in an allocation of
 * the size it claims.
 */
public final class StateBinary {

    /**
     * Most entries any one collection of a state object may hold. Far above every documented
     * {@code maxTracked*} cap (the largest default is a few thousand); a count above it can
     * only come from corrupt input.
     */
    public static final int MAX_ENTRIES = 1 << 24;
    /** Longest string, in UTF-8 bytes, a state object may hold (URL paths, user names, hosts). */
    public static final int MAX_STRING_BYTES = 1 << 20;
    /** Elements (or bytes) read before an array grows: what a corrupt length can cost at most. */
    private static final int CHUNK = 4096;
    /** Length marker of an absent (null) string or address. */
    private static final int ABSENT = -1;

    private StateBinary() {
    }

    /** Writes the format version (one byte). */
    public static void writeVersion(DataOutput out, int version) throws IOException {
        out.writeByte(version);
    }

    /**
     * Reads a format version written by {@link #writeVersion}.
     *
     * @param newest the newest version this code reads (it reads every version from 1 to it)
     * @param what the state's name, for the message
     * @throws StreamCorruptedException for a version outside 1..newest
     */
    public static int readVersion(DataInput in, int newest, String what) throws IOException {
        int v = in.readUnsignedByte();
        if (v < 1 || v > newest) {
            throw new StreamCorruptedException("unknown binary format version " + v + " of " + what
                    + " (this library reads versions 1 to " + newest + ")");
        }
        return v;
    }

    /** Writes a collection size or array length. */
    public static void writeCount(DataOutput out, int n) throws IOException {
        out.writeInt(n);
    }

    /**
     * Reads a count written by {@link #writeCount}.
     *
     * @throws StreamCorruptedException when negative or above {@code max}
     */
    public static int readCount(DataInput in, int max, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new StreamCorruptedException("corrupt state: " + n + " entries of " + what + " (at most " + max + ")");
        }
        return n;
    }

    /** Reads a count of at most {@link #MAX_ENTRIES}. */
    public static int readCount(DataInput in, String what) throws IOException {
        return readCount(in, MAX_ENTRIES, what);
    }

    /** Writes a string (null allowed) as its UTF-8 length and bytes. */
    public static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(ABSENT);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING_BYTES) {
            throw new IOException("string of " + b.length + " UTF-8 bytes is longer than the " + MAX_STRING_BYTES
                    + " a state object may hold");
        }
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads a string written by {@link #writeString}; null when it was null. */
    public static String readString(DataInput in, String what) throws IOException {
        int n = in.readInt();
        if (n == ABSENT) {
            return null;
        }
        if (n < 0 || n > MAX_STRING_BYTES) {
            throw new StreamCorruptedException("corrupt state: string of " + n + " bytes in " + what);
        }
        return new String(readBytes(in, n), StandardCharsets.UTF_8);
    }

    /** Reads a string that must be present. */
    public static String readPresentString(DataInput in, String what) throws IOException {
        String s = readString(in, what);
        if (s == null) {
            throw new StreamCorruptedException("corrupt state: missing string in " + what);
        }
        return s;
    }

    /** {@code n} bytes, buffered in chunks so that a corrupt {@code n} cannot allocate much before EOF. */
    private static byte[] readBytes(DataInput in, int n) throws IOException {
        byte[] b = new byte[Math.min(n, CHUNK)];
        int have = 0;
        while (have < n) {
            if (have == b.length) {
                b = Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
            }
            int step = Math.min(b.length - have, CHUNK);
            in.readFully(b, have, step);
            have += step;
        }
        return b;
    }

    /** Writes an address (null allowed) as its length (4, 16, or 0 for null) and bytes. */
    public static void writeAddress(DataOutput out, IpAddress a) throws IOException {
        if (a == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(a.length());
        for (int i = 0; i < a.length(); i++) {
            out.writeByte(a.byteAt(i));
        }
    }

    /** Reads an address written by {@link #writeAddress}; null when it was null. */
    public static IpAddress readAddress(DataInput in, String what) throws IOException {
        int n = in.readUnsignedByte();
        if (n == 0) {
            return null;
        }
        if (n != 4 && n != 16) {
            throw new StreamCorruptedException("corrupt state: address of " + n + " bytes in " + what);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return IpAddress.of(b);
    }

    /** Reads an address that must be present. */
    public static IpAddress readPresentAddress(DataInput in, String what) throws IOException {
        IpAddress a = readAddress(in, what);
        if (a == null) {
            throw new StreamCorruptedException("corrupt state: missing address in " + what);
        }
        return a;
    }

    /** Writes the first {@code n} longs of {@code a} (the caller writes {@code n} before, with {@link #writeCount}). */
    public static void writeLongs(DataOutput out, long[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeLong(a[i]);
        }
    }

    /**
     * Reads {@code n} longs written by {@link #writeLongs} into an array of at least
     * {@code minCapacity} elements (and at least {@code n}); the array grows only as longs arrive.
     */
    public static long[] readLongs(DataInput in, int n, int minCapacity) throws IOException {
        long[] a = new long[Math.max(minCapacity, Math.min(n, CHUNK))];
        for (int i = 0; i < n; i++) {
            if (i == a.length) {
                a = Arrays.copyOf(a, (int) Math.min(n, 2L * a.length));
            }
            a[i] = in.readLong();
        }
        return a;
    }

    /** Writes an enum constant by name, so that reordering constants never changes the meaning. */
    public static void writeEnum(DataOutput out, Enum<?> e) throws IOException {
        writeString(out, e.name());
    }

    /** Reads an enum constant written by {@link #writeEnum}. */
    public static <E extends Enum<E>> E readEnum(DataInput in, Class<E> type, String what) throws IOException {
        String name = readPresentString(in, what);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new StreamCorruptedException("corrupt state: no " + type.getSimpleName() + " named '" + name
                    + "' in " + what);
        }
    }
}
