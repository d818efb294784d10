package io.peerwatch.sensor.proxy;

import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of a {@link ProxyTailer}, with documented defaults. Build with
 * {@link #builder(Path, String)}; setters reject invalid values at once.
 *
 * @param file the log to follow (the name; rotations replace the file behind it)
 * @param bootstrap Kafka bootstrap servers
 * @param topic topic of the {@code ProxyRecord}s
 * @param deadLetterTopic topic of the {@code DeadLetter}s for lines that do not parse
 * @param format the log format; empty to detect it from the file's first lines
 * @param stateFile where the position is kept ({@link #defaultStateFile(Path)} unless given)
 * @param fromStart with no saved position, read the file from its start instead of its end
 * @param pollInterval how often the file is checked for new lines and rotation when idle
 * @param rotationGrace after a rename rotation, how long the old file is still read (the writer
 *     may append until it reopens the log) before the tailer moves to the new one
 * @param maxBatchLines lines sent before the tailer waits for Kafka's acknowledgement and saves
 *     its position
 * @param maxLineBytes longer lines are reported as bad (their start goes to the dead-letter topic)
 * @param statsInterval how often a stats line is printed and the bad-line report limit resets
 * @param badLinesPerInterval bad lines reported one by one per stats interval; more are counted
 * @param producerOverrides Kafka producer settings that replace the sensor's defaults
 */
public record TailerConfig(
        Path file,
        String bootstrap,
        String topic,
        String deadLetterTopic,
        Optional<ProxyLogFormat> format,
        Path stateFile,
        boolean fromStart,
        Duration pollInterval,
        Duration rotationGrace,
        int maxBatchLines,
        int maxLineBytes,
        Duration statsInterval,
        int badLinesPerInterval,
        Map<String, String> producerOverrides) {

    /** Check for new lines four times a second when idle. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
    /** Squid and logrotate's postrotate reopen the log within a second of the rename. */
    public static final Duration DEFAULT_ROTATION_GRACE = Duration.ofSeconds(2);
    /** At most 10,000 lines between two acknowledged positions: what a crash may replay. */
    public static final int DEFAULT_MAX_BATCH_LINES = 10_000;
    /** 64 KiB per line; Squid's own URL limit is 8 KiB, so longer lines are garbage. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 << 10;
    /** A stats line every minute. */
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofMinutes(1);
    /** Ten bad lines reported by name per interval; the rest are counted. */
    public static final int DEFAULT_BAD_LINES_PER_INTERVAL = 10;

    public TailerConfig {
        if (file == null || bootstrap == null || bootstrap.isBlank() || format == null || stateFile == null) {
            throw new IllegalArgumentException("file, bootstrap, format and stateFile are required");
        }
        nonBlank("topic", topic);
        nonBlank("deadLetterTopic", deadLetterTopic);
        positive("pollInterval", pollInterval);
        positive("rotationGrace", rotationGrace);
        positive("statsInterval", statsInterval);
        atLeast("maxBatchLines", maxBatchLines, 1);
        atLeast("maxLineBytes", maxLineBytes, 256);
        atLeast("badLinesPerInterval", badLinesPerInterval, 0);
        producerOverrides = Map.copyOf(producerOverrides);
    }

    /** {@code .<name>.peerwatch-position} beside the log. */
    public static Path defaultStateFile(Path file) {
        Path abs = file.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".peerwatch-position");
    }

    private static void nonBlank(String name, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static Duration positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    private static int atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + v);
        }
        return v;
    }

    public static Builder builder(Path file, String bootstrap) {
        return new Builder(file, bootstrap);
    }

    /** Builder; every setter rejects an invalid value at once. */
    public static final class Builder {
        private final Path file;
        private final String bootstrap;
        private String topic = Topics.PROXY;
        private String deadLetterTopic = Topics.DEADLETTER;
        private Optional<ProxyLogFormat> format = Optional.empty();
        private Path stateFile;
        private boolean fromStart;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration rotationGrace = DEFAULT_ROTATION_GRACE;
        private int maxBatchLines = DEFAULT_MAX_BATCH_LINES;
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private Duration statsInterval = DEFAULT_STATS_INTERVAL;
        private int badLinesPerInterval = DEFAULT_BAD_LINES_PER_INTERVAL;
        private Map<String, String> producerOverrides = Map.of();

        private Builder(Path file, String bootstrap) {
            if (file == null || bootstrap == null || bootstrap.isBlank()) {
                throw new IllegalArgumentException("file and bootstrap servers are required");
            }
            this.file = file;
            this.bootstrap = bootstrap;
        }

        public Builder topic(String v) {
            nonBlank("topic", v);
            topic = v;
            return this;
        }

        public Builder deadLetterTopic(String v) {
            nonBlank("deadLetterTopic", v);
            deadLetterTopic = v;
            return this;
        }

        /** A fixed format (default: detected from the first lines). */
        public Builder format(ProxyLogFormat v) {
            format = Optional.of(v);
            return this;
        }

        public Builder stateFile(Path v) {
            if (v == null) {
                throw new IllegalArgumentException("stateFile must not be null");
            }
            stateFile = v;
            return this;
        }

        public Builder fromStart(boolean v) {
            fromStart = v;
            return this;
        }

        public Builder pollInterval(Duration v) {
            pollInterval = positive("pollInterval", v);
            return this;
        }

        public Builder rotationGrace(Duration v) {
            rotationGrace = positive("rotationGrace", v);
            return this;
        }

        public Builder maxBatchLines(int v) {
            maxBatchLines = atLeast("maxBatchLines", v, 1);
            return this;
        }

        public Builder maxLineBytes(int v) {
            maxLineBytes = atLeast("maxLineBytes", v, 256);
            return this;
        }

        public Builder statsInterval(Duration v) {
            statsInterval = positive("statsInterval", v);
            return this;
        }

        public Builder badLinesPerInterval(int v) {
            badLinesPerInterval = atLeast("badLinesPerInterval", v, 0);
            return this;
        }

        public Builder producerOverrides(Map<String, String> v) {
            producerOverrides = Map.copyOf(v);
            return this;
        }

        public TailerConfig build() {
            return new TailerConfig(file, bootstrap, topic, deadLetterTopic, format,
                    stateFile == null ? defaultStateFile(file) : stateFile, fromStart, pollInterval, rotationGrace,
                    maxBatchLines, maxLineBytes, statsInterval, badLinesPerInterval, producerOverrides);
        }
    }
}
