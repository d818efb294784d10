package io.peerwatch.job;

import io.peerwatch.core.InternalNetworks;
import io.peerwatch.detect.ClassifiedFlowAlerts;
import io.peerwatch.detect.FlowWindowDetector;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.detect.InternalScanConfig;
import io.peerwatch.detect.InternalScanDetector;
import io.peerwatch.detect.P2pBehaviourConfig;
import io.peerwatch.detect.P2pBehaviourDetector;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.job.operators.FlowWindows;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.ports.PortTable;
import io.peerwatch.schemas.Topics;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.peerwatch.blacklist.BlacklistHolder;
import io.peerwatch.detect.proxy.ProxyRules;
import io.peerwatch.detect.proxy.TunnelConfig;
import io.peerwatch.detect.proxy.TunnelDetector;
import io.peerwatch.filetype.FileSizeRules;
import io.peerwatch.volume.Tariff;
import io.peerwatch.volume.VolumeConfig;
import io.peerwatch.volume.VolumeDetector;
import io.peerwatch.watch.WatchList;

/**
 * Every setting of the streaming job, with documented defaults. Serializable, because Flink
 * ships it to every operator; operators build their library objects from it in {@code open()}.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code host:port,...})
 * @param groupId consumer group of the job's Kafka sources
 * @param flowsTopic topic of {@code FlowRecord} values
 * @param alertsTopic topic the Avro alerts go to
 * @param alertsJsonTopic topic the ECS JSON alerts go to
 * @param deadLetterTopic topic undecodable records go to
 * @param window detection window length
 * @param outOfOrderness how late (event time) a record may arrive and still count
 * @param idleness a source partition without records for this long stops holding back watermarks
 * @param minPortFlows flows on P2P-table ports per host and window before P2P_PORT_ACTIVITY fires
 * @param internalNetworks CIDR blocks that are "inside"
 * @param portTableFile extra port table file ({@code ""} = built-in table only)
 * @param replacePortTable when true the file replaces the built-in table instead of extending it
 * @param checkpointInterval checkpoint (and therefore alert commit) interval
 * @param suppressFor one alert per (host, type, identifier) per this interval
 * @param transactionalIdPrefix prefix of the Kafka sinks' transactional ids (unique per job)
 * @param transactionTimeout Kafka transaction timeout of the exactly-once sinks
 * @param proxyTopic topic of {@code ProxyRecord} values
 * @param blacklistFiles hosts-file or domain-list files for BLACKLISTED_HOST (empty: rule off)
 * @param watchListFile watch-word file ({@code ""} = the paper's defaults)
 * @param fileRulesFile file type/size rule file ({@code ""} = the paper's defaults)
 * @param hourQuotaBytes VOLUME_QUOTA: bytes per user or address in a sliding hour
 * @param dayQuotaBytes VOLUME_QUOTA: bytes per user or address in a sliding day
 * @param tariffCurrency ISO 4217 currency of the tariff
 * @param tariffPricePerMb price per MB (10^6 bytes) over the free allowance
 * @param tariffFreeMb free MB per tariff period (30 days)
 * @param packetsTopic topic of {@code PacketEvent} values
 * @param flowIdleTimeout a packet flow with no packet for this long (event time) ends
 *     ({@link DetectionConfig#flowIdleTimeout()})
 * @param flowActiveTimeout a packet flow ends this long (event time) after its first packet, and
 *     its later packets start a new flow, so long flows report evidence and volume in pieces
 *     ({@link DetectionConfig#flowActiveTimeout()})
 */
public record JobConfig(
        String bootstrapServers,
        String groupId,
        String flowsTopic,
        String alertsTopic,
        String alertsJsonTopic,
        String deadLetterTopic,
        Duration window,
        Duration outOfOrderness,
        Duration idleness,
        int minPortFlows,
        List<String> internalNetworks,
        String portTableFile,
        boolean replacePortTable,
        Duration checkpointInterval,
        Duration suppressFor,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        String proxyTopic,
        List<String> blacklistFiles,
        String watchListFile,
        String fileRulesFile,
        long hourQuotaBytes,
        long dayQuotaBytes,
        String tariffCurrency,
        double tariffPricePerMb,
        double tariffFreeMb,
        String packetsTopic,
        Duration flowIdleTimeout,
        Duration flowActiveTimeout) implements Serializable {

    private static final long serialVersionUID = 1L;

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

    public JobConfig {
        requireText("bootstrapServers", bootstrapServers);
        requireText("groupId", groupId);
        requireText("flowsTopic", flowsTopic);
        requireText("alertsTopic", alertsTopic);
        requireText("alertsJsonTopic", alertsJsonTopic);
        requireText("deadLetterTopic", deadLetterTopic);
        requireText("transactionalIdPrefix", transactionalIdPrefix);
        requireText("proxyTopic", proxyTopic);
        requireText("packetsTopic", packetsTopic);
        blacklistFiles = List.copyOf(blacklistFiles);
        if (watchListFile == null || fileRulesFile == null) {
            throw new IllegalArgumentException("watchListFile and fileRulesFile must not be null (use \"\")");
        }
        tariff(tariffCurrency, tariffPricePerMb, tariffFreeMb); // validates now, not on a TaskManager
        new VolumeConfig(hourQuotaBytes, dayQuotaBytes, VolumeConfig.DEFAULT_HOUR_BUCKET,
                VolumeConfig.DEFAULT_DAY_BUCKET, Tariff.defaults());
        positive("window", window);
        notNegative("outOfOrderness", outOfOrderness);
        positive("idleness", idleness);
        positive("checkpointInterval", checkpointInterval);
        notNegative("suppressFor", suppressFor);
        positive("transactionTimeout", transactionTimeout);
        positive("flowIdleTimeout", flowIdleTimeout);
        positive("flowActiveTimeout", flowActiveTimeout);
        if (minPortFlows < 1) {
            throw new IllegalArgumentException("minPortFlows must be at least 1: " + minPortFlows);
        }
        internalNetworks = List.copyOf(internalNetworks);
        InternalNetworks.of(internalNetworks); // validates every block now, not on a TaskManager
        if (portTableFile == null) {
            throw new IllegalArgumentException("portTableFile must not be null (use \"\")");
        }
    }

    private static void requireText(String name, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    private static void notNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    /** Defaults for a broker at {@code bootstrapServers}. */
    public static JobConfig defaults(String bootstrapServers) {
        return builder(bootstrapServers).build();
    }

    /** A builder holding the defaults. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(bootstrapServers);
        b.groupId = groupId;
        b.flowsTopic = flowsTopic;
        b.alertsTopic = alertsTopic;
        b.alertsJsonTopic = alertsJsonTopic;
        b.deadLetterTopic = deadLetterTopic;
        b.window = window;
        b.outOfOrderness = outOfOrderness;
        b.idleness = idleness;
        b.minPortFlows = minPortFlows;
        b.internalNetworks = internalNetworks;
        b.portTableFile = portTableFile;
        b.replacePortTable = replacePortTable;
        b.checkpointInterval = checkpointInterval;
        b.suppressFor = suppressFor;
        b.transactionalIdPrefix = transactionalIdPrefix;
        b.transactionTimeout = transactionTimeout;
        b.proxyTopic = proxyTopic;
        b.blacklistFiles = blacklistFiles;
        b.watchListFile = watchListFile;
        b.fileRulesFile = fileRulesFile;
        b.hourQuotaBytes = hourQuotaBytes;
        b.dayQuotaBytes = dayQuotaBytes;
        b.tariffCurrency = tariffCurrency;
        b.tariffPricePerMb = tariffPricePerMb;
        b.tariffFreeMb = tariffFreeMb;
        b.packetsTopic = packetsTopic;
        b.flowIdleTimeout = flowIdleTimeout;
        b.flowActiveTimeout = flowActiveTimeout;
        return b;
    }

    /** Builder; {@link #build()} validates every setting. */
    public static final class Builder {
        private final String bootstrapServers;
        private String groupId = DEFAULT_GROUP_ID;
        private String flowsTopic = Topics.FLOWS;
        private String alertsTopic = Topics.ALERTS;
        private String alertsJsonTopic = Topics.ALERTS_JSON;
        private String deadLetterTopic = Topics.DEADLETTER;
        private Duration window = PortActivityDetector.Config.DEFAULT_WINDOW;
        private Duration outOfOrderness = DEFAULT_OUT_OF_ORDERNESS;
        private Duration idleness = DEFAULT_IDLENESS;
        private int minPortFlows = PortActivityDetector.Config.DEFAULT_MIN_FLOWS;
        private List<String> internalNetworks = InternalNetworks.DEFAULT_BLOCKS;
        private String portTableFile = "";
        private boolean replacePortTable;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private Duration suppressFor = NoticePolicy.DEFAULT_SUPPRESSION_INTERVAL;
        private String transactionalIdPrefix = DEFAULT_TRANSACTIONAL_ID_PREFIX;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private String proxyTopic = Topics.PROXY;
        private List<String> blacklistFiles = List.of();
        private String watchListFile = "";
        private String fileRulesFile = "";
        private long hourQuotaBytes = VolumeConfig.DEFAULT_HOUR_QUOTA_BYTES;
        private long dayQuotaBytes = VolumeConfig.DEFAULT_DAY_QUOTA_BYTES;
        private String tariffCurrency = Tariff.DEFAULT_CURRENCY;
        private double tariffPricePerMb = Tariff.DEFAULT_PRICE_PER_MB;
        private double tariffFreeMb = Tariff.DEFAULT_FREE_MB;
        private String packetsTopic = Topics.PACKETS;
        private Duration flowIdleTimeout = DetectionConfig.DEFAULT_FLOW_IDLE_TIMEOUT;
        private Duration flowActiveTimeout = DetectionConfig.DEFAULT_FLOW_ACTIVE_TIMEOUT;

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public Builder groupId(String v) {
            groupId = v;
            return this;
        }

        /** Sets the four topic names. */
        public Builder topics(String flows, String alerts, String alertsJson, String deadLetters) {
            flowsTopic = flows;
            alertsTopic = alerts;
            alertsJsonTopic = alertsJson;
            deadLetterTopic = deadLetters;
            return this;
        }

        public Builder window(Duration v) {
            window = v;
            return this;
        }

        public Builder outOfOrderness(Duration v) {
            outOfOrderness = v;
            return this;
        }

        public Builder idleness(Duration v) {
            idleness = v;
            return this;
        }

        public Builder minPortFlows(int v) {
            minPortFlows = v;
            return this;
        }

        public Builder internalNetworks(List<String> v) {
            internalNetworks = v;
            return this;
        }

        /** A port table file; {@code replace} drops the built-in table instead of extending it. */
        public Builder portTable(String file, boolean replace) {
            portTableFile = file;
            replacePortTable = replace;
            return this;
        }

        public Builder checkpointInterval(Duration v) {
            checkpointInterval = v;
            return this;
        }

        public Builder suppressFor(Duration v) {
            suppressFor = v;
            return this;
        }

        public Builder transactionalIdPrefix(String v) {
            transactionalIdPrefix = v;
            return this;
        }

        public Builder transactionTimeout(Duration v) {
            transactionTimeout = v;
            return this;
        }

        public Builder packetsTopic(String v) {
            packetsTopic = v;
            return this;
        }

        /** Idle and active timeouts of packet flows (event time). */
        public Builder flowTimeouts(Duration idle, Duration active) {
            flowIdleTimeout = idle;
            flowActiveTimeout = active;
            return this;
        }

        public Builder proxyTopic(String v) {
            proxyTopic = v;
            return this;
        }

        public Builder blacklistFiles(List<String> v) {
            blacklistFiles = v;
            return this;
        }

        public Builder watchListFile(String v) {
            watchListFile = v;
            return this;
        }

        public Builder fileRulesFile(String v) {
            fileRulesFile = v;
            return this;
        }

        /** VOLUME_QUOTA thresholds per user or address. */
        public Builder quotas(long hourBytes, long dayBytes) {
            hourQuotaBytes = hourBytes;
            dayQuotaBytes = dayBytes;
            return this;
        }

        /** The cost tariff: currency, price per MB over the free MB per 30 days. */
        public Builder tariff(String currency, double pricePerMb, double freeMb) {
            tariffCurrency = currency;
            tariffPricePerMb = pricePerMb;
            tariffFreeMb = freeMb;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public JobConfig build() {
            return new JobConfig(bootstrapServers, groupId, flowsTopic, alertsTopic, alertsJsonTopic,
                    deadLetterTopic, window, outOfOrderness, idleness, minPortFlows, internalNetworks, portTableFile,
                    replacePortTable, checkpointInterval, suppressFor, transactionalIdPrefix, transactionTimeout,
                    proxyTopic, blacklistFiles, watchListFile, fileRulesFile, hourQuotaBytes, dayQuotaBytes,
                    tariffCurrency, tariffPricePerMb, tariffFreeMb, packetsTopic, flowIdleTimeout, flowActiveTimeout);
        }
    }

    // --- library objects built from the settings (on the TaskManager, in open()) ---

    /** The internal networks. */
    public InternalNetworks internal() {
        return InternalNetworks.of(internalNetworks);
    }

    /** The port table: built-in, extended or replaced by {@link #portTableFile()}. */
    public PortTable portTable() {
        if (portTableFile.isEmpty()) {
            return PortTable.defaults();
        }
        PortTable file = PortTable.load(Path.of(portTableFile));
        return replacePortTable ? file : PortTable.defaults().extendedWith(file);
    }

    /** Suppression intervals. */
    public NoticePolicy noticePolicy() {
        return NoticePolicy.builder().defaultInterval(suppressFor).build();
    }

    private static Tariff tariff(String currency, double pricePerMb, double freeMb) {
        return new Tariff(currency, pricePerMb, freeMb, Tariff.DEFAULT_PERIOD);
    }

    /** The cost tariff. */
    public Tariff tariff() {
        return tariff(tariffCurrency, tariffPricePerMb, tariffFreeMb);
    }

    /**
     * The per-request proxy rules: CONNECT, large media, blacklists (loaded now), watch-words.
     *
     * @throws java.io.UncheckedIOException when a blacklist file cannot be read
     */
    public ProxyRules proxyRules() {
        FileSizeRules rules = fileRulesFile.isEmpty() ? FileSizeRules.defaults() : FileSizeRules.load(Path.of(fileRulesFile));
        WatchList watch = watchList();
        Optional<BlacklistHolder> lists = Optional.empty();
        if (!blacklistFiles.isEmpty()) {
            BlacklistHolder holder = new BlacklistHolder(blacklistFiles.stream().map(Path::of).toList());
            holder.reload(); // a holder is empty until its first load; unreadable files fail here
            lists = Optional.of(holder);
        }
        return new ProxyRules(TunnelConfig.defaults(), rules, lists, watch, portTable(), noticePolicy());
    }

    /** Limits of the signature engine and the packet flow tracker: defaults with these flow timeouts. */
    public DetectionConfig detectionConfig() {
        return DetectionConfig.defaults().toBuilder()
                .flowIdleTimeout(flowIdleTimeout)
                .flowActiveTimeout(flowActiveTimeout)
                .build();
    }

    /** The signature engine for packet flows: built-in signatures, {@link #detectionConfig()}. */
    public SignatureEngine signatureEngine() {
        return new SignatureEngine(SignatureRegistry.defaults(), detectionConfig());
    }

    /** Findings of classified packet flows (P2P clients, tunnels, watch-words in searches). */
    public ClassifiedFlowAlerts classifiedFlowAlerts() {
        return new ClassifiedFlowAlerts(internal(), watchList(), noticePolicy());
    }

    private WatchList watchList() {
        return watchListFile.isEmpty() ? WatchList.defaults() : WatchList.load(Path.of(watchListFile));
    }

    /** The HTTP-tunnel shape detector (windowed per subject and destination). */
    public TunnelDetector tunnelDetector() {
        return new TunnelDetector(TunnelConfig.defaults(), portTable(), noticePolicy());
    }

    /** The VOLUME_QUOTA detector with these quotas and tariff. */
    public VolumeDetector volumeDetector() {
        return new VolumeDetector(new VolumeConfig(hourQuotaBytes, dayQuotaBytes, VolumeConfig.DEFAULT_HOUR_BUCKET,
                VolumeConfig.DEFAULT_DAY_BUCKET, tariff()), noticePolicy());
    }

    /** The flow-window detector of one kind, configured by these settings. */
    @SuppressWarnings("unchecked")
    public FlowWindowDetector<Object> flowDetector(FlowWindows.Kind kind) {
        FlowWindowDetector<?> d = switch (kind) {
            case PORT_ACTIVITY -> portActivityDetector();
            case P2P_BEHAVIOUR -> new P2pBehaviourDetector(internal(), P2pBehaviourConfig.defaults(), noticePolicy());
            case INTERNAL_SCAN -> new InternalScanDetector(internal(), InternalScanConfig.defaults(), noticePolicy());
        };
        return (FlowWindowDetector<Object>) d;
    }

    /** The P2P port-activity detector configured by these settings. */
    public PortActivityDetector portActivityDetector() {
        PortActivityDetector.Config c = PortActivityDetector.Config.defaults().withWindow(window).withMinFlows(minPortFlows);
        return new PortActivityDetector(portTable(), internal(), c, noticePolicy());
    }
}
