package io.peerwatch.config;

import java.util.Locale;
import java.util.Map;

/**
 * Which configuration values are secrets, and how they are shown: wherever PeerWatch prints a
 * configuration (the {@code config show} listing, {@link Settings#toString()}, error messages),
 * a secret's value is replaced by {@value #HIDDEN}, as Kafka's own clients log passwords.
 *
 * <p>Secrets are keys that name a password, a JAAS login (SASL user and password), private key
 * material or another credential: {@code sasl.jaas.config}, {@code ssl.keystore.password},
 * {@code ssl.key.password}, {@code ssl.truststore.password}, {@code ssl.keystore.key},
 * {@code syslog.truststore-password}, OAuth client secrets. Judged by the key, never by the value,
 * so a secret written in plain text is hidden too (deployments should still name it through
 * Kafka's config providers, {@code ${env:NAME}} or {@code ${file:PATH:KEY}}).
 */
public final class Secrets {

    /** What a secret's value is shown as. */
    public static final String HIDDEN = "[hidden]";
    /** Secret values shorter than this are not searched for in messages: too likely to match by chance. */
    public static final int MIN_SCRUBBED_LENGTH = 4;

    private Secrets() {
    }

    /**
     * {@return true when the value of {@code key} is a secret}
     *
     * @param key a configuration key
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.endsWith("ssl.keystore.key")
                || k.endsWith("ssl.keystore.certificate.chain") || k.contains("credentials") || k.endsWith("user.info")
                || k.endsWith("token");
    }

    /**
     * {@return {@value #HIDDEN} for a secret key's value, else the value itself}
     *
     * @param key a configuration key
     * @param value its value; may be null
     */
    public static Object shown(String key, Object value) {
        return value != null && isSecret(key) ? HIDDEN : value;
    }

    /**
     * {@code message} with every value of a secret key of {@code settings} replaced by
     * {@value #HIDDEN}: for messages that quote text from elsewhere (a client library's exception).
     *
     * @param message the message, or null
     * @param settings the settings whose secret values are hidden, by key
     * @return the message with secret values hidden; null when {@code message} is null
     */
    public static String scrub(String message, Map<String, ?> settings) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (Map.Entry<String, ?> e : settings.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue().toString();
            if (isSecret(e.getKey()) && v.length() >= MIN_SCRUBBED_LENGTH) {
                out = out.replace(v, HIDDEN);
            }
        }
        return out;
    }
}
