package io.peerwatch.cli;

import io.peerwatch.core.SourceLineException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The reason of a failure as the user needs it: Flink reports a task's failure several layers
 * deep ("Failed to fetch next result", "Job execution failed", the restart strategy), so the
 * deepest cause, which names the file, line or offset and the reason, is the one to print.
 */
final class Causes {

    private static final String PACKAGE = "io.peerwatch.";

    private Causes() {
    }

    /** One line: the deepest cause's message, and for a failure without one, its type and place. */
    static String describe(Throwable t) {
        Throwable root = root(t);
        String m = root.getMessage();
        if (m != null && !m.isBlank()) {
            // An outer message that already quotes the reason adds context ("cannot submit: ..."): keep it.
            for (Throwable o = t; o != root; o = o.getCause()) {
                if (o.getMessage() != null && o.getMessage().contains(m)) {
                    return AlertLine.clean(o.getMessage());
                }
            }
        }
        if (root instanceof SourceLineException || (root instanceof java.io.IOException && m != null && !m.isBlank())) {
            return AlertLine.clean(m);
        }
        String what = m == null || m.isBlank() ? root.getClass().getSimpleName()
                : m + " (" + root.getClass().getSimpleName() + ")";
        for (StackTraceElement e : root.getStackTrace()) {
            if (e.getClassName().startsWith(PACKAGE)) {
                return AlertLine.clean(what + " at " + e);
            }
        }
        return AlertLine.clean(what);
    }

    /** The deepest cause (cycles are cut). */
    static Throwable root(Throwable t) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable r = t;
        while (r.getCause() != null && seen.put(r, Boolean.TRUE) == null) {
            r = r.getCause();
        }
        return r;
    }
}
