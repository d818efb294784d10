package io.peerwatch.sensor.pcap;

import io.peerwatch.schemas.Topics;
import java.util.Map;

/**
 * Settings of a {@link PacketSensor}.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param topic topic of the {@code PacketEvent}s
 * @param sensorName written into every event (the interface or file name by default)
 * @param payloadPrefixBytes payload bytes kept per packet
 * @param producerOverrides Kafka producer settings that replace the sensor's defaults
 */
public record PacketSensorConfig(String bootstrap, String topic, String sensorName, int payloadPrefixBytes,
        Map<String, String> producerOverrides) {

    /**
     * 512 payload bytes per packet: every PeerWatch signature decides on the first few hundred
     * bytes of a flow's first packets (a BitTorrent handshake is 68, an HTTP request line and
     * headers rarely more).
     */
    public static final int DEFAULT_PAYLOAD_PREFIX_BYTES = 512;

    public PacketSensorConfig {
        if (bootstrap == null || bootstrap.isBlank() || topic == null || topic.isBlank() || sensorName == null) {
            throw new IllegalArgumentException("bootstrap, topic and sensor name are required");
        }
        if (payloadPrefixBytes < 0 || payloadPrefixBytes > 65_535) {
            throw new IllegalArgumentException("payload prefix must be 0..65535 bytes: " + payloadPrefixBytes);
        }
        producerOverrides = Map.copyOf(producerOverrides);
    }

    /** Defaults: topic {@code peerwatch.packets}, {@link #DEFAULT_PAYLOAD_PREFIX_BYTES}. */
    public static PacketSensorConfig defaults(String bootstrap, String sensorName) {
        return new PacketSensorConfig(bootstrap, Topics.PACKETS, sensorName, DEFAULT_PAYLOAD_PREFIX_BYTES, Map.of());
    }

    public PacketSensorConfig withTopic(String t) {
        return new PacketSensorConfig(bootstrap, t, sensorName, payloadPrefixBytes, producerOverrides);
    }

    public PacketSensorConfig withPayloadPrefixBytes(int n) {
        return new PacketSensorConfig(bootstrap, topic, sensorName, n, producerOverrides);
    }

    public PacketSensorConfig withProducerOverrides(Map<String, String> o) {
        return new PacketSensorConfig(bootstrap, topic, sensorName, payloadPrefixBytes, o);
    }
}
