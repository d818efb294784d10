package io.peerwatch.flow;

/** Receives each flow's final record when it leaves a {@link FlowTable}. */
@FunctionalInterface
public interface FlowListener {
    /** Called once per flow, on the thread driving the table. */
    void flowEnded(Flow flow);
}
