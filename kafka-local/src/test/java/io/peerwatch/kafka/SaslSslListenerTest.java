package io.peerwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker with a SASL_SSL (SCRAM-SHA-512, mutual TLS) listener and certificates made by the test. */
class SaslSslListenerTest {

    @TempDir
    Path tmp;

    @Test
    void acceptsTheRightUserAndRefusesAWrongPasswordOrAMissingClientCertificate() throws Exception {
        LocalTls tls = LocalTls.generate(tmp.resolve("tls"));
        SaslSslListener secured = SaslSslListener.of(tls, Map.of("alice", "alice-secret"));
        try (LocalKafka kafka = LocalKafka.start(secured)) {
            String props = Files.readString(kafka.dataDir().resolve("server.properties"));
            assertThat(props).contains("advertised.listeners=SASL_SSL\\://127.0.0.1\\:").contains("listener.name.sasl_ssl.ssl.client.auth=required")
                    .doesNotContain("PLAINTEXT\\://127.0.0.1\\:" + kafka.bootstrapServers().split(":")[1]);
            kafka.createTopics(List.of("secured"), 1);

            assertThat(topics(kafka, secured.clientProperties("alice", "alice-secret"))).contains("secured");
            assertThatThrownBy(() -> topics(kafka, secured.clientProperties("alice", "wrong")))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
            Map<String, String> noCertificate = new HashMap<>(secured.clientProperties("alice", "alice-secret"));
            noCertificate.keySet().removeIf(k -> k.startsWith("ssl.key"));
            assertThatThrownBy(() -> topics(kafka, noCertificate)).hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    private static java.util.Set<String> topics(LocalKafka kafka, Map<String, String> client) throws Exception {
        Map<String, Object> conf = new HashMap<>(client);
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        try (Admin admin = Admin.create(conf)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
