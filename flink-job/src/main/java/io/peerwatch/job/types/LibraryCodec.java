package io.peerwatch.job.types;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * How one library type is written to and read from Flink's binary views: what a
 * {@link LibrarySerializer} needs besides the version byte it writes in front of every value.
 *
 * <p>An implementation is a small stateless class with a public no-argument constructor: a
 * checkpoint's serializer snapshot names it by class, and a restore instantiates it again by that
 * name (no lambdas or instances are serialized into checkpoints). Its format evolves by raising
 * {@link #version()}: {@link #read} keeps reading every earlier version, so state written by an
 * older job restores without migration.
 *
 * @param <T> the library type
 */
public interface LibraryCodec<T> extends Serializable {

    /** The library type. */
    Class<T> type();

    /** The format version {@link #write} produces (1 for a first format); {@link #read} reads 1 to it. */
    int version();

    /** True when values never change after construction: copies may then be the same instance. */
    boolean immutable();

    /**
     * True when the type can key a stream: immutable, with {@code equals} and a {@code hashCode}
     * computed from its values only (the same in every JVM), and a deterministic binary form.
     */
    default boolean keyType() {
        return false;
    }

    /** Writes a value (never null) in the format of {@link #version()}. */
    void write(T value, DataOutputView out) throws IOException;

    /**
     * Reads a value written in format {@code version}.
     *
     * @param version a version from 1 to {@link #version()}, as it was written
     * @throws IOException when the input ends early or does not hold such a value
     */
    T read(DataInputView in, int version) throws IOException;
}
