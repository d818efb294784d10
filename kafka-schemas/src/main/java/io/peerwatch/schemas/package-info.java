/**
 * The Kafka edge of PeerWatch: the Avro records of every topic (generated from
 * {@code src/main/avro}: {@code FlowRecord}, {@code PacketEvent}, {@code ProxyRecord},
 * {@code Alert}, {@code DeadLetter}), the default topic names ({@link io.peerwatch.schemas.Topics})
 * and the one mapping between library values and those records
 * ({@link io.peerwatch.schemas.AvroMapper}), which {@link io.peerwatch.schemas.TopicCodec} wraps as
 * "library value to and from topic bytes" for the sensors, the job's sources and sinks, tests and
 * benchmarks. Nothing else in PeerWatch handles Avro records.
 */
package io.peerwatch.schemas;
