package io.peerwatch.sensor.netflow;

import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.schemas.Topics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of a {@link NetflowCollector}, with documented defaults. Build with
 * {@link #builder(InetSocketAddress, String)}; setters reject invalid values at once.
 *
 * @param listen UDP address to receive export datagrams on
 * @param bootstrap Kafka bootstrap servers
 * @param flowsTopic topic of the decoded flows: one {@code FlowRecordBatch} value per export
 *     datagram (at most {@code maxFlowsPerRecord} flows each), a single {@code FlowRecord} value
 *     for a datagram of one flow
 * @param deadLetterTopic topic of the {@code DeadLetter}s for bad datagrams
 * @param receiveBufferBytes socket receive buffer requested (SO_RCVBUF); Linux caps it at
 *     {@code net.core.rmem_max}, and the collector says so when it does
 * @param workers decode/encode/produce threads; datagrams are sharded over them by exporter
 *     address, each with its own decoder
 * @param queueBatches datagram batches that may wait between the receive thread and the workers
 * @param batchBytes bytes of datagrams per batch
 * @param handoffDelay how long the receive thread gathers datagrams in a batch before it hands the
 *     batch to an idle worker, and lets the socket buffer fill meanwhile instead of waking for
 *     every datagram; zero hands each batch over as soon as the socket is empty (lowest
 *     latency, most thread wake-ups). A full batch, or one held {@code 5 ms}, goes at once
 * @param maxFlowsPerRecord most flows one Kafka record of the flows topic holds; a datagram with
 *     more is written as several records; 1 writes one {@code FlowRecord} value per flow (as
 *     before batches, for readers that do not know {@code FlowRecordBatch})
 * @param statsInterval how often the stats line and the per-reason error lines are printed
 * @param expireInterval how often workers expire templates and pending data sets when idle
 * @param decoder the decoder's limits and timeouts
 * @param producerOverrides Kafka producer settings that replace the sensor's defaults
 */
public record CollectorConfig(
        InetSocketAddress listen,
        String bootstrap,
        String flowsTopic,
        String deadLetterTopic,
        int receiveBufferBytes,
        int workers,
        int queueBatches,
        int batchBytes,
        Duration handoffDelay,
        int maxFlowsPerRecord,
        Duration statsInterval,
        Duration expireInterval,
        DecoderConfig decoder,
        Map<String, String> producerOverrides) {

    /**
     * 4 MiB receive buffer, as nfcapd's zero-loss reference ({@code -B 4194304}): absorbs about
     * 90 ms of a 40,000 datagrams/s stream while the receive thread is descheduled.
     */
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 4 << 20;
    /** One worker: on small machines the Kafka producer and broker need the other cores. */
    public static final int DEFAULT_WORKERS = 1;
    /** Batches queued per worker before the receive thread waits (and the socket buffer fills). */
    public static final int DEFAULT_QUEUE_BATCHES = 256;
    /** 256 KiB per batch: a few hundred export datagrams. */
    public static final int DEFAULT_BATCH_BYTES = 256 << 10;
    /**
     * 1 ms: under load the receive and worker threads wake about a thousand times a second instead
     * of once per burst of datagrams. The hand-offs and wake-ups were about a third of the
     * collector's CPU at 140,000 datagrams/s; with 1 ms the collector used 21-27 % less CPU at
     * 100,000-140,000 datagrams/s (BENCHMARKS.md, "NetFlow collector"). The added latency is small
     * next to the producer's 20 ms linger, and the default 4 MiB socket buffer holds far more than
     * 1 ms of traffic.
     */
    public static final Duration DEFAULT_HANDOFF_DELAY = Duration.ofMillis(1);
    /** Longest hand-off delay: a batch waits at most this long for its worker anyway. */
    public static final Duration MAX_HANDOFF_DELAY = Duration.ofMillis(5);
    /**
     * 128 flows per Kafka record: a whole export datagram of an MTU-sized packet (a v5 datagram
     * holds at most 30 flows, v9/IPFIX typically 20-40) in one record, so the producer and the
     * broker pay their per-record cost once per datagram instead of once per flow; jumbo
     * datagrams are split. A record of 128 flows is at most about 30 KB, far below Kafka's
     * default 1 MB message limit.
     */
    public static final int DEFAULT_MAX_FLOWS_PER_RECORD = 128;
    /** Upper bound of {@code maxFlowsPerRecord}: keeps a record (at most ~240 bytes a flow) below 1 MB. */
    public static final int MAX_FLOWS_PER_RECORD_LIMIT = 4096;
    /** A stats line every 10 seconds. */
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(10);
    /** Template and pending-set expiry checked every second. */
    public static final Duration DEFAULT_EXPIRE_INTERVAL = Duration.ofSeconds(1);

    public CollectorConfig {
        if (listen == null || bootstrap == null || bootstrap.isBlank() || decoder == null) {
            throw new IllegalArgumentException("listen, bootstrap and decoder are required");
        }
        topic("flowsTopic", flowsTopic);
        topic("deadLetterTopic", deadLetterTopic);
        atLeast("receiveBufferBytes", receiveBufferBytes, 1 << 16);
        atLeast("workers", workers, 1);
        atLeast("queueBatches", queueBatches, 1);
        atLeast("batchBytes", batchBytes, DatagramBatch.MAX_DATAGRAM);
        handoffDelay(handoffDelay);
        flowsPerRecord(maxFlowsPerRecord);
        positive("statsInterval", statsInterval);
        positive("expireInterval", expireInterval);
        producerOverrides = Map.copyOf(producerOverrides);
    }

    private static void topic(String name, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static int atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + v);
        }
        return v;
    }

    private static int flowsPerRecord(int v) {
        atLeast("maxFlowsPerRecord", v, 1);
        if (v > MAX_FLOWS_PER_RECORD_LIMIT) {
            throw new IllegalArgumentException("maxFlowsPerRecord must be at most " + MAX_FLOWS_PER_RECORD_LIMIT + ": " + v);
        }
        return v;
    }

    private static Duration handoffDelay(Duration d) {
        if (d == null || d.isNegative() || d.compareTo(MAX_HANDOFF_DELAY) > 0) {
            throw new IllegalArgumentException("handoffDelay must be between 0 and " + MAX_HANDOFF_DELAY.toMillis() + " ms: " + d);
        }
        return d;
    }

    private static Duration positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    /** Defaults for everything but where to listen and which Kafka to write to. */
    public static Builder builder(InetSocketAddress listen, String bootstrap) {
        return new Builder(listen, bootstrap);
    }

    /** Builder; every setter rejects an invalid value at once. */
    public static final class Builder {
        private final InetSocketAddress listen;
        private final String bootstrap;
        private String flowsTopic = Topics.FLOWS;
        private String deadLetterTopic = Topics.DEADLETTER;
        private int receiveBufferBytes = DEFAULT_RECEIVE_BUFFER_BYTES;
        private int workers = DEFAULT_WORKERS;
        private int queueBatches = DEFAULT_QUEUE_BATCHES;
        private int batchBytes = DEFAULT_BATCH_BYTES;
        private Duration handoffDelay = DEFAULT_HANDOFF_DELAY;
        private int maxFlowsPerRecord = DEFAULT_MAX_FLOWS_PER_RECORD;
        private Duration statsInterval = DEFAULT_STATS_INTERVAL;
        private Duration expireInterval = DEFAULT_EXPIRE_INTERVAL;
        private DecoderConfig decoder = DecoderConfig.defaults();
        private Map<String, String> producerOverrides = Map.of();

        private Builder(InetSocketAddress listen, String bootstrap) {
            if (listen == null || bootstrap == null || bootstrap.isBlank()) {
                throw new IllegalArgumentException("listen address and bootstrap servers are required");
            }
            this.listen = listen;
            this.bootstrap = bootstrap;
        }

        public Builder flowsTopic(String v) {
            topic("flowsTopic", v);
            flowsTopic = v;
            return this;
        }

        public Builder deadLetterTopic(String v) {
            topic("deadLetterTopic", v);
            deadLetterTopic = v;
            return this;
        }

        /** At least 64 KiB. */
        public Builder receiveBufferBytes(int v) {
            receiveBufferBytes = atLeast("receiveBufferBytes", v, 1 << 16);
            return this;
        }

        public Builder workers(int v) {
            workers = atLeast("workers", v, 1);
            return this;
        }

        public Builder queueBatches(int v) {
            queueBatches = atLeast("queueBatches", v, 1);
            return this;
        }

        /** At least 64 KiB (one datagram of the largest size). */
        public Builder batchBytes(int v) {
            batchBytes = atLeast("batchBytes", v, DatagramBatch.MAX_DATAGRAM);
            return this;
        }

        /** 0 to {@link CollectorConfig#MAX_HANDOFF_DELAY}; see {@link CollectorConfig#handoffDelay()}. */
        public Builder handoffDelay(Duration v) {
            handoffDelay = CollectorConfig.handoffDelay(v);
            return this;
        }

        /** 1 to {@value CollectorConfig#MAX_FLOWS_PER_RECORD_LIMIT}; 1 writes one {@code FlowRecord} value per flow. */
        public Builder maxFlowsPerRecord(int v) {
            maxFlowsPerRecord = flowsPerRecord(v);
            return this;
        }

        public Builder statsInterval(Duration v) {
            statsInterval = positive("statsInterval", v);
            return this;
        }

        public Builder expireInterval(Duration v) {
            expireInterval = positive("expireInterval", v);
            return this;
        }

        public Builder decoder(DecoderConfig v) {
            if (v == null) {
                throw new IllegalArgumentException("decoder must not be null");
            }
            decoder = v;
            return this;
        }

        public Builder producerOverrides(Map<String, String> v) {
            producerOverrides = Map.copyOf(v);
            return this;
        }

        public CollectorConfig build() {
            return new CollectorConfig(listen, bootstrap, flowsTopic, deadLetterTopic, receiveBufferBytes, workers,
                    queueBatches, batchBytes, handoffDelay, maxFlowsPerRecord, statsInterval, expireInterval, decoder, producerOverrides);
        }
    }
}
