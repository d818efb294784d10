/**
 * A real single-node KRaft Kafka broker on 127.0.0.1 for the command line's embedded default
 * and for tests ({@link io.peerwatch.kafka.LocalKafka}, which runs Kafka's own server in a child
 * JVM, {@link io.peerwatch.kafka.LocalKafkaBroker}). Never part of the job jar or the sensors.
 */
package io.peerwatch.kafka;
