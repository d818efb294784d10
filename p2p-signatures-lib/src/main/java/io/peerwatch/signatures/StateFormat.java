package io.peerwatch.signatures;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Binary pieces shared by the per-flow state formats of this package ({@link FlowScratch},
 * {@link Metadata}, {@link Classification}): strings as length-prefixed UTF-8 (no 64 KB limit
 * as with {@code writeUTF}), enum constants by name (so reordering an enum does not change what
 * a stored state means), and metadata maps. Reads check every count and length, so corrupt
 * input fails with an {@link IOException} instead of a huge allocation.
 */
final class StateFormat {

    /** Longest string a state may hold: far above any metadata value limit anyone configures. */
    static final int MAX_STRING_BYTES = 1 << 20;
    /** Most values per metadata key, or keys per map, a state may hold. */
    static final int MAX_COUNT = 1 << 16;

    private StateFormat() {
    }

    /** Reads the format version byte and rejects versions this code does not know. */
    static int version(DataInput in, String what, int newest) throws IOException {
        int v = in.readUnsignedByte();
        if (v < 1 || v > newest) {
            throw new InvalidObjectException(what + " state format " + v + " is not supported (1.." + newest + ")");
        }
        return v;
    }

    static void writeString(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInput in) throws IOException {
        int n = count(in.readInt(), MAX_STRING_BYTES, "string length");
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static <E extends Enum<E>> E readEnum(DataInput in, Class<E> type) throws IOException {
        String name = readString(in);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("unknown " + type.getSimpleName() + " " + name);
        }
    }

    static int count(int n, int max, String what) throws IOException {
        if (n < 0 || n > max) {
            throw new InvalidObjectException(what + " out of 0.." + max + ": " + n);
        }
        return n;
    }

    /** A metadata map: keys by name in iteration order, each with its values in order. */
    static void writeMetadata(DataOutput out, Map<MetadataKey, ? extends List<String>> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<MetadataKey, ? extends List<String>> e : m.entrySet()) {
            writeString(out, e.getKey().name());
            out.writeInt(e.getValue().size());
            for (String v : e.getValue()) {
                writeString(out, v);
            }
        }
    }

    /** Reads what {@link #writeMetadata} wrote, into mutable lists. */
    static EnumMap<MetadataKey, ArrayList<String>> readMetadata(DataInput in) throws IOException {
        int keys = count(in.readInt(), MetadataKey.values().length, "metadata keys");
        EnumMap<MetadataKey, ArrayList<String>> m = new EnumMap<>(MetadataKey.class);
        for (int k = 0; k < keys; k++) {
            MetadataKey key = readEnum(in, MetadataKey.class);
            int n = count(in.readInt(), MAX_COUNT, "metadata values");
            ArrayList<String> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(readString(in));
            }
            m.put(key, values);
        }
        return m;
    }
}
