package io.peerwatch.volume;

import io.peerwatch.core.IpAddress;
import io.peerwatch.proxy.ProxyRecord;
import java.util.List;

/**
 * Who a volume is counted for: an authenticated proxy user, a proxy client address, or a host
 * as flow records see it. Every proxy request counts for its address; requests with a proxy user
 * count for the user too; flow records count for their internal hosts. Proxy addresses and flow
 * hosts are kept apart because the same bytes appear in both inputs when both are read.
 *
 */
public final class VolumeKey {

    private final Kind kind;
    private final String name;
    /**
     * The text form, made once: it is the job's key of every volume sample (Flink extracts a key
     * more than once per record) and its written form.
     */
    private final String text;

    /** What the key names. */
    public enum Kind {
        /** An authenticated proxy user ({@code user:NAME}). */
        USER,
        /** A proxy client address ({@code ip:ADDRESS}). */
        ADDRESS,
        /** An internal host of flow records ({@code host:ADDRESS}). */
        HOST;

        /** The prefix of a key's text form. */
        public String prefix() {
            return switch (this) {
                case USER -> "user:";
                case ADDRESS -> "ip:";
                case HOST -> "host:";
            };
        }

        /** The short label of tables: user, ip, host. */
        public String label() {
            return prefix().substring(0, prefix().length() - 1);
        }
    }

    /** The key of a flow host. */
    public static VolumeKey host(IpAddress a) {
        return new VolumeKey(Kind.HOST, a.toString());
    }

    /**
     * @param kind user, proxy client address or flow host
     * @param name the user name or the address in text form
     */
    public VolumeKey(Kind kind, String name) {
        this(kind, name, kind == null || name == null ? null : kind.prefix() + name);
    }

    private VolumeKey(Kind kind, String name, String text) {
        if (kind == null || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("volume key needs a kind and a name");
        }
        this.kind = kind;
        this.name = name;
        this.text = text;
    }

    /** {@return user, proxy client address or flow host} */
    public Kind kind() {
        return kind;
    }

    /** {@return the user name or the address in text form} */
    public String name() {
        return name;
    }

    /** The keys a proxy entry counts for: its address, and its user when authenticated. */
    public static List<VolumeKey> of(ProxyRecord e) {
        VolumeKey ip = new VolumeKey(Kind.ADDRESS, e.client().toString());
        return e.user().map(u -> List.of(ip, new VolumeKey(Kind.USER, u))).orElse(List.of(ip));
    }

    /** {@code user:alice}, {@code ip:198.18.1.40} or {@code host:10.0.0.7}: the Flink key and the suppression identifier. */
    public String text() {
        return text;
    }

    /**
     * The key of a {@link #text()} form.
     *
     * @throws IllegalArgumentException when the text has neither prefix
     */
    public static VolumeKey parse(String text) {
        for (Kind k : Kind.values()) {
            if (text.startsWith(k.prefix())) {
                return new VolumeKey(k, text.substring(k.prefix().length()), text);
            }
        }
        throw new IllegalArgumentException("not a volume key: '" + text + "' (expected user:NAME, ip:ADDRESS or host:ADDRESS)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VolumeKey k && k.kind == kind && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + name.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
