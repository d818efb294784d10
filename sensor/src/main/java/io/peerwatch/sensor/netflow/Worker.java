package io.peerwatch.sensor.netflow;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.netflow.DecodeError;
import io.peerwatch.netflow.ExporterStats;
import io.peerwatch.netflow.FlowDecoder;
import io.peerwatch.netflow.DecodeListener;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.schemas.TopicCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * One decode/encode/produce thread: takes datagram batches, decodes them with its own
 * {@link FlowDecoder}, writes the flows of each export datagram as one Kafka record (an Avro
 * {@code FlowRecordBatch} of at most {@link CollectorConfig#maxFlowsPerRecord()} flows; a
 * {@code FlowRecord} when there is one flow) and each decoding problem as a {@code DeadLetter}.
 * Owns its decoder; publishes the decoder's counters for the reporter. Counters stay per flow:
 * a record's acknowledgement acknowledges its flows.
 */
final class Worker implements Runnable, DecodeListener {
    static final String SOURCE_KIND = "udp:netflow";
    private static final int MAX_CACHED_EXPORTERS = 4096;
    /** The reporter's view of the decoder's counters is at most this old (ms). */
    private static final long STATS_REFRESH_MS = 200;

    private final FlowDecoder decoder;
    private final BlockingQueue<DatagramBatch> queue;
    private final BlockingQueue<DatagramBatch> free;
    private final Producer<byte[], byte[]> producer;
    private final String flowsTopic;
    private final String deadLetterTopic;
    private final long expireIntervalMs;
    private final CollectorCounters counters;
    private final int maxFlowsPerRecord;
    private final Callback deadLetterAck;
    /** Flows of the datagram being decoded, not yet written. */
    private final List<FlowRecord> pending = new ArrayList<>();
    private final Map<InetAddress, IpAddress> exporters = new HashMap<>();
    private volatile List<ExporterStats> stats = List.of();
    private DatagramBatch current;
    private int currentIndex;

    Worker(CollectorConfig config, BlockingQueue<DatagramBatch> queue, BlockingQueue<DatagramBatch> free,
            Producer<byte[], byte[]> producer, CollectorCounters counters) {
        this.decoder = new FlowDecoder(config.decoder());
        this.queue = queue;
        this.free = free;
        this.producer = producer;
        this.flowsTopic = config.flowsTopic();
        this.deadLetterTopic = config.deadLetterTopic();
        this.expireIntervalMs = config.expireInterval().toMillis();
        this.counters = counters;
        this.maxFlowsPerRecord = config.maxFlowsPerRecord();
        this.deadLetterAck = (meta, e) -> counters.deadLetterAcked(e);
    }

    /** The decoder's counters, at most {@link #STATS_REFRESH_MS} old (exact after the worker ended). */
    List<ExporterStats> stats() {
        return stats;
    }

    @Override
    public void run() {
        long nextExpire = System.currentTimeMillis() + expireIntervalMs;
        long nextStats = 0;
        try {
            while (true) {
                DatagramBatch b = queue.poll(STATS_REFRESH_MS, TimeUnit.MILLISECONDS);
                if (b != null && b.last) {
                    break;
                }
                if (b != null) {
                    decodeBatch(b);
                    b.clear();
                    free.offer(b);
                }
                long now = System.currentTimeMillis();
                if (now >= nextExpire) {
                    decoder.expire(now, this);
                    sendPending();
                    nextExpire = now + expireIntervalMs;
                }
                if (now >= nextStats) {
                    stats = decoder.stats();
                    nextStats = now + STATS_REFRESH_MS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Data sets still waiting for a template will not get one: report them, then the totals.
        decoder.flush(this);
        sendPending(); // nothing left behind: the collector flushes the producer after the workers end
        stats = decoder.stats();
    }

    private void decodeBatch(DatagramBatch b) {
        ByteBuffer buf = b.data.duplicate();
        current = b;
        for (int i = 0; i < b.count; i++) {
            currentIndex = i;
            buf.limit(b.offsets[i] + b.lengths[i]).position(b.offsets[i]);
            decoder.decode(buf, exporter(b.senders[i]), b.receivedAtMs[i], this);
            sendPending(); // one record per datagram
        }
        current = null;
    }

    private IpAddress exporter(InetSocketAddress from) {
        InetAddress a = from.getAddress();
        IpAddress ip = exporters.get(a);
        if (ip == null) {
            if (exporters.size() >= MAX_CACHED_EXPORTERS) {
                exporters.clear();
            }
            ip = IpAddress.of(a.getAddress());
            exporters.put(a, ip);
        }
        return ip;
    }

    @Override
    public void onFlow(FlowRecord flow) {
        pending.add(flow);
        if (pending.size() >= maxFlowsPerRecord) {
            sendPending();
        }
    }

    /** Writes the pending flows as one record (none when there are none). */
    private void sendPending() {
        int n = pending.size();
        if (n == 0) {
            return;
        }
        byte[] value = n == 1 ? TopicCodec.flows().encode(pending.get(0)) : TopicCodec.encodeFlowBatch(pending);
        pending.clear();
        try {
            producer.send(new ProducerRecord<>(flowsTopic, value), (meta, e) -> counters.flowsAcked(e, n));
            counters.flowsSent(n);
        } catch (KafkaException | IllegalStateException e) {
            counters.sendFailed(e, n);
        }
    }

    @Override
    public void onError(DecodeError error) {
        counters.error(error);
        byte[] raw;
        if (error.data().isPresent()) {
            ByteBuffer d = error.data().get().duplicate();
            raw = new byte[d.remaining()];
            d.get(raw);
        } else if (current != null) {
            raw = new byte[current.lengths[currentIndex]];
            current.data.get(current.offsets[currentIndex], raw);
        } else {
            raw = new byte[0];
        }
        DeadLetter dl = DeadLetter.ofSource(SOURCE_KIND, error.exporter().toString(), 0, raw, error.kind().name(),
                error.message(), System.currentTimeMillis());
        try {
            producer.send(new ProducerRecord<>(deadLetterTopic, TopicCodec.deadLetters().encode(dl)), deadLetterAck);
            counters.deadLetterSent();
        } catch (KafkaException | IllegalStateException e) {
            counters.sendFailed(e, 1);
        }
    }
}
