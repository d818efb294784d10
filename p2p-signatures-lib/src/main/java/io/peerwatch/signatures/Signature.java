package io.peerwatch.signatures;

import java.nio.ByteBuffer;

/**
 * A payload or behaviour signature for one protocol (nDPI's dissector, as a Java object).
 *
 * <p>Contract, enforced by review and by the JMH allocation benchmark:
 * <ul>
 *   <li>Implementations are stateless singletons; per-flow state lives in the caller-owned
 *       {@link FlowScratch} ({@link FlowScratch#get}/{@link FlowScratch#set} words reserved for
 *       this signature's {@link #id()}).</li>
 *   <li>{@link #inspect} reads the payload with absolute {@code get(i)}, {@code getShort(i)},
 *       {@code getInt(i)} where {@code 0 <= i < payload.limit()}; it never changes position or
 *       limit, never slices, copies or builds strings. The payload starts at index 0 and ends
 *       at {@code payload.limit()} (it may be truncated by the capture's snap length: check
 *       every offset).</li>
 *   <li>The engine only calls it for packets its {@link #selection()} accepts, stops calling it
 *       once it returned {@link Verdict#MATCH} or {@link Verdict#NO_MATCH}, and turns a long
 *       run of {@link Verdict#NEED_MORE} into "no match" at
 *       {@link DetectionConfig#maxPacketsPerFlow()}.</li>
 *   <li>{@link #describe} runs only on matched flows (the matching packet and a bounded number
 *       after it), so it may allocate to extract evidence.</li>
 * </ul>
 */
public interface Signature {

    /** This signature's identity: protocol and evidence kind. */
    SignatureId id();

    /** Which packets the engine passes in. */
    Selection selection();

    /**
     * Looks at one packet of a flow.
     *
     * @param payload the transport payload (for ICMP, the bytes after the 8-byte ICMP header),
     *     index 0 to {@code limit()}
     * @param dir the packet's direction relative to the flow's client
     * @param scratch per-flow state and read-only flow context (ports, packet counts)
     */
    Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch);

    /**
     * Extracts evidence (hashes, names, search strings) from a packet of a flow this signature
     * matched. Called with the matching packet, then with up to
     * {@link DetectionConfig#maxMetadataPackets()} later packets; a signature whose evidence is
     * complete calls {@link FlowScratch#endMetadata()} to end that window early. Default:
     * no evidence, and the window ends at once.
     */
    default void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        scratch.endMetadata();
    }

    /**
     * Reviews this signature's verdict once the flow (or a long flow's active-timeout segment)
     * has ended, with the payload bytes each side sent over it: a verdict resting on a cue that
     * benign applications share can stand only when the flow's behaviour confirms it, and
     * otherwise names what the flow is without it. Called once per ended flow this signature
     * decided; may allocate. Default: the verdict stands.
     *
     * @param verdict this signature's classification of the flow
     * @param clientPayloadBytes transport payload bytes the client sent over the flow
     * @param serverPayloadBytes transport payload bytes the server sent over the flow
     */
    default Classification atFlowEnd(Classification verdict, long clientPayloadBytes, long serverPayloadBytes) {
        return verdict;
    }
}
