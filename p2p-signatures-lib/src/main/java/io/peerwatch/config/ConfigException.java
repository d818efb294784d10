package io.peerwatch.config;

/**
 * A configuration that cannot be used: an unknown key, a value of the wrong type or out of range,
 * a file that cannot be read. The message is one line, {@code ORIGIN: KEY: REASON}, e.g.
 * {@code peerwatch.yaml:12: detectors.port-activity.window: 'soon' is not a duration (examples:
 * 90s, 5m, 1h, PT1M)}.
 */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The key concerned, or {@code null} when the problem is not about one key. */
    private final String key;
    /** Where the offending text came from. */
    private final Origin origin;
    /** What is wrong, and what was expected. */
    private final String reason;

    /**
     * @param key the key concerned, or {@code null} when the problem is not about one key
     * @param origin where the offending text came from
     * @param reason what is wrong, and what was expected
     */
    public ConfigException(String key, Origin origin, String reason) {
        super(origin + ": " + (key == null ? "" : key + ": ") + reason);
        this.key = key;
        this.origin = origin;
        this.reason = reason;
    }

    /** {@return the key concerned, or {@code null}} */
    public String key() {
        return key;
    }

    /** {@return where the offending text came from} */
    public Origin origin() {
        return origin;
    }

    /** {@return what is wrong, without origin and key} */
    public String reason() {
        return reason;
    }
}
