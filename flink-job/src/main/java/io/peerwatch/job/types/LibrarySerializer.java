package io.peerwatch.job.types;

import java.io.IOException;
import java.io.StreamCorruptedException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of a library type: a version byte (the codec's {@link LibraryCodec#version()})
 * and the codec's binary form. Because every value carries its version, state written by an
 * earlier format restores as it is; the {@link Snapshot} in a checkpoint records the codec's class
 * name and version, restores the serializer by that name, and refuses only a format newer than
 * the running code (a downgrade) or another codec.
 *
 * <p>Null values are not supported (Flink wraps nullable fields itself). Immutable types are
 * never copied; mutable ones (detector windows, meters) are deep-copied through their binary form.
 *
 * @param <T> the library type
 */
public final class LibrarySerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;
    /** First buffer size when a mutable value is copied through its binary form. */
    private static final int COPY_BUFFER_BYTES = 256;

    private final LibraryCodec<T> codec;

    public LibrarySerializer(LibraryCodec<T> codec) {
        if (codec == null) {
            throw new IllegalArgumentException("codec must not be null");
        }
        if (codec.version() < 1 || codec.version() > 0xff) {
            throw new IllegalArgumentException("codec version out of 1..255: " + codec.version());
        }
        this.codec = codec;
    }

    /** The codec this serializer writes with. */
    public LibraryCodec<T> codec() {
        return codec;
    }

    @Override
    public boolean isImmutableType() {
        return codec.immutable();
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless: codecs hold no state
    }

    /** Library types have no neutral instance; Flink's serializers of this kind return null. */
    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        if (from == null || codec.immutable()) {
            return from;
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(COPY_BUFFER_BYTES);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + codec.type().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    /**
     * Per-thread buffer for writing to views that are streams: a checkpoint writes keyed state
     * through a {@code DataOutputViewStreamWrapper}, a {@code DataOutputStream} that passes every
     * {@code writeByte}/{@code writeInt} on to the checkpoint stream separately; the codecs' many
     * small writes then cost more than the state itself. Written into this array first, a value
     * reaches the stream in one call. (Records between tasks and copies are written into
     * {@link DataOutputSerializer}s already and go straight through.)
     */
    private static final ThreadLocal<DataOutputSerializer> STREAM_BUFFER =
            ThreadLocal.withInitial(() -> new DataOutputSerializer(COPY_BUFFER_BYTES));
    /** A buffer grown beyond this by one large value is not kept for the thread's later values. */
    private static final int MAX_KEPT_BUFFER_BYTES = 1 << 20;

    @Override
    public void serialize(T value, DataOutputView out) throws IOException {
        if (value == null) {
            throw new NullPointerException("null " + codec.type().getSimpleName() + " values cannot be serialized");
        }
        if (out instanceof DataOutputSerializer) {
            out.writeByte(codec.version());
            codec.write(value, out);
            return;
        }
        DataOutputSerializer buf = STREAM_BUFFER.get();
        buf.clear();
        buf.writeByte(codec.version());
        codec.write(value, buf);
        out.write(buf.getSharedBuffer(), 0, buf.length());
        if (buf.getSharedBuffer().length > MAX_KEPT_BUFFER_BYTES) {
            STREAM_BUFFER.remove();
        }
    }

    @Override
    public T deserialize(DataInputView in) throws IOException {
        int version = in.readUnsignedByte();
        if (version < 1 || version > codec.version()) {
            throw new StreamCorruptedException("format version " + version + " of " + codec.type().getSimpleName()
                    + " is not one this job reads (1 to " + codec.version() + ")");
        }
        return codec.read(in, version);
    }

    @Override
    public T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    /** Copies one value, re-encoded in the current format. */
    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LibrarySerializer<?> s && s.codec.getClass() == codec.getClass();
    }

    @Override
    public int hashCode() {
        return codec.getClass().hashCode();
    }

    @Override
    public String toString() {
        return "LibrarySerializer<" + codec.type().getSimpleName() + " v" + codec.version() + ">";
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(codec.getClass().getName(), codec.version(), codec);
    }

    /**
     * What a checkpoint records about a {@link LibrarySerializer}: the codec's class name and the
     * format version it wrote. Restored by class name with the job's class loader.
     *
     * @param <T> the library type
     */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {

        /** Version of this snapshot's own layout (class name, format version). */
        private static final int SNAPSHOT_VERSION = 1;

        private String codecClass;
        private int formatVersion;
        private LibraryCodec<T> codec;

        /** For Flink, which instantiates snapshots by class name and then reads them. */
        public Snapshot() {
        }

        Snapshot(String codecClass, int formatVersion, LibraryCodec<T> codec) {
            this.codecClass = codecClass;
            this.formatVersion = formatVersion;
            this.codec = codec;
        }

        /** The codec's class name. */
        public String codecClass() {
            return codecClass;
        }

        /** The format version the serializer wrote. */
        public int formatVersion() {
            return formatVersion;
        }

        @Override
        public int getCurrentVersion() {
            return SNAPSHOT_VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(codecClass);
            out.writeInt(formatVersion);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
            if (readVersion != SNAPSHOT_VERSION) {
                throw new IOException("unknown LibrarySerializer snapshot version " + readVersion);
            }
            codecClass = in.readUTF();
            formatVersion = in.readInt();
            codec = instantiate(codecClass, userCodeClassLoader);
        }

        @SuppressWarnings("unchecked")
        private static <T> LibraryCodec<T> instantiate(String name, ClassLoader loader) throws IOException {
            try {
                Object c = Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
                if (!(c instanceof LibraryCodec<?>)) {
                    throw new IOException(name + " is not a " + LibraryCodec.class.getSimpleName());
                }
                return (LibraryCodec<T>) c;
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IOException("cannot restore the serializer of codec " + name
                        + " (codecs need a public no-argument constructor and must keep their class name): " + e, e);
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new LibrarySerializer<>(codec);
        }

        /**
         * Compatible as it is when the old snapshot is of the same codec and of this format or an
         * earlier one (values carry their version); incompatible otherwise.
         */
        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (!(old instanceof Snapshot<T> o) || !codecClass.equals(o.codecClass) || o.formatVersion > formatVersion) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
    }
}
