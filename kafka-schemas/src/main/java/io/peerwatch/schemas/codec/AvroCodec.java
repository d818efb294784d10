package io.peerwatch.schemas.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro single-object encoding for one record class (magic {@code C3 01}, the 8-byte CRC-64-AVRO
 * fingerprint of the writer schema, then the binary body), as every PeerWatch topic value is
 * written. A value written with another schema is rejected by its fingerprint instead of being
 * misread; truncated or corrupt bodies are rejected with the reason. Values written with an
 * earlier published version of the schema (kept under {@code io/peerwatch/schemas/history/v<N>/})
 * are read too, with Avro's schema resolution filling the fields added since from their defaults:
 * a sensor that has not been upgraded keeps feeding an upgraded job.
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

    /** Highest history version looked for. */
    private static final int MAX_HISTORY_VERSION = 9;
    /** Single-object encoding: magic bytes, then the 8-byte little-endian schema fingerprint. */
    private static final byte[] MAGIC = {(byte) 0xC3, 0x01};
    private static final int HEADER_LENGTH = MAGIC.length + Long.BYTES;

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    /** Reader per writer-schema fingerprint: the current schema and every published earlier one. */
    private final Map<Long, DatumReader<T>> readers = new HashMap<>();

    private AvroCodec(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        readers.put(SchemaNormalization.parsingFingerprint64(schema), new SpecificDatumReader<>(schema, schema, model));
        for (Schema old : history(type)) {
            readers.putIfAbsent(SchemaNormalization.parsingFingerprint64(old), new SpecificDatumReader<>(old, schema, model));
        }
    }

    /** Published earlier versions of the record's schema, oldest first. */
    static List<Schema> history(Class<?> type) {
        List<Schema> out = new ArrayList<>();
        for (int v = 1; v <= MAX_HISTORY_VERSION; v++) {
            String name = "/io/peerwatch/schemas/history/v" + v + "/" + type.getSimpleName() + ".avsc";
            try (InputStream in = AvroCodec.class.getResourceAsStream(name)) {
                if (in != null) {
                    out.add(new Schema.Parser().parse(in));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema history " + name, e);
            }
        }
        return out;
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
        int magic = Math.min(bytes.length, MAGIC.length);
        if (!Arrays.equals(bytes, 0, magic, MAGIC, 0, magic)) {
            throw new RecordDecodeException(RecordDecodeException.Reason.BAD_HEADER,
                    "not Avro single-object encoding: unrecognized header bytes");
        }
        if (bytes.length < HEADER_LENGTH) {
            throw new RecordDecodeException(RecordDecodeException.Reason.BAD_HEADER,
                    "not Avro single-object encoding: header cut at " + bytes.length + " of " + HEADER_LENGTH + " bytes");
        }
        DatumReader<T> reader = readers.get(ByteBuffer.wrap(bytes, MAGIC.length, Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).getLong());
        if (reader == null) {
            throw new RecordDecodeException(RecordDecodeException.Reason.SCHEMA_MISMATCH,
                    "value was written with another schema (fingerprint unknown), expected " + type.getSimpleName());
        }
        try {
            BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
            T record = reader.read(null, in);
            if (!in.isEnd()) {
                int rest = in.inputStream().available();
                throw new RecordDecodeException(RecordDecodeException.Reason.CORRUPT, rest
                        + " trailing bytes after a " + type.getSimpleName() + " of " + (bytes.length - rest) + " bytes");
            }
            return record;
        } catch (RecordDecodeException e) {
            throw e;
        } catch (EOFException e) {
            throw truncated(bytes);
        } catch (IOException | AvroRuntimeException | IllegalArgumentException | IndexOutOfBoundsException
                | ClassCastException | NegativeArraySizeException | UnsupportedOperationException e) {
            if (causedByEof(e)) {
                throw truncated(bytes);
            }
            throw new RecordDecodeException(RecordDecodeException.Reason.CORRUPT,
                    "corrupt " + type.getSimpleName() + " body: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private RecordDecodeException truncated(byte[] bytes) {
        return new RecordDecodeException(RecordDecodeException.Reason.TRUNCATED,
                "value ends early (" + bytes.length + " bytes) for a " + type.getSimpleName());
    }
}
