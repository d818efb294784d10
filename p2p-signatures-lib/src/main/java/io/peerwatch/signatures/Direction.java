package io.peerwatch.signatures;

/** Direction of a packet relative to the flow's orientation (client = initiator). */
public enum Direction {
    CLIENT_TO_SERVER,
    SERVER_TO_CLIENT;

    /** The other direction. */
    public Direction reverse() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }
}
