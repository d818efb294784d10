package io.peerwatch.job.types;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information of a library type serialized by its own binary form
 * ({@link LibrarySerializer}): an atomic type (no fields Flink looks into), usable as a key when
 * the type defines {@code hashCode} (and {@code equals}) from its values.
 *
 * @param <T> the library type
 */
public final class LibraryTypeInfo<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final LibrarySerializer<T> serializer;
    private final boolean keyType;

    /** Type information whose serializer is {@code serializer}. */
    public LibraryTypeInfo(LibrarySerializer<T> serializer) {
        this.serializer = serializer;
        this.keyType = definesHashCode(serializer.type());
    }

    private static boolean definesHashCode(Class<?> type) {
        try {
            return type.getMethod("hashCode").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The serializer (stateless, shared). */
    public LibrarySerializer<T> serializer() {
        return serializer;
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
        return serializer.type();
    }

    /** True when the type's {@code hashCode} comes from its values, as keys need. */
    @Override
    public boolean isKeyType() {
        return keyType;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return "LibraryType<" + serializer.type().getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LibraryTypeInfo<?> other && other.canEqual(this) && other.serializer.equals(serializer);
    }

    @Override
    public int hashCode() {
        return serializer.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof LibraryTypeInfo;
    }
}
