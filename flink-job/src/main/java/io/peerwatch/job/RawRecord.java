package io.peerwatch.job;

/**
 * A record as read, before decoding: from Kafka (topic, partition, offset, value), or from a
 * file (source name, line or record number, and either the encoded value or the parser's
 * error). Decoding happens in an operator so that a bad record becomes a dead letter with its
 * coordinates instead of failing the source. A Flink POJO.
 */
public class RawRecord {
    /** Source topic, or {@code file:<kind>} for file input. */
    public String topic = "";
    /** Source partition; -1 for files. */
    public int partition;
    /** Source offset; for files, the 1-based line or record number. */
    public long offset;
    /** Record timestamp, epoch ms (Kafka's; 0 for files). */
    public long timestamp;
    /** The value bytes (never null; empty for a null value). */
    public byte[] value = new byte[0];
    /** File name for file input; empty for Kafka. */
    public String sourceName = "";
    /** Why the file parser rejected this record; empty when it parsed. */
    public String error = "";

    public RawRecord() {
    }

    public RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.value = value == null ? new byte[0] : value;
    }

    /** A record parsed from a file, already encoded. */
    public static RawRecord fromFile(String kind, String sourceName, long number, byte[] value) {
        RawRecord r = new RawRecord("file:" + kind, -1, number, 0, value);
        r.sourceName = sourceName;
        return r;
    }

    /** A record a file parser rejected: the raw text and the reason travel to the dead-letter output. */
    public static RawRecord rejected(String kind, String sourceName, long number, byte[] raw, String reason) {
        RawRecord r = fromFile(kind, sourceName, number, raw);
        r.error = reason;
        return r;
    }

    /** True when a file parser rejected this record. */
    public boolean isRejected() {
        return !error.isEmpty();
    }

    @Override
    public String toString() {
        return (sourceName.isEmpty() ? topic + "-" + partition + "@" + offset : sourceName + ":" + offset)
                + " (" + value.length + " bytes)";
    }
}
