package io.peerwatch.packet;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counters of a {@link FragmentReassembler}.
 *
 * @param fragments IP fragments offered (not counting atomic fragments, which are whole packets)
 * @param reassembled datagrams reassembled and handed on as one packet
 * @param duplicates exact duplicate fragments (same place, same bytes) ignored
 * @param fragmentsDropped fragments that were part of no reassembled datagram: those of dropped
 *     datagrams, those arriving for a datagram already dropped, and those still held at the end
 * @param dropped datagrams dropped, by reason
 */
public record FragmentStats(long fragments, long reassembled, long duplicates, long fragmentsDropped,
        Map<Drop, Long> dropped) {

    /** Why a datagram was dropped instead of reassembled. */
    public enum Drop {
        /** Two fragments overlap with different bytes or extents (RFC 5722 for IPv6; the same policy for IPv4). */
        OVERLAP,
        /** More fragments than {@link FragmentConfig#maxFragmentsPerDatagram()}. */
        TOO_MANY_FRAGMENTS,
        /** Data past {@link FragmentConfig#maxDatagramBytes()}. */
        TOO_LARGE,
        /** A fragment that is not the last with a length not a multiple of 8, or two different ends. */
        MALFORMED,
        /** A fragment the capture cut short of its length (snap length): the datagram cannot be whole. */
        TRUNCATED,
        /** Not complete within {@link FragmentConfig#timeout()}. */
        TIMEOUT,
        /** Dropped, oldest first, to stay within {@link FragmentConfig#maxDatagrams()} or {@link FragmentConfig#maxHeldBytes()}. */
        EVICTED,
        /** Still incomplete when the input ended. */
        INCOMPLETE_AT_END
    }

    public FragmentStats {
        dropped = Map.copyOf(dropped);
    }

    /** Datagrams dropped for any reason. */
    public long datagramsDropped() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * One line for summaries, e.g. {@code "12 IP fragments: 5 datagrams reassembled, 2 dropped
     * (overlap 1, timeout 1), 4 fragments unused"}; empty when there were no fragments.
     */
    public String text() {
        if (fragments == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%,d IP fragments: %,d datagrams reassembled",
                fragments, reassembled));
        long d = datagramsDropped();
        if (d > 0) {
            sb.append(String.format(Locale.ROOT, ", %,d dropped (", d));
            String sep = "";
            for (Map.Entry<Drop, Long> e : new EnumMap<>(dropped).entrySet()) {
                sb.append(sep).append(e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(' ')
                        .append(e.getValue());
                sep = ", ";
            }
            sb.append(')');
        }
        if (duplicates > 0) {
            sb.append(String.format(Locale.ROOT, ", %,d duplicates ignored", duplicates));
        }
        if (fragmentsDropped > 0) {
            sb.append(String.format(Locale.ROOT, ", %,d fragments unused", fragmentsDropped));
        }
        return sb.toString();
    }
}
