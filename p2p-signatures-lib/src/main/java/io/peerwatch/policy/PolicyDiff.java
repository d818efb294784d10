package io.peerwatch.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between an earlier export and a new one, as rule sets: rules are compared by
 * their text without comments, so a reordered or re-commented file (a blacklist line moved, a
 * newer alert for the same host) shows no change, and a rule added or removed shows exactly
 * once.
 *
 * @param added rules in the new export only, with their reasons, sorted by key
 * @param removed rules in the earlier export only, with their old reasons, sorted by key
 * @param unchanged rules in both
 */
public record PolicyDiff(List<RenderedRule> added, List<RenderedRule> removed, int unchanged) {

    public PolicyDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /** Compares an earlier export's rules ({@link PolicyFormat#readRules}) with a new rendering. */
    public static PolicyDiff between(Map<String, String> previous, Rendering current) {
        List<RenderedRule> added = new ArrayList<>();
        Set<String> now = new HashSet<>();
        int same = 0;
        for (RenderedRule r : current.rules()) {
            now.add(r.key());
            if (previous.containsKey(r.key())) {
                same++;
            } else {
                added.add(r);
            }
        }
        List<RenderedRule> removed = new ArrayList<>();
        previous.forEach((k, reason) -> {
            if (!now.contains(k)) {
                removed.add(new RenderedRule(k, reason));
            }
        });
        added.sort(Comparator.comparing(RenderedRule::key));
        removed.sort(Comparator.comparing(RenderedRule::key));
        return new PolicyDiff(added, removed, same);
    }

    /** Rules of an earlier file were edited by someone: control and non-ASCII characters show as '?'. */
    private static String visible(String s) {
        return s.chars().map(c -> c < 0x20 || c > 0x7e ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** True when nothing was added or removed. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }

    /** {@code + rule  # reason} and {@code - rule  # reason} lines, then a count line. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (RenderedRule r : removed) {
            sb.append("- ").append(visible(r.key())).append(r.reason().isEmpty() ? "" : "    # " + visible(r.reason())).append('\n');
        }
        for (RenderedRule r : added) {
            sb.append("+ ").append(visible(r.key())).append(r.reason().isEmpty() ? "" : "    # " + visible(r.reason())).append('\n');
        }
        sb.append(added.size()).append(" added, ").append(removed.size()).append(" removed, ").append(unchanged)
                .append(" unchanged\n");
        return sb.toString();
    }
}
