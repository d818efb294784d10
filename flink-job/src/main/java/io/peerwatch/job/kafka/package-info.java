/**
 * The job's Kafka edges ({@link io.peerwatch.job.kafka.KafkaConnectors}): sources that decode each
 * value once into a library value or a dead letter, and exactly-once transactional sinks that
 * encode alerts (Avro and ECS JSON) and dead letters. The only place in the job where topic bytes
 * are read or written.
 */
package io.peerwatch.job.kafka;
