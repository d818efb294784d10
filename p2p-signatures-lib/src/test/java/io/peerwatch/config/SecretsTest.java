package io.peerwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void passwordsJaasLinesAndKeyMaterialAreSecretsOtherSettingsAreNot() {
        assertThat(Secrets.isSecret("kafka.properties.sasl.jaas.config")).isTrue();
        assertThat(Secrets.isSecret("kafka.properties.ssl.keystore.password")).isTrue();
        assertThat(Secrets.isSecret("kafka.properties.ssl.key.password")).isTrue();
        assertThat(Secrets.isSecret("kafka.properties.ssl.truststore.password")).isTrue();
        assertThat(Secrets.isSecret("kafka.properties.ssl.keystore.key")).isTrue();
        assertThat(Secrets.isSecret("syslog.truststore-password")).isTrue();
        assertThat(Secrets.isSecret("kafka.properties.sasl.oauthbearer.client.credentials.client.secret")).isTrue();
        assertThat(Secrets.isSecret("kafka.properties.security.protocol")).isFalse();
        assertThat(Secrets.isSecret("kafka.properties.ssl.keystore.location")).isFalse();
        assertThat(Secrets.isSecret("kafka.bootstrap-servers")).isFalse();
    }

    @Test
    void scrubHidesTheSecretValuesOfTheSettingsInAMessage() {
        Map<String, String> settings = Map.of("ssl.keystore.password", "s3cr3t-value", "ssl.keystore.location", "/etc/ks.p12",
                "ssl.key.password", "abc");
        assertThat(Secrets.scrub("cannot open /etc/ks.p12 with s3cr3t-value", settings))
                .isEqualTo("cannot open /etc/ks.p12 with " + Secrets.HIDDEN);
        // too short to search for without hiding unrelated text
        assertThat(Secrets.scrub("abc", settings)).isEqualTo("abc");
    }

    @Test
    void settingsNeverPrintASecret() {
        ConfigMapKey<String> props = ConfigMapKey.of("kafka.properties", ValueType.STRING, "client properties", s -> s,
                java.util.List.of());
        KeyTable table = KeyTable.of(java.util.List.of(), java.util.List.of(props), java.util.List.of());
        Settings s = Settings.builder(table)
                .set("kafka.properties.sasl.jaas.config", "x required password=\"the-secret\";", Origin.flag("--set"), null)
                .set("kafka.properties.security.protocol", "SASL_SSL", Origin.flag("--set"), null).build();
        assertThat(s.toString()).doesNotContain("the-secret").contains("SASL_SSL");
        assertThat(s.shown(table)).containsEntry("kafka.properties.sasl.jaas.config", Secrets.HIDDEN)
                .containsEntry("kafka.properties.security.protocol", "\"SASL_SSL\"");
        assertThat(s.entries(props)).containsEntry("sasl.jaas.config", "x required password=\"the-secret\";");
    }
}
