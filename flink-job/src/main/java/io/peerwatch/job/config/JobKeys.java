package io.peerwatch.job.config;

import static io.peerwatch.config.ValueType.BOOLEAN;
import static io.peerwatch.config.ValueType.DURATION;
import static io.peerwatch.config.ValueType.INT;
import static io.peerwatch.config.ValueType.PATH;
import static io.peerwatch.config.ValueType.STRING;

import io.peerwatch.config.ConfigKey;
import io.peerwatch.config.ConfigMapKey;
import io.peerwatch.config.Flag;
import io.peerwatch.config.KeyTable;
import io.peerwatch.config.LibraryConfig;
import io.peerwatch.config.ValueType;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.syslog.SyslogConfig;
import io.peerwatch.schemas.Topics;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The job's own keys (Kafka, topics, checkpoints, parallelism, watermarks) and their flags; with
 * {@link LibraryConfig#KEYS} they make {@link #ALL}, the one table {@code peerwatch run},
 * {@code demo}, {@code analyze} and the job jar read files and flags with.
 */
public final class JobKeys {

    private JobKeys() {
    }

    public static final ConfigKey<String> BOOTSTRAP = ConfigKey.of("kafka.bootstrap-servers", STRING, "",
            "Kafka bootstrap servers, host:port[,host:port...] (required by run and the job jar)");
    public static final ConfigKey<String> GROUP_ID = ConfigKey.of("kafka.group-id", STRING, JobConfig.DEFAULT_GROUP_ID,
            "Consumer group of the job's Kafka sources");
    public static final ConfigKey<String> TRANSACTIONAL_ID_PREFIX = ConfigKey.of("kafka.transactional-id-prefix", STRING,
            JobConfig.DEFAULT_TRANSACTIONAL_ID_PREFIX, "Prefix of the exactly-once sinks' transactional ids; unique per job");
    public static final ConfigKey<Duration> TRANSACTION_TIMEOUT = ConfigKey.of("kafka.transaction-timeout", DURATION,
            JobConfig.DEFAULT_TRANSACTION_TIMEOUT, "Kafka transaction timeout of the sinks (at most the broker's transaction.max.timeout.ms)");
    /** Free-form Kafka client properties for every source, sink and admin client (security.protocol, sasl.*, ssl.*). */
    public static final ConfigMapKey<String> KAFKA_PROPERTIES = ConfigMapKey.of("kafka.properties", STRING,
            "Kafka client properties of every consumer, producer and admin client (job, sensors, command line), e.g. for a "
                    + "secured cluster; name secrets with ${env:NAME} or ${file:PATH:KEY} (Kafka's config providers), never in the file",
            suffix -> suffix, List.of("security.protocol: SASL_SSL", "sasl.mechanism: SCRAM-SHA-512",
                    "sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required username=\"peerwatch\" "
                            + "password=\"${env:PEERWATCH_KAFKA_PASSWORD}\";'",
                    "ssl.truststore.location: /etc/peerwatch/kafka-truststore.p12",
                    "ssl.keystore.location: /etc/peerwatch/kafka-client.p12",
                    "ssl.keystore.password: ${file:/etc/peerwatch/kafka-secrets.properties:keystore.password}"));

    public static final ConfigKey<String> FLOWS_TOPIC = ConfigKey.of("topics.flows", STRING, Topics.FLOWS,
            "Topic of FlowRecord values (input)");
    public static final ConfigKey<String> PACKETS_TOPIC = ConfigKey.of("topics.packets", STRING, Topics.PACKETS,
            "Topic of PacketEvent values (input)");
    public static final ConfigKey<String> PROXY_TOPIC = ConfigKey.of("topics.proxy", STRING, Topics.PROXY,
            "Topic of ProxyRecord values (input)");
    public static final ConfigKey<String> ALERTS_TOPIC = ConfigKey.of("topics.alerts", STRING, Topics.ALERTS,
            "Topic of Avro alerts (output)");
    public static final ConfigKey<String> ALERTS_JSON_TOPIC = ConfigKey.of("topics.alerts-json", STRING, Topics.ALERTS_JSON,
            "Topic of ECS JSON alerts (output)");
    public static final ConfigKey<String> ALERTS_CEF_TOPIC = ConfigKey.of("topics.alerts-cef", STRING, Topics.ALERTS_CEF,
            "Topic of ArcSight CEF alerts, one CEF line per record (output); empty: no CEF topic");
    public static final ConfigKey<String> DEADLETTER_TOPIC = ConfigKey.of("topics.deadletter", STRING, Topics.DEADLETTER,
            "Topic of dead letters: undecodable input with reason and source offset (output)");
    public static final ConfigKey<Boolean> CREATE_TOPICS = ConfigKey.of("topics.create", BOOLEAN, JobConfig.DEFAULT_CREATE_TOPICS,
            "Create missing topics before the job starts (log-append time stamps)");
    public static final ConfigKey<Integer> PARTITIONS = ConfigKey.of("topics.partitions", INT, JobConfig.DEFAULT_PARTITIONS,
            "Partitions of the input topics created by topics.create (outputs get one)");

    public static final ConfigKey<String> SYSLOG_HOST = ConfigKey.of("syslog.host", STRING, "",
            "Syslog receiver of CEF alerts (RFC 5424 messages over TCP, octet-counting framing of RFC 6587); empty: none");
    public static final ConfigKey<Integer> SYSLOG_PORT = ConfigKey.of("syslog.port", INT, SyslogConfig.DEFAULT_PORT,
            "Port of syslog.host (6514 is the registered syslog-over-TLS port)");
    public static final ConfigKey<Boolean> SYSLOG_TLS = ConfigKey.of("syslog.tls", BOOLEAN, false,
            "Send syslog over TLS (RFC 5425); the receiver's certificate is checked against syslog.truststore");
    public static final ConfigKey<String> SYSLOG_TRUSTSTORE = ConfigKey.of("syslog.truststore", PATH, "",
            "PKCS12 trust store with the syslog receiver's CA or certificate; empty: the JVM's default trust store");
    public static final ConfigKey<String> SYSLOG_TRUSTSTORE_PASSWORD = ConfigKey.of("syslog.truststore-password", STRING, "",
            "Password of syslog.truststore");
    public static final ConfigKey<Integer> SYSLOG_FACILITY = ConfigKey.of("syslog.facility", INT, SyslogConfig.DEFAULT_FACILITY,
            "Syslog facility number of the messages, 0-23 (RFC 5424 6.2.1; 16 is local0)");
    public static final ConfigKey<String> SYSLOG_APP_NAME = ConfigKey.of("syslog.app-name", STRING, SyslogConfig.DEFAULT_APP_NAME,
            "APP-NAME of the syslog messages");
    public static final ConfigKey<String> SYSLOG_HOSTNAME = ConfigKey.of("syslog.hostname", STRING, "",
            "HOSTNAME of the syslog messages; empty: this machine's name");

    public static final ConfigKey<Duration> CHECKPOINT_INTERVAL = ConfigKey.of("job.checkpoint-interval", DURATION,
            JobConfig.DEFAULT_CHECKPOINT_INTERVAL, "Checkpoint interval; alerts become visible to read_committed readers at each checkpoint");
    public static final ConfigKey<Integer> PARALLELISM = ConfigKey.of("job.parallelism", INT, JobConfig.DEFAULT_PARALLELISM,
            "Parallelism of the job's operators");
    public static final ConfigKey<Set<JobConfig.Input>> INPUTS = ConfigKey.of("job.inputs", ValueType.enumSetOf(JobConfig.Input.class),
            Collections.unmodifiableSet(EnumSet.allOf(JobConfig.Input.class)),
            "Input topics to read (flows, proxy, packets); an input without records does not hold the others back");
    public static final ConfigKey<Duration> OUT_OF_ORDERNESS = ConfigKey.of("job.out-of-orderness", DURATION,
            JobConfig.DEFAULT_OUT_OF_ORDERNESS, "How late (event time) a record may arrive and still count in its window");
    public static final ConfigKey<Duration> IDLENESS = ConfigKey.of("job.idleness", DURATION, JobConfig.DEFAULT_IDLENESS,
            "A source partition silent this long stops holding back event time, and its own event time then moves on with the wall clock, so the windows of its last records close");

    /** The job's keys and flags. */
    public static final KeyTable JOB = KeyTable.of(
            List.of(BOOTSTRAP, GROUP_ID, TRANSACTIONAL_ID_PREFIX, TRANSACTION_TIMEOUT, FLOWS_TOPIC, PACKETS_TOPIC, PROXY_TOPIC,
                    ALERTS_TOPIC, ALERTS_JSON_TOPIC, ALERTS_CEF_TOPIC, DEADLETTER_TOPIC, CREATE_TOPICS, PARTITIONS,
                    SYSLOG_HOST, SYSLOG_PORT, SYSLOG_TLS, SYSLOG_TRUSTSTORE, SYSLOG_TRUSTSTORE_PASSWORD, SYSLOG_FACILITY,
                    SYSLOG_APP_NAME, SYSLOG_HOSTNAME, CHECKPOINT_INTERVAL, PARALLELISM,
                    INPUTS, OUT_OF_ORDERNESS, IDLENESS),
            List.of(KAFKA_PROPERTIES),
            List.of(
                    Flag.alias("--bootstrap", BOOTSTRAP, Flag.Kind.VALUE, Flag.Scope.KAFKA, "HOST:PORT[,...]", false),
                    Flag.alias("--group-id", GROUP_ID, Flag.Kind.VALUE, Flag.Scope.KAFKA, "ID", false),
                    Flag.alias("--transactional-id-prefix", TRANSACTIONAL_ID_PREFIX, Flag.Kind.VALUE, Flag.Scope.KAFKA, "PREFIX", false),
                    Flag.alias("--create-topics", CREATE_TOPICS, Flag.Kind.NEGATABLE, Flag.Scope.KAFKA, null, false),
                    Flag.alias("--partitions", PARTITIONS, Flag.Kind.VALUE, Flag.Scope.KAFKA, "N", false),
                    Flag.alias("--checkpoint-interval", CHECKPOINT_INTERVAL, Flag.Kind.VALUE, Flag.Scope.KAFKA, "DURATION", false),
                    Flag.alias("--inputs", INPUTS, Flag.Kind.VALUE, Flag.Scope.KAFKA, "INPUT[,INPUT...]", false),
                    Flag.alias("--parallelism", PARALLELISM, Flag.Kind.VALUE, Flag.Scope.ALL, "N", false),
                    Flag.alias("--out-of-orderness", OUT_OF_ORDERNESS, Flag.Kind.VALUE, Flag.Scope.STREAMING, "DURATION", false),
                    Flag.alias("--idleness", IDLENESS, Flag.Kind.VALUE, Flag.Scope.STREAMING, "DURATION", false),
                    Flag.alias("--flows-topic", FLOWS_TOPIC, Flag.Kind.VALUE, Flag.Scope.KAFKA, "TOPIC", false),
                    Flag.alias("--packets-topic", PACKETS_TOPIC, Flag.Kind.VALUE, Flag.Scope.KAFKA, "TOPIC", false),
                    Flag.alias("--proxy-topic", PROXY_TOPIC, Flag.Kind.VALUE, Flag.Scope.KAFKA, "TOPIC", false),
                    Flag.alias("--alerts-topic", ALERTS_TOPIC, Flag.Kind.VALUE, Flag.Scope.KAFKA, "TOPIC", false),
                    Flag.alias("--alerts-json-topic", ALERTS_JSON_TOPIC, Flag.Kind.VALUE, Flag.Scope.KAFKA, "TOPIC", false),
                    Flag.alias("--alerts-cef-topic", ALERTS_CEF_TOPIC, Flag.Kind.VALUE, Flag.Scope.KAFKA, "TOPIC", false),
                    Flag.alias("--syslog", SYSLOG_HOST, Flag.Kind.VALUE, Flag.Scope.KAFKA, "HOST", false),
                    Flag.alias("--deadletter-topic", DEADLETTER_TOPIC, Flag.Kind.VALUE, Flag.Scope.KAFKA, "TOPIC", false)));

    /** Every key of the job and the library, in the order of the reference file. */
    public static final KeyTable ALL = JOB.plus(LibraryConfig.KEYS);

    /** The reference file {@code peerwatch config defaults} prints. */
    public static String referenceYaml() {
        return ALL.referenceYaml("""
                PeerWatch configuration: every key with its default and what it does.
                Use it with --config FILE on peerwatch run, demo, analyze and the job jar; flags override the file
                (precedence: defaults < file < flags; --set KEY=VALUE sets any key). Relative paths resolve
                against this file's folder. Durations: 90s, 5m, 1h, 1d or ISO PT1M; sizes: 70MB, 1GB, 64KiB.
                Delete what you do not change: a key left out keeps its default.""");
    }
}
