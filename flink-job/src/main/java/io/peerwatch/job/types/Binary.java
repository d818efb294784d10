package io.peerwatch.job.types;

import io.peerwatch.core.IpAddress;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The field encodings the value codecs share. Reading is bounded by the input: byte arrays and
 * strings grow in chunks as bytes arrive, so a corrupt length ends in an
 * {@link java.io.EOFException} instead of an allocation of the size it claims.
 */
final class Binary {

    /** Bytes read before a byte array grows: the most a corrupt length can allocate beyond the input. */
    private static final int CHUNK = 4096;
    /** Length marker of an absent string. */
    private static final int ABSENT = -1;

    private Binary() {
    }

    static void writeAddress(DataOutputView out, IpAddress a) throws IOException {
        out.writeByte(a.length());
        for (int i = 0; i < a.length(); i++) {
            out.writeByte(a.byteAt(i));
        }
    }

    static IpAddress readAddress(DataInputView in) throws IOException {
        int n = in.readUnsignedByte();
        if (n != 4 && n != 16) {
            throw new StreamCorruptedException("an IP address has 4 or 16 bytes, read " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return IpAddress.of(b);
    }

    static void writeBytes(DataOutputView out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new StreamCorruptedException("negative length " + n);
        }
        return readBytes(in, n);
    }

    private static byte[] readBytes(DataInputView in, int n) throws IOException {
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

    static void writeString(DataOutputView out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInputView in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    static void writeOptional(DataOutputView out, Optional<String> s) throws IOException {
        if (s.isEmpty()) {
            out.writeInt(ABSENT);
        } else {
            writeString(out, s.get());
        }
    }

    static Optional<String> readOptional(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n == ABSENT) {
            return Optional.empty();
        }
        if (n < 0) {
            throw new StreamCorruptedException("negative string length " + n);
        }
        return Optional.of(new String(readBytes(in, n), StandardCharsets.UTF_8));
    }

    static void writeOptional(DataOutputView out, OptionalLong v) throws IOException {
        out.writeBoolean(v.isPresent());
        if (v.isPresent()) {
            out.writeLong(v.getAsLong());
        }
    }

    static OptionalLong readOptionalLong(DataInputView in) throws IOException {
        return in.readBoolean() ? OptionalLong.of(in.readLong()) : OptionalLong.empty();
    }

    /** An enum constant as its ordinal (one byte); {@code EnumOrdinalsTest} pins the orders. */
    static void writeEnum(DataOutputView out, Enum<?> e) throws IOException {
        out.writeByte(e.ordinal());
    }

    static <E extends Enum<E>> E readEnum(DataInputView in, E[] values) throws IOException {
        int i = in.readUnsignedByte();
        if (i >= values.length) {
            throw new StreamCorruptedException("no " + values[0].getDeclaringClass().getSimpleName() + " with ordinal " + i);
        }
        return values[i];
    }
}
