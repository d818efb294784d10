package io.peerwatch.netflow;

import io.peerwatch.core.FlowRecord;

/**
 * Receives what {@link FlowDecoder} decodes. Called on the decoding thread, synchronously, in
 * datagram order; flows of data sets that waited for their template arrive during the call that
 * delivered the template.
 */
public interface DecodeListener {

    /** One decoded flow record, counters already multiplied by its sampling rate. */
    void onFlow(FlowRecord flow);

    /** One decoding problem; the decoder carries on with the rest. The default ignores it. */
    default void onError(DecodeError error) {
    }
}
