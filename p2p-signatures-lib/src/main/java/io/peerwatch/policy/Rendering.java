package io.peerwatch.policy;

import java.util.List;

/**
 * A policy written in one format.
 *
 * @param format the format
 * @param text the file's text
 * @param rules the rules in the order written (keys are unique)
 * @param notes what this format cannot express and therefore left out, one line each
 */
public record Rendering(PolicyFormat format, String text, List<RenderedRule> rules, List<String> notes) {

    public Rendering {
        rules = List.copyOf(rules);
        notes = List.copyOf(notes);
    }
}
