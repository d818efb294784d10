package io.peerwatch.detect;

/**
 * How a connection attempt ended, when the source knows (Zeek's {@code conn_state}); flow
 * records without it are judged from their TCP flags and packet counts instead.
 */
public enum ConnOutcome {
    /** Not known. */
    UNKNOWN,
    /** The responder answered (SF, S1, S2, S3, RSTO, RSTR). */
    ESTABLISHED,
    /** The responder refused: SYN answered by RST (REJ). */
    REJECTED,
    /** No answer to the initiator (S0, SH, RSTOS0). */
    UNANSWERED;

    /** True for {@link #REJECTED} and {@link #UNANSWERED}. */
    public boolean failed() {
        return this == REJECTED || this == UNANSWERED;
    }

    /** Maps a Zeek {@code conn_state} value; unknown or odd states (OTH, RSTRH, SHR) are UNKNOWN. */
    public static ConnOutcome ofZeekConnState(String state) {
        if (state == null) {
            return UNKNOWN;
        }
        return switch (state) {
            case "SF", "S1", "S2", "S3", "RSTO", "RSTR" -> ESTABLISHED;
            case "REJ" -> REJECTED;
            case "S0", "SH", "RSTOS0" -> UNANSWERED;
            default -> UNKNOWN;
        };
    }
}
