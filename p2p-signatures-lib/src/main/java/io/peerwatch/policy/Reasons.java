package io.peerwatch.policy;

import java.util.List;
import java.util.TreeSet;

/** Reason lists of rules: sorted, without duplicates, summarised for a one-line comment. */
final class Reasons {

    private Reasons() {
    }

    /** A sorted copy without duplicates; at least one reason. */
    static List<Reason> sorted(List<Reason> reasons) {
        if (reasons == null || reasons.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one reason");
        }
        if (reasons.size() == 1) {
            return List.of(reasons.get(0));
        }
        return List.copyOf(new TreeSet<>(reasons));
    }

    /** The first reason, and how many more there are: {@code "blacklist hosts.txt:3 (+2 more)"}. */
    static String summary(List<Reason> reasons) {
        String first = reasons.get(0).toString();
        return reasons.size() == 1 ? first : first + " (+" + (reasons.size() - 1) + " more)";
    }
}
