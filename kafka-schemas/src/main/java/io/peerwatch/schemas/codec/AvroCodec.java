package io.peerwatch.schemas.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro single-object encoding for one record class (magic {@code C3 01}, the 8-byte CRC-64-AVRO
 * fingerprint of the writer schema, then the binary body), as every PeerWatch topic value is
 * written. A value written with another schema is rejected by its fingerprint instead of being
 * misread; truncated or corrupt bodies are rejected with the reason.
 *
 * <pre>{@code
 * AvroCodec<FlowRecord> codec = AvroCodec.of(FlowRecord.class);
 * byte[] bytes = codec.encode(record);
 * FlowRecord back = codec.decode(bytes); // throws RecordDecodeException on bad input
 * }</pre>
 *
 * <p>Instances are thread-safe.
 */
public final class AvroCodec<T extends SpecificRecordBase> {

    static {
        // Bound what a corrupt length prefix can make the decoder allocate (Avro's own limits,
        // honoured only when set before Avro's decoder classes load; an explicit setting wins).
        setIfAbsent("org.apache.avro.limits.bytes.maxLength", Integer.toString(64 << 20));
        setIfAbsent("org.apache.avro.limits.string.maxLength", Integer.toString(16 << 20));
        setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", Integer.toString(1 << 20));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
    }

    /** A codec for a generated record class. */
    public static <T extends SpecificRecordBase> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type);
    }

    /** The writer/reader schema. */
    public Schema schema() {
        return schema;
    }

    /** Encodes one record. */
    public byte[] encode(T record) {
        try {
            ByteBuffer buf = encoder.encode(record);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    private static boolean causedByEof(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes one value.
     *
     * @throws RecordDecodeException naming the reason: bad header, schema mismatch, truncated or
     *     corrupt body, trailing bytes
     */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new RecordDecodeException(RecordDecodeException.Reason.EMPTY, "empty value, expected a "
                    + type.getSimpleName());
        }
        try {
            T record = decoder.decode(bytes);
            // Re-encoding gives the exact length of a well-formed value: anything after it is garbage.
            int used = encoder.encode(record).remaining();
            if (used != bytes.length) {
                throw new RecordDecodeException(RecordDecodeException.Reason.CORRUPT, (bytes.length - used)
                        + " trailing bytes after a " + type.getSimpleName() + " of " + used + " bytes");
            }
            return record;
        } catch (RecordDecodeException e) {
            throw e;
        } catch (MissingSchemaException e) {
            throw new RecordDecodeException(RecordDecodeException.Reason.SCHEMA_MISMATCH,
                    "value was written with another schema (fingerprint unknown), expected " + type.getSimpleName());
        } catch (BadHeaderException e) {
            throw new RecordDecodeException(RecordDecodeException.Reason.BAD_HEADER,
                    "not Avro single-object encoding: " + e.getMessage());
        } catch (EOFException e) {
            throw new RecordDecodeException(RecordDecodeException.Reason.TRUNCATED,
                    "value ends early (" + bytes.length + " bytes) for a " + type.getSimpleName());
        } catch (IOException | AvroRuntimeException | IllegalArgumentException | IndexOutOfBoundsException
                | ClassCastException | NegativeArraySizeException | UnsupportedOperationException e) {
            if (causedByEof(e)) {
                throw new RecordDecodeException(RecordDecodeException.Reason.TRUNCATED,
                        "value ends early (" + bytes.length + " bytes) for a " + type.getSimpleName());
            }
            throw new RecordDecodeException(RecordDecodeException.Reason.CORRUPT,
                    "corrupt " + type.getSimpleName() + " body: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
