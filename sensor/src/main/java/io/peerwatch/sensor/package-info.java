/**
 * PeerWatch sensors: ingest into Kafka what the streaming job analyses, as Avro single-object
 * encoded records. {@link io.peerwatch.sensor.netflow.NetflowCollector} (NetFlow v5/v9/IPFIX over
 * UDP), {@link io.peerwatch.sensor.proxy.ProxyTailer} (proxy logs, through rotation, without loss
 * or duplicates), {@link io.peerwatch.sensor.pcap.PacketSensor} and
 * {@link io.peerwatch.sensor.pcap.LiveCapture} (packets, live through pcap4j or from files).
 * Bad input goes to the dead-letter topic with the reason; no sensor stops on it.
 * Library values become topic bytes through {@code io.peerwatch.schemas.TopicCodec} (the one
 * library-to-Avro mapping, shared with the job); {@link io.peerwatch.sensor.SensorKafka} holds the
 * producer settings all sensors share. No Flink here.
 */
package io.peerwatch.sensor;
