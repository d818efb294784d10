package io.peerwatch.job.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The codec of a library type that writes its own versioned binary form: an instance method
 * {@code writeTo(DataOutput)} and a static {@code readFrom(DataInput)} (the library's form
 * carries its own format version, so the codec stays at version 1). A type's codec is a
 * subclass with a no-argument constructor naming the class, so a checkpoint names it by class
 * as every codec, and two one-line methods calling those two (plain calls: a reflective call
 * per record allocated its argument array and was a tenth of the job's allocation on flows).
 *
 * @param <T> the library type
 */
public abstract class WrittenFormCodec<T> implements LibraryCodec<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final boolean immutable;

    /**
     * @param type the library type
     * @param immutable whether its values never change
     */
    protected WrittenFormCodec(Class<T> type, boolean immutable) {
        this.type = type;
        this.immutable = immutable;
    }

    /** Calls the value's {@code writeTo(DataOutput)}. */
    protected abstract void writeTo(T value, DataOutput out) throws IOException;

    /** Calls the type's static {@code readFrom(DataInput)}. */
    protected abstract T readFrom(DataInput in) throws IOException;

    @Override
    public final Class<T> type() {
        return type;
    }

    @Override
    public final int version() {
        return 1;
    }

    @Override
    public final boolean immutable() {
        return immutable;
    }

    @Override
    public final void write(T value, DataOutputView out) throws IOException {
        writeTo(value, out);
    }

    @Override
    public final T read(DataInputView in, int version) throws IOException {
        return readFrom(in);
    }
}
