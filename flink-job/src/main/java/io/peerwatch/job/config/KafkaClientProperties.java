package io.peerwatch.job.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka client settings of {@code kafka.properties.*}, completed the one way every PeerWatch
 * Kafka client (the job's sources, sinks and admin client, the sensors' producers, the command
 * line's checks and alert readers) gets them: secrets are named with Kafka's own config-provider
 * references, {@code ${env:NAME}} (an environment variable) or {@code ${file:PATH:KEY}} (a key of a
 * properties file), resolved by the Kafka client itself in the process that connects, so no
 * secret is in the configuration file, on a command line, in a job graph or in a log.
 *
 * <p>When a value uses such a reference and {@value #PROVIDERS} is not set, Kafka's built-in
 * {@code EnvVarConfigProvider} and {@code FileConfigProvider} are registered under the aliases
 * {@code env} and {@code file}; a configuration that sets {@value #PROVIDERS} itself is left as it is.
 */
public final class KafkaClientProperties {

    /** Kafka's key listing the config providers' aliases. */
    public static final String PROVIDERS = "config.providers";
    /** Kafka's environment-variable provider, registered as {@code env}. */
    public static final String ENV_PROVIDER = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
    /** Kafka's properties-file provider, registered as {@code file}. */
    public static final String FILE_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";

    private KafkaClientProperties() {
    }

    /** {@code properties} with the {@code env} and {@code file} providers when a value refers to them. */
    public static Map<String, String> withProviders(Map<String, String> properties) {
        boolean refers = properties.values().stream().anyMatch(v -> v.contains("${env:") || v.contains("${file:"));
        if (!refers || properties.containsKey(PROVIDERS)) {
            return properties;
        }
        Map<String, String> out = new LinkedHashMap<>(properties);
        out.put(PROVIDERS, "env,file");
        out.put(PROVIDERS + ".env.class", ENV_PROVIDER);
        out.put(PROVIDERS + ".file.class", FILE_PROVIDER);
        return out;
    }
}
