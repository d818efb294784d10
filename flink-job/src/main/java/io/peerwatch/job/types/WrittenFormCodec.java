package io.peerwatch.job.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The codec of a library type that writes its own versioned binary form: an instance method
 * {@code writeTo(DataOutput)} and a static {@code readFrom(DataInput)} (the library's form
 * carries its own format version, so the codec stays at version 1). A type's codec is a
 * subclass with a no-argument constructor naming the class, so a checkpoint names it by class
 * as every codec.
 *
 * @param <T> the library type
 */
public abstract class WrittenFormCodec<T> implements LibraryCodec<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final boolean immutable;
    private transient Method writeTo;
    private transient Method readFrom;

    /**
     * @param type the library type, with {@code writeTo(DataOutput)} and static {@code readFrom(DataInput)}
     * @param immutable whether its values never change
     */
    protected WrittenFormCodec(Class<T> type, boolean immutable) {
        this.type = type;
        this.immutable = immutable;
        methods();
    }

    private void methods() {
        try {
            writeTo = type.getMethod("writeTo", DataOutput.class);
            readFrom = type.getMethod("readFrom", DataInput.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no writeTo(DataOutput) and static readFrom(DataInput)", e);
        }
    }

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
        call(true, value, out);
    }

    @Override
    public final T read(DataInputView in, int version) throws IOException {
        return type.cast(call(false, null, in));
    }

    private Object call(boolean write, Object target, Object arg) throws IOException {
        if (writeTo == null) {
            methods(); // after Java deserialization of the codec
        }
        try {
            return (write ? writeTo : readFrom).invoke(target, arg);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
