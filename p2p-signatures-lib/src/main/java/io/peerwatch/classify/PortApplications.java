package io.peerwatch.classify;

import io.peerwatch.signatures.Protocol;
import java.util.Locale;
import java.util.Map;

/**
 * Maps port-table application names ({@link io.peerwatch.ports.PortEntry#application()}) to
 * {@link Protocol}s: the aliases of the default table first (the paper says "KaZaA" for the
 * FastTrack network), then a match on the protocol's display or enum name, ignoring case,
 * dashes and underscores.
 */
final class PortApplications {
    private static final Map<String, Protocol> ALIASES = Map.of(
            "kazaa", Protocol.FASTTRACK,
            "bittorrenttracker", Protocol.BITTORRENT,
            "emule", Protocol.EDONKEY,
            "napster", Protocol.OPENNAP,
            "g2", Protocol.GNUTELLA2,
            "shareaza", Protocol.GNUTELLA2);

    private PortApplications() {
    }

    /** The protocol an application name stands for, or {@link Protocol#UNKNOWN}. */
    static Protocol protocolFor(String application) {
        String n = normalise(application);
        Protocol alias = ALIASES.get(n);
        if (alias != null) {
            return alias;
        }
        for (Protocol p : Protocol.values()) {
            if (p != Protocol.UNKNOWN && (normalise(p.displayName()).equals(n) || normalise(p.name()).equals(n))) {
                return p;
            }
        }
        return Protocol.UNKNOWN;
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
