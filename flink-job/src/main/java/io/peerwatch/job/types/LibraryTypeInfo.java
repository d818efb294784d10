package io.peerwatch.job.types;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information of a library type written by a {@link LibraryCodec}: the serializer is a
 * {@link LibrarySerializer}, so the type never falls back to Kryo. A key type only when its codec
 * says so ({@link LibraryCodec#keyType()}: a hash code from the values only, the same in every
 * JVM; a record holding an enum, whose hash code is not, never is).
 *
 * @param <T> the library type
 */
public final class LibraryTypeInfo<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final LibraryCodec<T> codec;

    private LibraryTypeInfo(LibraryCodec<T> codec) {
        if (codec == null) {
            throw new IllegalArgumentException("codec must not be null");
        }
        this.codec = codec;
    }

    /** The type information of the codec's type. */
    public static <T> LibraryTypeInfo<T> of(LibraryCodec<T> codec) {
        return new LibraryTypeInfo<>(codec);
    }

    /** The codec behind this type. */
    public LibraryCodec<T> codec() {
        return codec;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return codec.type();
    }

    @Override
    public boolean isKeyType() {
        return codec.keyType();
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new LibrarySerializer<>(codec);
    }

    @Override
    public String toString() {
        return "LibraryTypeInfo<" + codec.type().getName() + ", " + codec.getClass().getName() + " v" + codec.version()
                + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LibraryTypeInfo<?> t && t.canEqual(this) && t.codec.getClass() == codec.getClass();
    }

    @Override
    public int hashCode() {
        return codec.getClass().hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof LibraryTypeInfo;
    }
}
