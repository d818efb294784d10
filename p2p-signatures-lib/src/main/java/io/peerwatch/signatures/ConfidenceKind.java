package io.peerwatch.signatures;

/** What kind of evidence a classification rests on, strongest first. */
public enum ConfidenceKind {
    /** A payload signature matched protocol bytes. */
    PAYLOAD(0.95),
    /** Flow behaviour (sizes, entropy, timing) fits the protocol; no protocol bytes seen. */
    BEHAVIOUR(0.6),
    /** Only the port number points at the protocol. */
    PORT(0.3);

    private final double defaultConfidence;

    ConfidenceKind(double defaultConfidence) {
        this.defaultConfidence = defaultConfidence;
    }

    /** The confidence (0..1) reported for this kind unless a signature says otherwise. */
    public double defaultConfidence() {
        return defaultConfidence;
    }
}
