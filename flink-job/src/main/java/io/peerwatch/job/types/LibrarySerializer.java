package io.peerwatch.job.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer over a library type's own binary form: a {@link Writer} and a
 * {@link Reader} (for example {@code FlowState::writeTo} and {@code FlowState::readFrom}), so no
 * library value falls back to Kryo. The library's formats start with their own version byte and
 * read every older version they know, so the serializer itself stays the same across library
 * versions: its {@link Snapshot} records only the type, and a restore with the same type is
 * compatible as is.
 *
 * <p>Null values are not supported (Flink never hands a null state value or record to a
 * serializer). Copies of mutable types go through the binary form.
 *
 * @param <T> the library type
 */
public final class LibrarySerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;
    private static final int COPY_BUFFER = 256;

    /** Writes one value in the library's binary form (its {@code writeTo}). */
    @FunctionalInterface
    public interface Writer<T> extends Serializable {
        void write(T value, DataOutput out) throws IOException;
    }

    /** Reads one value written by the matching {@link Writer} (the type's {@code readFrom}). */
    @FunctionalInterface
    public interface Reader<T> extends Serializable {
        T read(DataInput in) throws IOException;
    }

    private final Class<T> type;
    private final Writer<T> writer;
    private final Reader<T> reader;
    private final boolean immutable;

    /**
     * @param type the library type
     * @param writer its binary writer
     * @param reader its binary reader
     * @param immutable true when values never change after construction (copies are then the value itself)
     */
    public LibrarySerializer(Class<T> type, Writer<T> writer, Reader<T> reader, boolean immutable) {
        if (type == null || writer == null || reader == null) {
            throw new IllegalArgumentException("type, writer and reader must not be null");
        }
        this.type = type;
        this.writer = writer;
        this.reader = reader;
        this.immutable = immutable;
    }

    /** The library type. */
    public Class<T> type() {
        return type;
    }

    @Override
    public boolean isImmutableType() {
        return immutable;
    }

    /** Stateless: the same instance serves every thread. */
    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    /** Library types have no blank instance to offer; Flink only asks for one when reusing objects. */
    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        if (immutable) {
            return from;
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(COPY_BUFFER);
            writer.write(from, out);
            return reader.read(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    /** Variable length. */
    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T value, DataOutputView target) throws IOException {
        writer.write(value, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return reader.read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LibrarySerializer<?> s && s.type == type && s.immutable == immutable;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(type);
    }

    @Override
    public String toString() {
        return "LibrarySerializer<" + type.getSimpleName() + ">";
    }

    /**
     * What a checkpoint records about a {@link LibrarySerializer}: the library type's class
     * name. Restoring finds the type's serializer in {@link LibraryTypes}; a serializer of the
     * same type is compatible as is (the values carry their own format version), any other is
     * incompatible.
     *
     * @param <T> the library type
     */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private static final int VERSION = 1;

        private Class<T> type;

        /** For Flink, which makes snapshots reflectively before {@link #readSnapshot}. */
        public Snapshot() {
        }

        Snapshot(Class<T> type) {
            this.type = type;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(type.getName());
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != VERSION) {
                throw new IOException("library serializer snapshot version " + readVersion + " is not supported");
            }
            String name = in.readUTF();
            try {
                @SuppressWarnings("unchecked")
                Class<T> c = (Class<T>) Class.forName(name, false, classLoader);
                type = c;
            } catch (ClassNotFoundException e) {
                throw new IOException("library type " + name + " not found: " + e.getMessage(), e);
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return LibraryTypes.serializer(type);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
            return oldSnapshot instanceof Snapshot<T> old && old.type == type
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
