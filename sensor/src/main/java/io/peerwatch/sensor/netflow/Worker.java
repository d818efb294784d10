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
 * {@link FlowDecoder}, writes each flow as an Avro {@code FlowRecord} and each decoding problem
 * as a {@code DeadLetter}. Owns its decoder; publishes the decoder's counters for the reporter.
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
    private final Callback flowAck;
    private final Callback deadLetterAck;
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
        this.flowAck = (meta, e) -> counters.acked(e, true);
        this.deadLetterAck = (meta, e) -> counters.acked(e, false);
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
        stats = decoder.stats();
    }

    private void decodeBatch(DatagramBatch b) {
        ByteBuffer buf = b.data.duplicate();
        current = b;
        for (int i = 0; i < b.count; i++) {
            currentIndex = i;
            buf.limit(b.offsets[i] + b.lengths[i]).position(b.offsets[i]);
            decoder.decode(buf, exporter(b.senders[i]), b.receivedAtMs[i], this);
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
        byte[] value = TopicCodec.flows().encode(flow);
        try {
            producer.send(new ProducerRecord<>(flowsTopic, value), flowAck);
            counters.flowSent();
        } catch (KafkaException | IllegalStateException e) {
            counters.sendFailed(e);
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
            counters.sendFailed(e);
        }
    }
}
