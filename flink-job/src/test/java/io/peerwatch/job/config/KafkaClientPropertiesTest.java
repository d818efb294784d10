package io.peerwatch.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.job.JobConfig;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    @Test
    void envAndFileProvidersAreRegisteredOnlyWhenAValueRefersToThem() {
        assertThat(KafkaClientProperties.withProviders(Map.of("security.protocol", "SASL_SSL")))
                .isEqualTo(Map.of("security.protocol", "SASL_SSL"));
        Map<String, String> p = KafkaClientProperties.withProviders(Map.of("ssl.key.password", "${env:X}"));
        assertThat(p).containsEntry("config.providers", "env,file")
                .containsEntry("config.providers.env.class", KafkaClientProperties.ENV_PROVIDER)
                .containsEntry("config.providers.file.class", KafkaClientProperties.FILE_PROVIDER);
        Map<String, String> own = Map.of("config.providers", "vault", "ssl.key.password", "${vault:a:b}");
        assertThat(KafkaClientProperties.withProviders(own)).isEqualTo(own);
    }

    @Test
    void kafkaResolvesTheReferencesTheConfigurationNames(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path secrets = java.nio.file.Files.writeString(dir.resolve("s.properties"), "pw=from-the-file\n");
        JobConfig cfg = JobConfig.of(io.peerwatch.config.Settings.builder(JobKeys.ALL)
                .assignment("kafka.bootstrap-servers=127.0.0.1:9", null)
                .assignment("kafka.properties.ssl.key.password=${file:" + secrets + ":pw}", null)
                .assignment("kafka.properties.client.id=${env:PATH}", null).build());
        Map<String, String> client = cfg.kafkaClientProperties();
        assertThat(client).containsEntry(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9")
                .containsEntry("ssl.key.password", "${file:" + secrets + ":pw}");
        // What a Kafka client does with them: AbstractConfig resolves the references with the providers.
        ConfigDef def = new ConfigDef().define("ssl.key.password", ConfigDef.Type.PASSWORD, ConfigDef.Importance.HIGH, "")
                .define("client.id", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "");
        AbstractConfig resolved = new AbstractConfig(def, client);
        assertThat(resolved.getPassword("ssl.key.password").value()).isEqualTo("from-the-file");
        assertThat(resolved.getString("client.id")).isEqualTo(System.getenv("PATH"));
    }
}
