package io.peerwatch.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A secured client listener for {@link LocalKafka#start(SaslSslListener)}: {@code SASL_SSL} with
 * SCRAM-SHA-512 and mutual TLS ({@code ssl.client.auth=required}), on 127.0.0.1 like every local
 * broker. SCRAM users are written into the metadata log when the storage is formatted (KRaft, as
 * {@code kafka-storage format --add-scram}); the broker talks to itself as {@link #ADMIN_USER}.
 * The KRaft controller listener stays plain text on 127.0.0.1: only this process's broker uses it.
 *
 * <pre>{@code
 * LocalTls tls = LocalTls.generate(dir);
 * SaslSslListener secured = SaslSslListener.of(tls, Map.of("peerwatch", "its-password"));
 * try (LocalKafka kafka = LocalKafka.start(secured)) {
 *     Map<String, String> client = secured.clientProperties("peerwatch", "its-password");
 * }
 * }</pre>
 *
 * @param tls certificates of the broker and the clients
 * @param users SCRAM-SHA-512 user names and passwords the broker accepts (besides its own)
 * @param adminPassword the password of {@link #ADMIN_USER}
 */
public record SaslSslListener(LocalTls tls, Map<String, String> users, String adminPassword) {

    /** The SASL mechanism of the listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The user the broker authenticates itself as (inter-broker traffic, its readiness check). */
    public static final String ADMIN_USER = "peerwatch-broker";
    /** System property of the broker JVM that names the file written by {@link #write}. */
    static final String FILE_PROPERTY = "peerwatch.kafka.secured";
    private static final String SERVER = "server.";
    private static final String CLIENT = "client.";
    private static final String SCRAM = "scram.";

    public SaslSslListener {
        users = Map.copyOf(users);
    }

    /** A listener accepting {@code users}; the broker's own password is the stores' random one. */
    public static SaslSslListener of(LocalTls tls, Map<String, String> users) {
        return new SaslSslListener(tls, users, tls.password());
    }

    /**
     * Client properties for {@code user} with a literal password, for tests and the local
     * broker's own checks: TLS trusting the test authority, the client certificate, SCRAM.
     * Deployments name secrets through Kafka's config providers instead (see docs/CONFIGURATION.md).
     */
    public Map<String, String> clientProperties(String user, String password) {
        Map<String, String> p = new LinkedHashMap<>(tlsClientProperties());
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaas(user, password));
        return p;
    }

    /** Trust store and client certificate, without SASL: what a client with only TLS settings sends. */
    public Map<String, String> tlsClientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ssl.truststore.location", tls.truststore().toString());
        p.put("ssl.truststore.password", tls.password());
        p.put("ssl.truststore.type", LocalTls.STORE_TYPE);
        p.put("ssl.keystore.location", tls.clientKeystore().toString());
        p.put("ssl.keystore.password", tls.password());
        p.put("ssl.key.password", tls.password());
        p.put("ssl.keystore.type", LocalTls.STORE_TYPE);
        return p;
    }

    /** The broker settings that replace the plain-text client listener. */
    Map<String, String> serverProperties(int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "SASL_SSL://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + brokerPort);
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN_USER, adminPassword));
        // On a SASL_SSL listener only the listener-prefixed form asks for client certificates (KIP-684).
        p.put("listener.name.sasl_ssl.ssl.client.auth", "required");
        p.put("ssl.keystore.location", tls.brokerKeystore().toString());
        p.put("ssl.keystore.password", tls.password());
        p.put("ssl.key.password", tls.password());
        p.put("ssl.keystore.type", LocalTls.STORE_TYPE);
        p.put("ssl.truststore.location", tls.truststore().toString());
        p.put("ssl.truststore.password", tls.password());
        p.put("ssl.truststore.type", LocalTls.STORE_TYPE);
        return p;
    }

    /** The storage-format arguments that create every SCRAM user, the broker's own included. */
    List<String> formatArguments() {
        Map<String, String> all = new LinkedHashMap<>(users);
        all.put(ADMIN_USER, adminPassword);
        List<String> args = new ArrayList<>();
        all.forEach((user, password) -> {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + user + ",password=" + password + "]");
        });
        return args;
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /**
     * Writes what the broker JVM needs into {@code file} (readable by its owner only: it holds
     * passwords): its settings for its ports, the SCRAM users and its client settings.
     */
    void write(Path file, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        serverProperties(brokerPort, controllerPort).forEach((k, v) -> p.setProperty(SERVER + k, v));
        clientProperties(ADMIN_USER, adminPassword).forEach((k, v) -> p.setProperty(CLIENT + k, v));
        List<String> scram = formatArguments();
        for (int i = 0; i < scram.size(); i++) {
            p.setProperty(SCRAM + i, scram.get(i));
        }
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "PeerWatch secured local broker");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** What the broker JVM reads back from the file {@link #write} wrote; empty when there is none. */
    record Overrides(Map<String, String> server, Map<String, String> client, List<String> formatArguments) {

        static final Overrides NONE = new Overrides(Map.of(), Map.of(), List.of());

        /** The overrides named by the system property {@value SaslSslListener#FILE_PROPERTY}, or none. */
        static Overrides fromSystemProperty() {
            String file = System.getProperty(FILE_PROPERTY);
            if (file == null || file.isEmpty()) {
                return NONE;
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            Map<String, String> server = new LinkedHashMap<>();
            Map<String, String> client = new LinkedHashMap<>();
            List<String> scram = new ArrayList<>();
            for (int i = 0; p.containsKey(SCRAM + i); i++) {
                scram.add(p.getProperty(SCRAM + i));
            }
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith(SERVER)) {
                    server.put(k.substring(SERVER.length()), p.getProperty(k));
                } else if (k.startsWith(CLIENT)) {
                    client.put(k.substring(CLIENT.length()), p.getProperty(k));
                }
            }
            return new Overrides(server, client, scram);
        }

        /** Replaces the plain listener settings of {@code serverProperties}. */
        void applyTo(Properties serverProperties) {
            server.forEach(serverProperties::setProperty);
        }
    }
}
