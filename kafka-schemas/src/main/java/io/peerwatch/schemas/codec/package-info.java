/**
 * Avro single-object encoding of one record class ({@link io.peerwatch.schemas.codec.AvroCodec}):
 * values of another schema are rejected by fingerprint, values of an earlier published version
 * of the same schema are read, and every decoding failure is a
 * {@link io.peerwatch.schemas.codec.RecordDecodeException} with a reason for the dead-letter topic.
 */
package io.peerwatch.schemas.codec;
