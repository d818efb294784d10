package io.peerwatch.job;

/**
 * A Kafka record as read, before decoding: decoding happens in an operator so that a bad
 * value becomes a dead letter (with its offset) instead of failing the source. A Flink POJO.
 */
public class RawRecord {
    /** Source topic. */
    public String topic = "";
    /** Source partition. */
    public int partition;
    /** Source offset. */
    public long offset;
    /** Kafka record timestamp, epoch ms. */
    public long timestamp;
    /** The value bytes (never null; empty for a null value). */
    public byte[] value = new byte[0];

    public RawRecord() {
    }

    public RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.value = value == null ? new byte[0] : value;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " (" + value.length + " bytes)";
    }
}
