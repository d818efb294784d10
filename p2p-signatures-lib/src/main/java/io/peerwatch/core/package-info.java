/**
 * The library's small value types, shared by every other package: IP addresses and CIDR blocks
 * ({@link io.peerwatch.core.IpAddress}, {@link io.peerwatch.core.Cidr},
 * {@link io.peerwatch.core.InternalNetworks}), the unidirectional flow record every flow input
 * produces ({@link io.peerwatch.core.FlowRecord}, with {@link io.peerwatch.core.FlowDirection} and
 * {@link io.peerwatch.core.FlowSourceKind}), the product-wide alert types and severities
 * ({@link io.peerwatch.core.AlertType}, {@link io.peerwatch.core.Severity}), input that could not be
 * used ({@link io.peerwatch.core.DeadLetter}) and the "source, line, reason" exceptions parsers
 * throw. Free of Avro, Flink and Kafka: the mapping to topic records lives in {@code kafka-schemas}.
 */
package io.peerwatch.core;
