package io.peerwatch.volume;

import io.peerwatch.proxy.ProxyRecord;
import java.util.List;

/**
 * Who a volume is counted for: an authenticated user or a client address. Every request
 * counts for its address; requests with a proxy user count for the user too.
 *
 * @param kind user or address
 * @param name the user name or the address in text form
 */
public record VolumeKey(Kind kind, String name) {

    /** What the key names. */
    public enum Kind { USER, ADDRESS }

    public VolumeKey {
        if (kind == null || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("volume key needs a kind and a name");
        }
    }

    /** The keys a proxy entry counts for: its address, and its user when authenticated. */
    public static List<VolumeKey> of(ProxyRecord e) {
        VolumeKey ip = new VolumeKey(Kind.ADDRESS, e.client().toString());
        return e.user().map(u -> List.of(ip, new VolumeKey(Kind.USER, u))).orElse(List.of(ip));
    }

    /** {@code user:alice} or {@code ip:198.18.1.40}: the Flink key and the suppression identifier. */
    public String text() {
        return (kind == Kind.USER ? "user:" : "ip:") + name;
    }

    /**
     * The key of a {@link #text()} form.
     *
     * @throws IllegalArgumentException when the text has neither prefix
     */
    public static VolumeKey parse(String text) {
        if (text.startsWith("user:")) {
            return new VolumeKey(Kind.USER, text.substring("user:".length()));
        }
        if (text.startsWith("ip:")) {
            return new VolumeKey(Kind.ADDRESS, text.substring("ip:".length()));
        }
        throw new IllegalArgumentException("not a volume key: '" + text + "' (expected user:NAME or ip:ADDRESS)");
    }

    @Override
    public String toString() {
        return text();
    }
}
