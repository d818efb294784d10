package io.peerwatch.job;

import io.peerwatch.config.ConfigException;
import io.peerwatch.config.ConfigKey;
import io.peerwatch.config.LibraryConfig;
import io.peerwatch.config.Origin;
import io.peerwatch.config.Settings;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.detect.ClassifiedFlowAlerts;
import io.peerwatch.detect.FlowWindowDetector;
import io.peerwatch.detect.InternalScanDetector;
import io.peerwatch.detect.P2pBehaviourDetector;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.detect.proxy.ProxyRules;
import io.peerwatch.detect.proxy.TunnelDetector;
import io.peerwatch.job.config.JobKeys;
import io.peerwatch.job.config.KafkaClientProperties;
import io.peerwatch.job.operators.FlowWindows;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.ports.PortTable;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.volume.Tariff;
import io.peerwatch.volume.VolumeDetector;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of the streaming job: the job's own keys ({@link JobKeys}: Kafka, topics,
 * checkpoints, parallelism, watermarks) and every library setting ({@link LibraryConfig}), as
 * read from a configuration file and flags. Serializable, because Flink ships it to every
 * operator: it carries the validated {@link Settings}, and operators build their library objects
 * from it in {@code open()} (detectors with the configured windows and thresholds, the signature
 * engine with the configured signature thresholds, the notice policy with per-type intervals).
 *
 * <pre>{@code
 * JobConfig cfg = JobConfig.of(settings);                  // from --config FILE and flags
 * JobConfig cfg = JobConfig.builder("127.0.0.1:9092").minPortFlows(10).build();   // in code
 * }</pre>
 */
public final class JobConfig implements Serializable {

    private static final long serialVersionUID = 2L;

    /** The job's inputs. */
    public enum Input { FLOWS, PROXY, PACKETS }

    /** Records up to 5 s late (event time) still land in their window. */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    /** A partition silent for 30 s no longer holds the watermark back. */
    public static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(30);
    /** Alerts are committed (become visible to read_committed readers) every 10 s. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    /** Kafka transactions may stay open this long; must not exceed the broker's transaction.max.timeout.ms. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(5);
    /** Consumer group of the job's sources. */
    public static final String DEFAULT_GROUP_ID = "peerwatch-job";
    /** Prefix of transactional ids. */
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "peerwatch";
    /** Two parallel instances: the two cores of a small machine. */
    public static final int DEFAULT_PARALLELISM = 2;
    /** Input topics created with two partitions, one per default parallel instance. */
    public static final int DEFAULT_PARTITIONS = 2;
    /** Missing topics are created unless told otherwise. */
    public static final boolean DEFAULT_CREATE_TOPICS = true;

    /** Origin of values set through {@link Builder} (code and tests). */
    private static final Origin CODE = new Origin("JobConfig.Builder", 0);

    private final Settings settings;
    private transient LibraryConfig library;

    private JobConfig(Settings settings, LibraryConfig library) {
        this.settings = settings;
        this.library = library;
    }

    /**
     * The job configuration of {@code settings} (keys of {@link JobKeys#ALL}); checks every job
     * setting and builds every library record once, so a bad value fails here, on the client, not
     * on a TaskManager.
     *
     * @throws ConfigException naming the key, where its value came from and why it is refused
     */
    public static JobConfig of(Settings settings) {
        JobConfig c = new JobConfig(settings, LibraryConfig.of(settings));
        c.library.records().apply(); // the CLI reads input in this JVM too (analyze, classify)
        for (ConfigKey<String> k : List.of(JobKeys.GROUP_ID, JobKeys.TRANSACTIONAL_ID_PREFIX, JobKeys.FLOWS_TOPIC,
                JobKeys.PACKETS_TOPIC, JobKeys.PROXY_TOPIC, JobKeys.ALERTS_TOPIC, JobKeys.ALERTS_JSON_TOPIC,
                JobKeys.DEADLETTER_TOPIC)) {
            c.require(k, !settings.get(k).isBlank(), "must not be empty");
        }
        c.require(JobKeys.PARALLELISM, settings.get(JobKeys.PARALLELISM) >= 1, "must be at least 1");
        c.require(JobKeys.PARTITIONS, settings.get(JobKeys.PARTITIONS) >= 1, "must be at least 1");
        c.require(JobKeys.INPUTS, !settings.get(JobKeys.INPUTS).isEmpty(), "needs at least one of flows, proxy, packets");
        for (ConfigKey<Duration> k : List.of(JobKeys.CHECKPOINT_INTERVAL, JobKeys.TRANSACTION_TIMEOUT, JobKeys.IDLENESS)) {
            c.require(k, !settings.get(k).isNegative() && !settings.get(k).isZero(), "must be positive");
        }
        c.require(JobKeys.OUT_OF_ORDERNESS, !settings.get(JobKeys.OUT_OF_ORDERNESS).isNegative(), "must not be negative");
        return c;
    }

    private <T> void require(ConfigKey<T> key, boolean ok, String reason) {
        if (!ok) {
            throw new ConfigException(key.name(), settings.origin(key.name()), reason + ": " + key.type().format(settings.get(key)));
        }
    }

    /**
     * Checks what a job against Kafka needs besides {@link #of}: the bootstrap servers.
     *
     * @throws ConfigException when {@code kafka.bootstrap-servers} is not set
     */
    public JobConfig requireKafka() {
        require(JobKeys.BOOTSTRAP, !bootstrapServers().isBlank(),
                "is required (--bootstrap HOST:PORT, or kafka.bootstrap-servers in the configuration file)");
        return this;
    }

    /** Defaults for a broker at {@code bootstrapServers}. */
    public static JobConfig defaults(String bootstrapServers) {
        return builder(bootstrapServers).build();
    }

    /** A builder holding the defaults and the bootstrap servers. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(Settings.builder(JobKeys.ALL)).set(JobKeys.BOOTSTRAP, bootstrapServers);
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder(settings.toBuilder(JobKeys.ALL));
    }

    /** The validated settings (every key of {@link JobKeys#ALL} that was set, with its origin). */
    public Settings settings() {
        return settings;
    }

    /** The library's configuration records (built again after deserialization, on the TaskManager). */
    public LibraryConfig library() {
        if (library == null) {
            library = LibraryConfig.of(settings);
            library.records().apply(); // records check their counters as they are made, in this JVM
        }
        return library;
    }

    // --- job settings ---

    public String bootstrapServers() {
        return settings.get(JobKeys.BOOTSTRAP);
    }

    public String groupId() {
        return settings.get(JobKeys.GROUP_ID);
    }

    public String transactionalIdPrefix() {
        return settings.get(JobKeys.TRANSACTIONAL_ID_PREFIX);
    }

    public Duration transactionTimeout() {
        return settings.get(JobKeys.TRANSACTION_TIMEOUT);
    }

    /**
     * Kafka client properties ({@code kafka.properties.*}, security included) for every consumer,
     * producer and admin client of PeerWatch, with Kafka's config providers registered when a
     * value names a secret through them ({@link KafkaClientProperties}).
     */
    public Map<String, String> kafkaProperties() {
        return KafkaClientProperties.withProviders(settings.entries(JobKeys.KAFKA_PROPERTIES));
    }

    /** {@link #kafkaProperties()} and {@code bootstrap.servers}: where every client outside the job's connectors starts. */
    public Map<String, String> kafkaClientProperties() {
        Map<String, String> p = new LinkedHashMap<>(kafkaProperties());
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    public String flowsTopic() {
        return settings.get(JobKeys.FLOWS_TOPIC);
    }

    public String packetsTopic() {
        return settings.get(JobKeys.PACKETS_TOPIC);
    }

    public String proxyTopic() {
        return settings.get(JobKeys.PROXY_TOPIC);
    }

    public String alertsTopic() {
        return settings.get(JobKeys.ALERTS_TOPIC);
    }

    public String alertsJsonTopic() {
        return settings.get(JobKeys.ALERTS_JSON_TOPIC);
    }

    /** The CEF alert topic; empty when none is written. */
    public String alertsCefTopic() {
        return settings.get(JobKeys.ALERTS_CEF_TOPIC);
    }

    /** Where CEF alerts go over syslog, when {@code syslog.host} is set. */
    public java.util.Optional<io.peerwatch.job.syslog.SyslogConfig> syslog() {
        String host = settings.get(JobKeys.SYSLOG_HOST);
        if (host.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new io.peerwatch.job.syslog.SyslogConfig(host, settings.get(JobKeys.SYSLOG_PORT),
                settings.get(JobKeys.SYSLOG_TLS), settings.get(JobKeys.SYSLOG_TRUSTSTORE),
                settings.get(JobKeys.SYSLOG_TRUSTSTORE_PASSWORD), settings.get(JobKeys.SYSLOG_FACILITY),
                settings.get(JobKeys.SYSLOG_APP_NAME), settings.get(JobKeys.SYSLOG_HOSTNAME)));
    }

    public String deadLetterTopic() {
        return settings.get(JobKeys.DEADLETTER_TOPIC);
    }

    /** Whether missing topics are created before the job starts. */
    public boolean createTopics() {
        return settings.get(JobKeys.CREATE_TOPICS);
    }

    /** Partitions of created input topics. */
    public int partitions() {
        return settings.get(JobKeys.PARTITIONS);
    }

    /** The inputs read from Kafka. */
    public Set<Input> inputs() {
        return settings.get(JobKeys.INPUTS);
    }

    /** The input topics of {@link #inputs()}, in input order. */
    public List<String> inputTopics() {
        return java.util.Arrays.stream(Input.values()).filter(inputs()::contains).map(i -> switch (i) {
            case FLOWS -> flowsTopic();
            case PROXY -> proxyTopic();
            case PACKETS -> packetsTopic();
        }).toList();
    }

    /** The output topics. */
    public List<String> outputTopics() {
        return alertsCefTopic().isEmpty() ? List.of(alertsTopic(), alertsJsonTopic(), deadLetterTopic())
                : List.of(alertsTopic(), alertsJsonTopic(), alertsCefTopic(), deadLetterTopic());
    }

    public Duration checkpointInterval() {
        return settings.get(JobKeys.CHECKPOINT_INTERVAL);
    }

    public int parallelism() {
        return settings.get(JobKeys.PARALLELISM);
    }

    public Duration outOfOrderness() {
        return settings.get(JobKeys.OUT_OF_ORDERNESS);
    }

    public Duration idleness() {
        return settings.get(JobKeys.IDLENESS);
    }

    /** A packet flow with no packet for this long ends ({@code detection.flow-idle-timeout}). */
    public Duration flowIdleTimeout() {
        return library().detection().flowIdleTimeout();
    }

    /** A packet flow older than this ends and its later packets start a new one ({@code detection.flow-active-timeout}). */
    public Duration flowActiveTimeout() {
        return library().detection().flowActiveTimeout();
    }

    /** The P2P_PORT_ACTIVITY window ({@code detectors.port-activity.window}, what {@code --window} sets). */
    public Duration window() {
        return library().portActivity().window();
    }

    /** P2P_PORT_ACTIVITY's flow threshold ({@code detectors.port-activity.min-flows}). */
    public int minPortFlows() {
        return library().portActivity().minFlows();
    }

    /** The default suppression interval ({@code notice.suppress-for.default}). */
    public Duration suppressFor() {
        return library().noticePolicy().defaultInterval();
    }

    // --- library objects built from the settings (on the TaskManager, in open()) ---

    /** The internal networks. */
    public InternalNetworks internal() {
        return library().internalNetworks();
    }

    /** The port table: built-in, extended or replaced by {@code files.port-table}. */
    public PortTable portTable() {
        return library().portTable();
    }

    /** Suppression intervals, per type where configured. */
    public NoticePolicy noticePolicy() {
        return library().noticePolicy();
    }

    /** The cost tariff. */
    public Tariff tariff() {
        return library().tariff();
    }

    /**
     * The per-request proxy rules: CONNECT, large media, blacklists (loaded now), watch-words.
     *
     * @throws java.io.UncheckedIOException when a blacklist file cannot be read
     */
    public ProxyRules proxyRules() {
        LibraryConfig l = library();
        return new ProxyRules(l.httpTunnel(), l.fileSizeRules(), l.blacklists(), l.watchList(), l.portTable(), l.noticePolicy());
    }

    /** The signature engine for packet flows: built-in signatures with the configured thresholds and limits. */
    public SignatureEngine signatureEngine() {
        return library().signatureEngine();
    }

    /** Findings of classified packet flows (P2P clients, tunnels, watch-words in searches). */
    public ClassifiedFlowAlerts classifiedFlowAlerts() {
        LibraryConfig l = library();
        return new ClassifiedFlowAlerts(l.internalNetworks(), l.watchList(), l.noticePolicy());
    }

    /** The HTTP-tunnel shape detector (windowed per subject and destination). */
    public TunnelDetector tunnelDetector() {
        LibraryConfig l = library();
        return new TunnelDetector(l.httpTunnel(), l.portTable(), l.noticePolicy());
    }

    /** The HTTP-tunnel shape window ({@code detectors.http-tunnel.window}). */
    public Duration tunnelWindow() {
        return library().httpTunnel().window();
    }

    /** The VOLUME_QUOTA detector with the configured quotas, buckets and tariff. */
    public VolumeDetector volumeDetector() {
        return new VolumeDetector(library().volume(), library().noticePolicy());
    }

    /** BANDWIDTH_SPIKE against learned baselines, with the configured windows and thresholds. */
    public io.peerwatch.volume.BandwidthSpikeDetector bandwidthSpikeDetector() {
        return new io.peerwatch.volume.BandwidthSpikeDetector(library().baseline(), library().noticePolicy());
    }

    /** LINK_SATURATION_RISK against the configured link. */
    public io.peerwatch.volume.LinkSaturationDetector linkSaturationDetector() {
        return new io.peerwatch.volume.LinkSaturationDetector(library().link(), library().noticePolicy());
    }

    /** The flow-window detector of one kind, with its configured window and thresholds. */
    @SuppressWarnings("unchecked")
    public FlowWindowDetector<Object> flowDetector(FlowWindows.Kind kind) {
        LibraryConfig l = library();
        FlowWindowDetector<?> d = switch (kind) {
            case PORT_ACTIVITY -> portActivityDetector();
            case P2P_BEHAVIOUR -> new P2pBehaviourDetector(l.internalNetworks(), l.p2pBehaviour(), l.noticePolicy());
            case INTERNAL_SCAN -> new InternalScanDetector(l.internalNetworks(), l.internalScan(), l.noticePolicy());
        };
        return (FlowWindowDetector<Object>) d;
    }

    /** The keyed-window detector of one kind (DNS and ICMP tunnels, P2P corroboration), configured. */
    @SuppressWarnings("unchecked")
    public io.peerwatch.detect.KeyedWindowDetector<Object, Object> hostDetector(
            io.peerwatch.job.operators.HostWindows.Kind kind) {
        LibraryConfig l = library();
        io.peerwatch.detect.KeyedWindowDetector<?, ?> d = switch (kind) {
            case DNS_TUNNEL -> new io.peerwatch.detect.DnsTunnelDetector(l.dnsTunnel(), l.noticePolicy());
            case ICMP_TUNNEL -> new io.peerwatch.detect.IcmpTunnelDetector(l.internalNetworks(), l.icmpTunnel(),
                    l.noticePolicy());
            case P2P_CORROBORATION -> new io.peerwatch.detect.P2pCorroborationDetector(l.internalNetworks(),
                    l.p2pCorroboration(), l.noticePolicy());
        };
        return (io.peerwatch.detect.KeyedWindowDetector<Object, Object>) d;
    }

    /** The P2P port-activity detector with the configured window and thresholds. */
    public PortActivityDetector portActivityDetector() {
        LibraryConfig l = library();
        return new PortActivityDetector(l.portTable(), l.internalNetworks(), l.portActivity(), l.noticePolicy());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobConfig c && c.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "JobConfig" + settings;
    }

    /**
     * Builder for code and tests: each method sets the key it names; {@link #build()} validates
     * everything ({@link JobConfig#of}). Files and flags go through {@link Settings} instead.
     */
    public static final class Builder {
        private final Settings.Builder b;

        private Builder(Settings.Builder b) {
            this.b = b;
        }

        private <T> Builder set(ConfigKey<T> key, T value) {
            b.set(key, value, CODE);
            return this;
        }

        /** Sets any key from text, as a file would ({@code set("detectors.p2p-behaviour.window", "10m")}). */
        public Builder set(String key, String text) {
            b.set(key, text, CODE, null);
            return this;
        }

        public Builder groupId(String v) {
            return set(JobKeys.GROUP_ID, v);
        }

        /** Sets the four topic names. */
        public Builder topics(String flows, String alerts, String alertsJson, String deadLetters) {
            return set(JobKeys.FLOWS_TOPIC, flows).set(JobKeys.ALERTS_TOPIC, alerts).set(JobKeys.ALERTS_JSON_TOPIC, alertsJson)
                    .set(JobKeys.DEADLETTER_TOPIC, deadLetters);
        }

        /**
         * Idle and active timeouts of packet flows in event time ({@code detection.flow-idle-timeout},
         * {@code detection.flow-active-timeout}).
         */
        public Builder flowTimeouts(Duration idle, Duration active) {
            return set("detection.flow-idle-timeout", io.peerwatch.config.ValueType.DURATION.format(idle))
                    .set("detection.flow-active-timeout", io.peerwatch.config.ValueType.DURATION.format(active));
        }

        /** The P2P_PORT_ACTIVITY window ({@code detectors.port-activity.window}). */
        public Builder window(Duration v) {
            return set("detectors.port-activity.window", io.peerwatch.config.ValueType.DURATION.format(v));
        }

        public Builder outOfOrderness(Duration v) {
            return set(JobKeys.OUT_OF_ORDERNESS, v);
        }

        public Builder idleness(Duration v) {
            return set(JobKeys.IDLENESS, v);
        }

        public Builder minPortFlows(int v) {
            return set("detectors.port-activity.min-flows", Integer.toString(v));
        }

        public Builder internalNetworks(List<String> v) {
            return set(LibraryConfig.INTERNAL_NETWORKS, List.copyOf(v));
        }

        /** A port table file; {@code replace} drops the built-in table instead of extending it. */
        public Builder portTable(String file, boolean replace) {
            return set(LibraryConfig.PORT_TABLE, file).set(LibraryConfig.REPLACE_PORT_TABLE, replace);
        }

        public Builder checkpointInterval(Duration v) {
            return set(JobKeys.CHECKPOINT_INTERVAL, v);
        }

        /** The default suppression interval. */
        public Builder suppressFor(Duration v) {
            return set("notice.suppress-for.default", io.peerwatch.config.ValueType.DURATION.format(v));
        }

        public Builder transactionalIdPrefix(String v) {
            return set(JobKeys.TRANSACTIONAL_ID_PREFIX, v);
        }

        public Builder transactionTimeout(Duration v) {
            return set(JobKeys.TRANSACTION_TIMEOUT, v);
        }

        public Builder packetsTopic(String v) {
            return set(JobKeys.PACKETS_TOPIC, v);
        }

        public Builder proxyTopic(String v) {
            return set(JobKeys.PROXY_TOPIC, v);
        }

        public Builder blacklistFiles(List<String> v) {
            return set(LibraryConfig.BLACKLISTS, List.copyOf(v));
        }

        public Builder watchListFile(String v) {
            return set(LibraryConfig.WATCH_LIST, v);
        }

        public Builder fileRulesFile(String v) {
            return set(LibraryConfig.FILE_RULES, v);
        }

        /** VOLUME_QUOTA thresholds per user or address. */
        public Builder quotas(long hourBytes, long dayBytes) {
            return set("volume.hour-quota", Long.toString(hourBytes)).set("volume.day-quota", Long.toString(dayBytes));
        }

        /** The cost tariff: currency, price per MB over the free MB per period. */
        public Builder tariff(String currency, double pricePerMb, double freeMb) {
            return set("tariff.currency", currency).set("tariff.price-per-mb", Double.toString(pricePerMb))
                    .set("tariff.free-mb", Double.toString(freeMb));
        }

        /** @throws ConfigException naming the first invalid setting */
        public JobConfig build() {
            return JobConfig.of(b.build());
        }
    }
}
