package io.peerwatch.signatures;

/** What a signature says about a flow after one packet. */
public enum Verdict {
    /** The flow is this signature's protocol; the signature is not asked again. */
    MATCH,
    /** The flow is not this signature's protocol; the signature is not asked again. */
    NO_MATCH,
    /** Undecided: show me the next packet. Bounded by {@link DetectionConfig#maxPacketsPerFlow()}. */
    NEED_MORE
}
